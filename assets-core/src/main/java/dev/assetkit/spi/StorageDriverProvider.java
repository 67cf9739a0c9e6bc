package dev.assetkit.spi;

import java.util.Set;

/**
 * Creates drivers of one kind. Found with {@link java.util.ServiceLoader} (register the
 * implementation in {@code META-INF/services/dev.assetkit.spi.StorageDriverProvider}) and chosen by
 * {@link #id()} or one of its {@link #aliases()}.
 */
public interface StorageDriverProvider {

  /** The provider id users set in {@code ASSETS_STORAGE_PROVIDER}, such as {@code s3}. */
  String id();

  /** Other accepted ids, such as {@code azure} for {@code az}. */
  default Set<String> aliases() {
    return Set.of();
  }

  /**
   * Creates a driver for the bucket in {@code config}. Fails with a {@link StorageException} of
   * reason {@link StorageException.Reason#INVALID_CONFIGURATION} when a required setting is
   * missing, naming the variable to set.
   */
  StorageDriver create(DriverConfig config);
}
