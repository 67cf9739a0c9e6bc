package dev.assetkit.internal.fetch;

import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;
import dev.assetkit.internal.log.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of one version in the local cache, across threads (a JVM lock) and processes (an OS file
 * lock, which the OS releases when a process dies, so no lock is ever stale). The holder writes its
 * pid into the lock file so that waiters can say whom they wait for.
 */
public final class VersionLock implements AutoCloseable {
  private static final Log LOG = Log.of(VersionLock.class);
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

  private final ReentrantLock jvmLock;
  private final FileChannel channel;
  private final FileLock fileLock;

  private VersionLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
    this.jvmLock = jvmLock;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /**
   * Takes the lock, waiting at most {@code timeout}.
   *
   * @param what the version, for messages, such as {@code models/encoder:1.2}
   * @throws AssetsException of kind {@link ErrorKind#UNAVAILABLE} when the wait times out
   */
  public static VersionLock acquire(Path lockFile, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ReentrantLock jvmLock =
        IN_JVM.computeIfAbsent(lockFile.toAbsolutePath(), p -> new ReentrantLock());
    try {
      if (!jvmLock.tryLock()) {
        LOG.log(System.Logger.Level.INFO, "waiting for another thread fetching {0}", what);
        if (!jvmLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
          throw timedOut(what, timeout, "another thread of this process");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssetsException(
          ErrorKind.UNAVAILABLE, "interrupted while waiting to fetch " + what, e);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(lockFile.getParent());
      channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock fileLock = channel.tryLock();
      boolean logged = false;
      while (fileLock == null) {
        if (!logged) {
          LOG.log(
              System.Logger.Level.INFO,
              "waiting for {0}, which is fetching {1}",
              holder(channel),
              what);
          logged = true;
        }
        if (System.nanoTime() > deadline) {
          throw timedOut(what, timeout, holder(channel));
        }
        Thread.sleep(25);
        fileLock = channel.tryLock();
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      return new VersionLock(jvmLock, channel, fileLock);
    } catch (IOException | InterruptedException | RuntimeException e) {
      closeQuietly(channel);
      jvmLock.unlock();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (e instanceof AssetsException assets) {
        throw assets;
      }
      throw new AssetsException(
          ErrorKind.INTERNAL,
          "cannot lock " + lockFile + " to fetch " + what + ": " + e.getMessage(),
          e);
    }
  }

  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(64);
      channel.read(buffer, 0);
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
      return text.startsWith("pid ") ? "process " + text.substring(4) : "another process";
    } catch (IOException e) {
      return "another process";
    }
  }

  private static AssetsException timedOut(String what, Duration timeout, String holder) {
    return new AssetsException(
        ErrorKind.UNAVAILABLE,
        "gave up after "
            + timeout.toSeconds()
            + " s waiting for "
            + holder
            + " to finish fetching "
            + what
            + "; raise ASSETS_TIMEOUT_S if large downloads are expected");
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Closing releases the lock; nothing else to do.
      }
    }
  }

  @Override
  public void close() {
    try {
      fileLock.release();
    } catch (IOException ignored) {
      // The channel's close below releases it too.
    }
    closeQuietly(channel);
    jvmLock.unlock();
  }
}
