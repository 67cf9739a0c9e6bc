package dev.assetkit.spi;

import java.util.Objects;

/**
 * Data a driver holds where no reader, listing or stat sees it, until it is placed under a key by
 * {@link StorageDriver#commitStaged} or dropped by {@link StorageDriver#discardStaged}.
 *
 * @param handle what the driver needs to find the data again; opaque to everyone else
 * @param size the number of bytes staged
 */
public record StagedObject(String handle, long size) {
  /** Checks the fields. */
  public StagedObject {
    Objects.requireNonNull(handle, "handle");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " for staged " + handle);
    }
  }
}
