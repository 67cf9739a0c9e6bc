package dev.assetkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/** Large pseudo-random files and their digests, for the contract suites. */
public final class TestFiles {
  private TestFiles() {}

  /** Writes {@code size} pseudo-random bytes in 1 MiB blocks and returns their sha256. */
  public static byte[] writeRandom(Path target, long size, long seed) throws IOException {
    MessageDigest digest = newSha256();
    Random random = new Random(seed);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(target)) {
      for (long written = 0; written < size; written += block.length) {
        random.nextBytes(block);
        int length = (int) Math.min(block.length, size - written);
        digest.update(block, 0, length);
        out.write(block, 0, length);
      }
    }
    return digest.digest();
  }

  /** The sha256 of a file, streamed. */
  public static byte[] sha256(Path file) throws IOException {
    MessageDigest digest = newSha256();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int read;
      while ((read = in.read(buffer)) > 0) {
        digest.update(buffer, 0, read);
      }
    }
    return digest.digest();
  }

  /** The sha256 of bytes. */
  public static byte[] sha256(byte[] bytes) {
    return newSha256().digest(bytes);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
