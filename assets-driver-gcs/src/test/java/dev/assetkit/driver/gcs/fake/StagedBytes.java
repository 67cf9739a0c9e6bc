package dev.assetkit.driver.gcs.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * Bytes being received into a file, with their MD5 and CRC32C computed on the way, as GCS reports
 * them (base64 of the big-endian digest).
 */
final class StagedBytes {
  final Path file;
  private final OutputStream out;
  private final MessageDigest md5;
  private final CRC32C crc32c = new CRC32C();
  private long size;

  StagedBytes(Path file) throws IOException {
    this.file = file;
    this.out = Files.newOutputStream(file);
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void write(byte[] buffer, int offset, int length) throws IOException {
    out.write(buffer, offset, length);
    md5.update(buffer, offset, length);
    crc32c.update(buffer, offset, length);
    size += length;
  }

  /** Copies at most {@code limit} bytes of {@code in}; returns how many were copied. */
  long copy(InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[64 << 10];
    long copied = 0;
    while (copied < limit) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - copied));
      if (n < 0) {
        break;
      }
      write(buffer, 0, n);
      copied += n;
    }
    return copied;
  }

  long size() {
    return size;
  }

  /** Closes the file and returns what it holds. */
  Received finish() throws IOException {
    out.close();
    String md5Base64 = Base64.getEncoder().encodeToString(md5.digest());
    byte[] crc = ByteBuffer.allocate(4).putInt((int) crc32c.getValue()).array();
    return new Received(file, size, md5Base64, Base64.getEncoder().encodeToString(crc));
  }

  /** Bytes fully received: where, how many, and their digests in GCS's base64 form. */
  record Received(Path file, long size, String md5Base64, String crc32cBase64) {}

  void discard() {
    try {
      out.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover temp file is removed with the server's directory.
    }
  }
}
