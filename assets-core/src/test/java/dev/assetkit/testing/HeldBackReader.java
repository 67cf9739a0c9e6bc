package dev.assetkit.testing;

import dev.assetkit.spi.DownloadProgress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DownloadProgress} whose reader reads nothing until {@link #release}: every {@link
 * #awaitConsumed} of more than zero bytes says the reader is not there yet until then. For checking
 * that a driver writing ranges in parallel holds them back to its lead (and that it does not
 * deadlock when the reader moves on).
 */
public final class HeldBackReader implements DownloadProgress {
  private static final Duration NO_HANG = Duration.ofSeconds(30);

  private final Set<Thread> held = new HashSet<>();
  private boolean released;

  @Override
  public void prefixWritten(long bytes) {}

  @Override
  public synchronized boolean awaitConsumed(long bytes, long millis) {
    Thread thread = Thread.currentThread();
    if (released || bytes <= 0) {
      held.remove(thread);
      return true;
    }
    held.add(thread); // until a call of this thread returns true, whatever its polls
    notifyAll();
    try {
      wait(millis);
    } catch (InterruptedException e) {
      thread.interrupt();
      held.remove(thread);
      return true;
    }
    if (released) {
      held.remove(thread);
    }
    return released;
  }

  /**
   * Waits until {@code threads} download threads are held back here; fails after {@code timeout}.
   */
  public synchronized void awaitHeldBack(int threads, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (held.size() < threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            held.size() + " of " + threads + " download threads held back after " + timeout);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** The reader has read everything: no thread is held back any more. */
  public synchronized void release() {
    released = true;
    notifyAll();
  }

  /** What a test checks while the transfer's threads are held back. */
  @FunctionalInterface
  public interface Check {
    /** Asserts; may throw. */
    void run() throws Exception;
  }

  /**
   * Runs {@code transfer} (given this reader) on a thread of its own; once {@code threads} of its
   * threads are held back, runs {@code whileHeld}, then releases them and returns what {@code
   * transfer} returned. Fails if the threads are not held back, or the transfer does not end,
   * within 30 s each.
   */
  public <T> T transferHeldBack(Callable<T> transfer, int threads, Check whileHeld)
      throws Exception {
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<T> result = background.submit(transfer);
      awaitHeldBack(threads, NO_HANG);
      whileHeld.run();
      release();
      return result.get(NO_HANG.toSeconds(), TimeUnit.SECONDS);
    } finally {
      release();
      background.shutdownNow();
    }
  }
}
