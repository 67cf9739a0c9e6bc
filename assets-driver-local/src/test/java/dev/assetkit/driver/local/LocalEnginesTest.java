package dev.assetkit.driver.local;

import dev.assetkit.spi.StorageDriver;
import dev.assetkit.testing.AssetsEngineContract;
import java.nio.file.Files;

/** The engines end to end on a real folder store. */
class LocalEnginesTest extends AssetsEngineContract {
  @Override
  protected StorageDriver newDriver() throws Exception {
    return LocalStorageDriverProvider.open(Files.createDirectories(tmp.resolve("bucket")));
  }
}
