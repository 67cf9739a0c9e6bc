package dev.assetkit.spi;

import java.util.Objects;

/**
 * A small object read whole, with the tag of exactly these bytes.
 *
 * @param info the key, size and tag
 * @param bytes the content; not copied, do not modify
 */
@SuppressWarnings("ArrayRecordComponent") // small documents, read once; a copy would be waste
public record ObjectContent(ObjectInfo info, byte[] bytes) {
  /** Checks the fields. */
  public ObjectContent {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(bytes, "bytes");
  }
}
