package dev.assetkit.driver.gcs;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverContract;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The driver contract against the in-process fake GCS server (or the emulator of {@code
 * STORAGE_EMULATOR_HOST}), one fresh bucket per test.
 */
class GcsDriverContractTest extends StorageDriverContract {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Override
  protected StorageDriver newDriver() {
    GcsTestServer server = GcsTestServer.get();
    return open(server.config(server.newBucket(), TIMEOUT, 8, DriverConfig.DEFAULT_PART_SIZE));
  }

  @Override
  protected Optional<StorageDriver> driverWithBadCredentials() {
    // An emulator takes any credentials; the fake can refuse them on demand, as GCS does.
    GcsTestServer server = GcsTestServer.get();
    return server
        .fake()
        .map(
            fake -> {
              String bucket = server.newBucket();
              fake.faults().failAlways(bucket, 401, "authError", "Invalid Credentials");
              return open(server.config(bucket, TIMEOUT, 8, DriverConfig.DEFAULT_PART_SIZE));
            });
  }

  @Override
  protected Optional<StorageDriver> driverOnMissingBucket() {
    GcsTestServer server = GcsTestServer.get();
    return Optional.of(
        open(
            server.config(
                "missing-" + UUID.randomUUID(), TIMEOUT, 8, DriverConfig.DEFAULT_PART_SIZE)));
  }

  @Override
  protected Optional<StorageDriver> driverOnUnreachableServer() throws Exception {
    return Optional.of(
        open(
            new DriverConfig(
                "any-bucket",
                Map.of(GcsSettings.EMULATOR_HOST, "127.0.0.1:" + GcsTestServer.closedPort()),
                Duration.ofSeconds(5),
                8,
                DriverConfig.DEFAULT_PART_SIZE)));
  }

  private static StorageDriver open(DriverConfig config) {
    return new GcsStorageDriverProvider().create(config);
  }

  @Override
  protected boolean refusesOversizedReadsUnread() {
    return true;
  }
}
