package dev.assetkit.internal.transfer;

import dev.assetkit.spi.DownloadProgress;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Computes the SHA-256 of a file while a download is still writing it, reading each byte from the
 * page cache as soon as the driver reports it final.
 *
 * <p>Why: hashing 1 GiB costs about as much as downloading it from a local store (1.0-1.1 s here),
 * so hashing after the download doubles the wall time; on a second core the hash follows the copy
 * and the two overlap. Hashing the written file rather than the bytes in flight also checks what
 * will actually be installed.
 *
 * <p>Use: {@link #start} before the download, pass the hasher as the download's {@link
 * DownloadProgress}, then {@link #finish} after it returned, or {@link #close} when it failed. If a
 * retry rewrote the file ({@link #restarted}), or following failed for any reason, {@link #finish}
 * hashes the whole file again, so the result is always the hash of the file as it is.
 */
public final class FollowingHasher implements DownloadProgress, AutoCloseable {
  private static final int BLOCK = 1 << 20;

  private final Path file;
  private final MessageDigest digest = Hashing.newSha256();
  private final Thread thread;

  // Guarded by this.
  private long prefix;
  private boolean downloadReturned;
  private boolean restarted;
  private boolean cancelled;
  private long hashed; // written by the hashing thread
  private boolean stopped; // the hashing thread returned

  // Written by the hashing thread only, read after joining it.
  private Exception failure;

  private FollowingHasher(Path file) {
    this.file = file;
    this.thread = new Thread(this::follow, "assetkit-hash-" + file.getFileName());
    thread.setDaemon(true);
  }

  /** Starts a hasher for {@code file}, which may not exist yet. */
  public static FollowingHasher start(Path file) {
    FollowingHasher hasher = new FollowingHasher(file);
    hasher.thread.start();
    return hasher;
  }

  @Override
  public synchronized void prefixWritten(long bytes) {
    if (bytes > prefix) {
      prefix = bytes;
      notifyAll();
    }
  }

  @Override
  public synchronized void restarted() {
    restarted = true;
    notifyAll();
  }

  @Override
  public synchronized boolean awaitConsumed(long bytes, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      while (hashed < bytes && !stopped && !restarted && !cancelled) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller sees it and stops
    }
    return true;
  }

  /**
   * The lowercase hex SHA-256 of {@code file}, whose download returned with {@code size} bytes:
   * what was followed, or a full re-read when following could not be trusted.
   */
  public String finish(long size) throws IOException {
    synchronized (this) {
      downloadReturned = true;
      prefix = Math.max(prefix, size);
      notifyAll();
    }
    join();
    long hashedBytes;
    synchronized (this) {
      hashedBytes = hashed;
    }
    if (restarted || failure != null || hashedBytes != size) {
      return Hashing.sha256(file);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Stops following (the download failed); idempotent, and harmless after {@link #finish}. */
  @Override
  public void close() throws InterruptedIOException {
    synchronized (this) {
      cancelled = true;
      notifyAll();
    }
    join();
  }

  private void join() throws InterruptedIOException {
    try {
      thread.join();
    } catch (InterruptedException e) {
      synchronized (this) {
        cancelled = true;
        notifyAll();
      }
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing " + file);
    }
  }

  private void follow() {
    ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
    FileChannel channel = null;
    long position = 0;
    try {
      while (true) {
        long limit = awaitPrefixBeyond(position);
        if (limit <= position) {
          return; // cancelled, restarted, or everything is hashed
        }
        if (channel == null) {
          channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        buffer.clear().limit((int) Math.min(BLOCK, limit - position));
        int read = channel.read(buffer, position);
        if (read < 0) {
          throw new EOFException(file + " is shorter than the " + limit + " bytes reported");
        }
        buffer.flip();
        digest.update(buffer);
        position += read;
        advanceHashed(position);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      failure = e; // finish() falls back to hashing the whole file
    } finally {
      synchronized (this) {
        stopped = true; // no download thread waits for this hash any more
        notifyAll();
      }
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // read-only channel: nothing was lost
        }
      }
    }
  }

  /** Once per block hashed (1 MiB): wakes the download threads waiting in awaitConsumed. */
  private synchronized void advanceHashed(long position) {
    hashed = position;
    notifyAll();
  }

  /** Waits until more than {@code position} bytes are final; returns the limit, or -1 to stop. */
  private synchronized long awaitPrefixBeyond(long position) throws InterruptedException {
    while (prefix <= position && !downloadReturned && !cancelled && !restarted) {
      wait();
    }
    return cancelled || restarted ? -1 : prefix;
  }
}
