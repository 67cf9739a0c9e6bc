package dev.assetkit.testing;

import dev.assetkit.spi.DownloadProgress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * A {@link DownloadProgress} whose reader reads nothing until {@link #release}: every {@link
 * #awaitConsumed} of more than zero bytes says the reader is not there yet until then. For checking
 * that a driver writing ranges in parallel holds them back to its lead (and that it does not
 * deadlock when the reader moves on).
 */
public final class HeldBackReader implements DownloadProgress {
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
}
