package dev.assetkit.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.testing.TestFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowingHasherTest {
  private static final Duration NO_HANG = Duration.ofSeconds(30);
  private static final StandardOpenOption WRITE = StandardOpenOption.WRITE;

  @TempDir Path tmp;

  @Test
  void hashesAFileWrittenInSteps_asTheStepsAreReported() throws Exception {
    byte[] content = random(9_000_001, 1);
    Path file = tmp.resolve("f");
    String hash;
    try (FollowingHasher hasher = FollowingHasher.start(file)) {
      writeInSteps(file, content, 1 << 20, hasher);
      hash = hasher.finish(content.length);
    }
    assertEquals(sha256(content), hash);
  }

  @Test
  void rangesCompletedOutOfOrder_areHashedOnlyOnceContiguous() throws Exception {
    byte[] content = random(3 << 20, 2);
    Path file = tmp.resolve("f");
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, WRITE)) {
      FollowingHasher hasher = FollowingHasher.start(file);
      // The last range lands first, as with parallel ranged downloads; nothing is reported yet.
      out.write(ByteBuffer.wrap(content, 2 << 20, 1 << 20), 2 << 20);
      out.write(ByteBuffer.wrap(content, 0, 1 << 20), 0);
      hasher.prefixWritten(1 << 20);
      out.write(ByteBuffer.wrap(content, 1 << 20, 1 << 20), 1 << 20);
      hasher.prefixWritten(3 << 20);
      assertEquals(sha256(content), hasher.finish(content.length));
    }
  }

  @Test
  void aRestartedDownload_isHashedAgainWhole() throws Exception {
    Path file = tmp.resolve("f");
    FollowingHasher hasher = FollowingHasher.start(file);
    // The first attempt wrote (and reported) bytes that the retry then replaced.
    writeInSteps(file, random(2 << 20, 3), 1 << 19, hasher);
    hasher.restarted();
    byte[] retried = random(2 << 20, 4);
    writeInSteps(file, retried, 1 << 19, hasher);
    assertEquals(sha256(retried), hasher.finish(retried.length));
  }

  @Test
  void aFileShorterThanReported_isHashedAsItIs() throws Exception {
    byte[] content = random(100_000, 5);
    Path file = tmp.resolve("f");
    Files.write(file, content);
    FollowingHasher hasher = FollowingHasher.start(file);
    hasher.prefixWritten(200_000); // a driver's lie: the engine's size check reports it
    assertEquals(sha256(content), hasher.finish(200_000));
  }

  @Test
  void close_withoutFinish_stopsAWaitingHasher() {
    assertTimeoutPreemptively(
        NO_HANG,
        () -> {
          FollowingHasher hasher = FollowingHasher.start(tmp.resolve("never-written"));
          hasher.close();
          hasher.close(); // idempotent
        });
  }

  @Test
  void aFileNeverReported_isHashedAtFinish() throws Exception {
    byte[] content = random(5 << 20, 6);
    Path file = tmp.resolve("f");
    Files.write(file, content);
    try (FollowingHasher hasher = FollowingHasher.start(file)) {
      assertEquals(sha256(content), hasher.finish(content.length));
    }
  }

  @Test
  void awaitConsumed_returnsOnceTheHashHasReadThatFar() throws Exception {
    byte[] content = random(3 << 20, 7);
    Path file = tmp.resolve("f");
    Files.write(file, content);
    try (FollowingHasher hasher = FollowingHasher.start(file)) {
      assertFalse(hasher.awaitConsumed(1 << 20, 50), "nothing is reported, so nothing is hashed");
      Thread waiter = new Thread(() -> hasher.awaitConsumed(2 << 20, NO_HANG.toMillis()));
      waiter.start();
      hasher.prefixWritten(1 << 20);
      waiter.join(300);
      assertTrue(waiter.isAlive(), "returned before the hash could read 2 MiB");

      hasher.prefixWritten(2 << 20);
      waiter.join(NO_HANG.toMillis());
      assertFalse(waiter.isAlive(), "still waiting with 2 MiB hashed");
      hasher.prefixWritten(3 << 20);
      assertEquals(sha256(content), hasher.finish(content.length));
    }
  }

  @Test
  void awaitConsumed_returnsWhenTheHashStopsFollowing() {
    assertTimeoutPreemptively(
        NO_HANG,
        () -> {
          // Cancelled, restarted, or failed (the file to follow does not exist): nobody will read.
          FollowingHasher cancelled = FollowingHasher.start(tmp.resolve("a"));
          cancelled.close();
          assertTrue(cancelled.awaitConsumed(1 << 20, NO_HANG.toMillis()));

          FollowingHasher restarted = FollowingHasher.start(tmp.resolve("b"));
          restarted.restarted();
          assertTrue(restarted.awaitConsumed(1 << 20, NO_HANG.toMillis()));
          restarted.close();

          FollowingHasher failed = FollowingHasher.start(tmp.resolve("never-written"));
          failed.prefixWritten(2 << 20);
          assertTrue(failed.awaitConsumed(1 << 20, NO_HANG.toMillis()));
          failed.close();
        });
  }

  @Test
  void awaitConsumed_interrupted_returnsWithTheInterruptStatusSet() throws Exception {
    try (FollowingHasher hasher = FollowingHasher.start(tmp.resolve("f"))) {
      AtomicBoolean interrupted = new AtomicBoolean();
      Thread waiter =
          new Thread(
              () -> {
                hasher.awaitConsumed(1 << 20, NO_HANG.toMillis());
                interrupted.set(Thread.currentThread().isInterrupted());
              });
      waiter.start();
      waiter.interrupt();
      waiter.join(NO_HANG.toMillis());
      assertFalse(waiter.isAlive(), "an interrupted wait went on");
      assertTrue(interrupted.get(), "the interrupt was swallowed");
    }
  }

  private static void writeInSteps(Path file, byte[] content, int step, FollowingHasher hasher)
      throws IOException {
    try (FileChannel out =
        FileChannel.open(
            file, StandardOpenOption.CREATE, WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int at = 0; at < content.length; at += step) {
        int length = Math.min(step, content.length - at);
        ByteBuffer chunk = ByteBuffer.wrap(content, at, length);
        while (chunk.hasRemaining()) {
          out.write(chunk, chunk.position());
        }
        hasher.prefixWritten(at + length);
      }
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(TestFiles.sha256(bytes));
  }
}
