package dev.assetkit.driver.gcs;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.testing.AssetsEngineContract;
import java.time.Duration;

/** The engines end to end on the GCS driver and the fake GCS server, a fresh bucket per test. */
class GcsEnginesTest extends AssetsEngineContract {
  @Override
  protected StorageDriver newDriver() {
    GcsTestServer server = GcsTestServer.get();
    return new GcsStorageDriverProvider()
        .create(
            server.config(
                server.newBucket(),
                Duration.ofSeconds(120),
                DriverConfig.DEFAULT_PARALLELISM,
                DriverConfig.DEFAULT_PART_SIZE));
  }
}
