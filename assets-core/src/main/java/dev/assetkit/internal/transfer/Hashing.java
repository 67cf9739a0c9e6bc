package dev.assetkit.internal.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, streamed in large blocks (the JIT's intrinsic makes this ~1.5 GiB/s here). */
public final class Hashing {
  private static final int BLOCK = 1 << 20;

  /**
   * Files below this size are read into memory and hashed there, with the bytes written from that
   * one read: downloads check them before writing them in one go (see {@link
   * dev.assetkit.spi.StorageDriver#readSmall}), pushes stage them. At most this much per transfer
   * thread.
   */
  public static final int IN_MEMORY_THRESHOLD = 1 << 20;

  private Hashing() {}

  /** The lowercase hex SHA-256 of a file. */
  public static String sha256(Path file) throws IOException {
    return sha256AndSize(file, Files.size(file)).sha256();
  }

  /** The SHA-256 of a file and the number of bytes it hashed. */
  public record HashedFile(String sha256, long size) {}

  /**
   * Hashes a file in one open and one pass, counting its bytes, so that checking both its size and
   * its hash costs no extra system call; {@code expectedSize} only sizes the buffer.
   */
  public static HashedFile sha256AndSize(Path file, long expectedSize) throws IOException {
    MessageDigest digest = newSha256();
    byte[] buffer = new byte[(int) Math.min(BLOCK, Math.max(8192, expectedSize + 1))];
    long size = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int read;
      while ((read = in.read(buffer)) > 0) {
        digest.update(buffer, 0, read);
        size += read;
      }
    }
    return new HashedFile(HexFormat.of().formatHex(digest.digest()), size);
  }

  /** The lowercase hex SHA-256 of bytes. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  /** A fresh SHA-256 digest. */
  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
