package dev.assetkit;

import dev.assetkit.spi.StorageDriver;
import dev.assetkit.testing.AssetsEngineContract;
import dev.assetkit.testing.InMemoryStorageDriver;
import org.junit.jupiter.api.Nested;

/**
 * The engines end to end on the in-memory driver: the fastest run of the whole suite, with and
 * without staged writes (the two publish paths).
 */
class InMemoryEnginesTest extends AssetsEngineContract {
  @Override
  protected StorageDriver newDriver() {
    return new InMemoryStorageDriver();
  }

  @Override
  protected long largeFileSize() {
    return 16L << 20; // the in-memory driver holds objects on the test heap
  }

  /** Pushes stage their data before the claim and commit it after, as on the local driver. */
  @Nested
  class WithStagedWrites extends AssetsEngineContract {
    @Override
    protected StorageDriver newDriver() {
      return InMemoryStorageDriver.withStagedWrites();
    }

    @Override
    protected long largeFileSize() {
      return 16L << 20;
    }
  }
}
