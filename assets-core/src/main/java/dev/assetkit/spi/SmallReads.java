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
   *
   * <p>The caller's {@code limit} is usually the exact size (from a meta or a walk), so the content
   * is read into an array of that size, and a one-byte read then confirms the end: one array per
   * read, where reading into {@code limit + 1} bytes and trimming made two (a 10,000-file pull
   * allocated 40 MB more, and the JVM collected its young generation once more for it).
   */
  public static byte[] upTo(ReadableByteChannel channel, int limit) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(limit);
    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
      // until the end, or until the array is full
    }
    if (buffer.hasRemaining()) {
      return Arrays.copyOf(buffer.array(), buffer.position()); // shorter than the caller thought
    }
    ByteBuffer past = ByteBuffer.allocate(1);
    int read;
    do {
      read = channel.read(past);
    } while (read == 0);
    if (read < 0) {
      return buffer.array();
    }
    byte[] longer = Arrays.copyOf(buffer.array(), limit + 1);
    longer[limit] = past.get(0);
    return longer;
  }
}
