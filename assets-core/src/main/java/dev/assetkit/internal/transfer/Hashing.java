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
   * One digest per thread, reset before each use: {@code MessageDigest.getInstance} looks the
   * algorithm up among the providers and builds the digest by reflection, which cost a third of the
   * hashing of a 4 KiB file in a 10,000-file pull (async-profiler, bench/analysis.md).
   */
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(Hashing::newSha256);

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
    MessageDigest digest = threadDigest();
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
    return HexFormat.of().formatHex(threadDigest().digest(bytes));
  }

  /**
   * This thread's digest, empty. Only for a hash begun and finished within one call here: nothing
   * else runs on the thread in between.
   */
  static MessageDigest threadDigest() {
    MessageDigest digest = DIGEST.get();
    digest.reset(); // a hash that failed half-way left its state behind
    return digest;
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
