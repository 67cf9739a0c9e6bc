package dev.assetkit.driver.local;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Provider id {@code local}: a folder used as a bucket, laid out exactly as modelkit's local
 * storage ({@code bucket/prefix/name/version}, {@code .meta} and {@code .versions} files beside
 * them). {@code ASSETS_STORAGE_BUCKET} is the folder's path.
 */
public final class LocalStorageDriverProvider implements StorageDriverProvider {

  /** Creates the provider; found through {@link java.util.ServiceLoader}. */
  public LocalStorageDriverProvider() {}

  @Override
  public String id() {
    return "local";
  }

  @Override
  public StorageDriver create(DriverConfig config) {
    Path root;
    try {
      root = Path.of(config.bucket());
    } catch (InvalidPathException e) {
      throw new dev.assetkit.spi.StorageException(
          dev.assetkit.spi.StorageException.Reason.INVALID_CONFIGURATION,
          "ASSETS_STORAGE_BUCKET '"
              + config.bucket()
              + "' is not a valid folder path: "
              + e.getReason());
    }
    return open(root);
  }

  /**
   * A driver on the folder {@code root}, on any file system (the default one, or Jimfs in tests).
   */
  public static StorageDriver open(Path root) {
    return new LocalStorageDriver(root.toAbsolutePath().normalize());
  }
}
