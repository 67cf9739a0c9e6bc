package dev.assetkit.spi;

import java.util.Objects;

/**
 * What a store says of one object.
 *
 * @param key the object's key within the bucket
 * @param size its size in bytes
 * @param tag an opaque version tag (ETag, generation, ...) that changes with every write
 */
public record ObjectInfo(String key, long size, String tag) {
  /** Checks the fields. */
  public ObjectInfo {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(tag, "tag");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " for " + key);
    }
  }
}
