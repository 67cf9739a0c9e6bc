package dev.assetkit.driver.gcs;

import com.google.cloud.storage.Storage;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverProvider;

/**
 * Provider id {@code gcs}: Google Cloud Storage, through the official Java client over HTTP.
 *
 * <p>Reads from the driver environment: {@code GOOGLE_APPLICATION_CREDENTIALS} (a key file; else
 * the application-default credentials), {@code GOOGLE_CLOUD_PROJECT} or {@code GCLOUD_PROJECT}
 * (rarely needed: object operations need no project), and {@code STORAGE_EMULATOR_HOST} ({@code
 * host:port} or {@code http://host:port} of an emulator, used without credentials). {@code
 * ASSETS_STORAGE_BUCKET} is the bucket's name.
 */
public final class GcsStorageDriverProvider implements StorageDriverProvider {

  /** Creates the provider; found through {@link java.util.ServiceLoader}. */
  public GcsStorageDriverProvider() {}

  @Override
  public String id() {
    return "gcs";
  }

  @Override
  public StorageDriver create(DriverConfig config) {
    GcsSettings settings = GcsSettings.from(config);
    GcsCredentials credentials = GcsCredentials.load(settings);
    Storage storage = GcsClients.create(settings, credentials, config);
    return new GcsStorageDriver(storage, settings, credentials, config);
  }
}
