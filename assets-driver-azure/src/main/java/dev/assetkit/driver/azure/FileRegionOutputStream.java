package dev.assetkit.driver.azure;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes one range of a download at its place in a shared file, so that parallel ranges go straight
 * to disk without a buffer per range. Refuses to write past the range, which would clobber the next
 * one.
 */
final class FileRegionOutputStream extends OutputStream {
  private final FileChannel channel;
  private final long start;
  private final long length;
  private long written;

  FileRegionOutputStream(FileChannel channel, long start, long length) {
    this.channel = channel;
    this.start = start;
    this.length = length;
  }

  /** How many bytes were written. */
  long written() {
    return written;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int count) throws IOException {
    if (written + count > length) {
      throw new Overflow(start, length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, count);
    try {
      while (buffer.hasRemaining()) {
        written += channel.write(buffer, start + written);
      }
    } catch (IOException e) {
      throw new LocalWriteFailure(e);
    }
  }

  /** The server sent more bytes than the range asked for. */
  static final class Overflow extends IOException {
    private static final long serialVersionUID = 1L;

    Overflow(long start, long length) {
      super("more than " + length + " bytes for the range at " + start);
    }
  }

  /** Writing the local file failed (disk full, file closed): not the store's fault. */
  static final class LocalWriteFailure extends IOException {
    private static final long serialVersionUID = 1L;

    LocalWriteFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
