package dev.assetkit.spi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/** For drivers implementing {@link StorageDriver#readSmall} over a channel. */
public final class SmallReads {
  private SmallReads() {}

  /**
   * Reads {@code channel} to its end, or stops one byte past {@code limit}, as {@link
   * StorageDriver#readSmall} returns: the whole content, or its first {@code limit + 1} bytes.
   */
  public static byte[] upTo(ReadableByteChannel channel, int limit) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(limit + 1);
    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
      // until the end, or one byte past what the caller expects
    }
    return buffer.hasRemaining()
        ? Arrays.copyOf(buffer.array(), buffer.position())
        : buffer.array();
  }
}
