package dev.assetkit.internal.store;

import dev.assetkit.AssetsSettings;
import dev.assetkit.internal.retry.RetryPolicy;
import dev.assetkit.internal.retry.RetryingStorageDriver;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverRegistry;
import java.util.Optional;

/** Opens the configured store: the provider's driver, wrapped in the retry policy. */
public final class StoreConnector {
  private StoreConnector() {}

  /** The configured store, or empty when no provider is set. */
  public static Optional<RemoteStore> open(
      AssetsSettings settings, StorageDriverRegistry registry, Optional<StorageDriver> explicit) {
    Optional<StorageDriver> driver =
        explicit.isPresent()
            ? explicit
            : settings
                .storageProvider()
                .map(
                    id ->
                        registry.open(
                            id,
                            new DriverConfig(
                                settings.bucket().orElseThrow(),
                                settings.environment(),
                                settings.storageTimeout(),
                                settings.transferParallelism(),
                                settings.partSize())));
    return driver.map(
        d ->
            new RemoteStore(
                new RetryingStorageDriver(d, RetryPolicy.withDeadline(settings.storageTimeout())),
                settings.prefix(),
                settings.versioning()));
  }
}
