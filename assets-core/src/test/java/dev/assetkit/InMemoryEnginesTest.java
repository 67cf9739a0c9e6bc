package dev.assetkit;

import dev.assetkit.spi.StorageDriver;
import dev.assetkit.testing.AssetsEngineContract;
import dev.assetkit.testing.InMemoryStorageDriver;

/** The engines end to end on the in-memory driver: the fastest run of the whole suite. */
class InMemoryEnginesTest extends AssetsEngineContract {
  @Override
  protected StorageDriver newDriver() {
    return new InMemoryStorageDriver();
  }

  @Override
  protected long largeFileSize() {
    return 16L << 20; // the in-memory driver holds objects on the test heap
  }
}
