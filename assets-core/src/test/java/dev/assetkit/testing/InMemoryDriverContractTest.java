package dev.assetkit.testing;

import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverContract;
import org.junit.jupiter.api.Nested;

/** The in-memory test driver keeps the contract too, so engine tests on it mean something. */
class InMemoryDriverContractTest extends StorageDriverContract {
  @Override
  protected StorageDriver newDriver() {
    return new InMemoryStorageDriver();
  }

  @Override
  protected long largeObjectSize() {
    return 16L << 20;
  }

  /** The variant that stages writes, which the engine tests also use. */
  @Nested
  class WithStagedWrites extends StorageDriverContract {
    @Override
    protected StorageDriver newDriver() {
      return InMemoryStorageDriver.withStagedWrites();
    }

    @Override
    protected long largeObjectSize() {
      return 16L << 20;
    }
  }

  /** The variant that stages uploads, as the S3 driver does. */
  @Nested
  class WithStagedUploads extends StorageDriverContract {
    @Override
    protected StorageDriver newDriver() {
      return InMemoryStorageDriver.withStagedUploads(1 << 20);
    }

    @Override
    protected long largeObjectSize() {
      return 16L << 20;
    }
  }
}
