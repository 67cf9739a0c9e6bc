package dev.assetkit.driver.s3;

import dev.assetkit.spi.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the parts of one transfer with at most {@code parallelism} at a time: the calling thread
 * works too, helped by threads of a pool shared by the driver's transfers. The first failure stops
 * the parts not started yet, and {@link #run} returns only when no part is running any more, so a
 * caller can then delete a file or abort an upload safely.
 */
final class ParallelParts implements AutoCloseable {

  /** One part. */
  interface Part {
    void transfer(int index);
  }

  private final ThreadPoolExecutor pool;

  ParallelParts(String threadNamePrefix) {
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory threads =
        runnable -> {
          Thread thread = new Thread(runnable, threadNamePrefix + counter.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    // Unbounded queue, threads created up to the core size and let die when idle: each transfer
    // bounds its own parallelism, the engines bound how many transfers run at once.
    this.pool =
        new ThreadPoolExecutor(
            64, 64, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>(), threads);
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * Transfers parts {@code 0..count-1}.
   *
   * @throws StorageException or another unchecked exception: the first failure of a part, with the
   *     others suppressed
   */
  void run(int count, int parallelism, Part part) {
    Transfer transfer = new Transfer(count, part);
    int helpers = Math.min(count, parallelism) - 1;
    List<Runnable> queued = new ArrayList<>(Math.max(helpers, 0));
    for (int i = 0; i < helpers; i++) {
      Runnable helper = transfer::help;
      queued.add(helper);
      pool.execute(helper);
    }
    transfer.work();
    // Helpers still queued behind other transfers have nothing left to do.
    queued.forEach(pool::remove);
    transfer.awaitHelpers();
    RuntimeException failure = transfer.failure.get();
    if (failure != null) {
      throw failure;
    }
  }

  /** The shared state of one {@link #run}. */
  private static final class Transfer {
    private final int count;
    private final Part part;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private int activeHelpers;
    private boolean finished;

    Transfer(int count, Part part) {
      this.count = count;
      this.part = part;
    }

    void help() {
      synchronized (this) {
        if (finished) {
          return;
        }
        activeHelpers++;
      }
      try {
        work();
      } finally {
        synchronized (this) {
          activeHelpers--;
          notifyAll();
        }
      }
    }

    void work() {
      int index;
      while (failure.get() == null && (index = next.getAndIncrement()) < count) {
        try {
          part.transfer(index);
        } catch (RuntimeException | Error e) {
          fail(e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e));
        }
      }
    }

    /** Waits until no helper runs a part: the caller cleans up after them. */
    synchronized void awaitHelpers() {
      finished = true;
      boolean interrupted = false;
      while (activeHelpers > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
          fail(
              new StorageException(
                  StorageException.Reason.OTHER,
                  "transfer interrupted",
                  new InterruptedException()));
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private void fail(RuntimeException e) {
      if (!failure.compareAndSet(null, e) && failure.get() != e) {
        failure.get().addSuppressed(e);
      }
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
