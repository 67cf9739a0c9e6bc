package dev.assetkit.testing;

import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverContract;

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
}
