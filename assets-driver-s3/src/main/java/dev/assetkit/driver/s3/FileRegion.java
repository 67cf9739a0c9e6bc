package dev.assetkit.driver.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A byte range of a file, read from disk as the SDK sends it, so that a part never sits whole in
 * memory. The SDK may open it more than once (to sign it, then to send it, or to retry): each
 * opening reads the file again.
 */
record FileRegion(Path file, long offset, long length) {

  RequestBody body() {
    return RequestBody.fromContentProvider(this::open, length, "application/octet-stream");
  }

  private InputStream open() {
    try {
      return new RegionStream(FileChannel.open(file, StandardOpenOption.READ), offset, length);
    } catch (IOException e) {
      throw new LocalFileException("read", file, e);
    }
  }

  /** Positional reads of one range; the channel is this stream's own. */
  private static final class RegionStream extends InputStream {
    private final FileChannel channel;
    private long position;
    private final long end;

    RegionStream(FileChannel channel, long offset, long length) {
      this.channel = channel;
      this.position = offset;
      this.end = offset + length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      long left = end - position;
      if (left <= 0) {
        return -1;
      }
      int n = channel.read(ByteBuffer.wrap(buffer, off, (int) Math.min(len, left)), position);
      if (n < 0) {
        throw new IOException("file shrank while uploading: ends before byte " + end);
      }
      position += n;
      return n;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
