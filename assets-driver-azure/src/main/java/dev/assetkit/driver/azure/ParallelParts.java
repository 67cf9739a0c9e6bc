package dev.assetkit.driver.azure;

import dev.assetkit.spi.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs the numbered parts of one transfer on the calling thread plus up to {@code parallelism - 1}
 * pool threads, each claiming the next part until none is left. After the first failure no new part
 * starts; the parts already running finish (each is bounded by the request timeout), and the first
 * failure is thrown.
 */
final class ParallelParts {
  private ParallelParts() {}

  static void run(ExecutorService pool, int parallelism, int count, IntConsumer part) {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker =
        () -> {
          while (failure.get() == null) {
            int index = next.getAndIncrement();
            if (index >= count) {
              return;
            }
            try {
              part.accept(index);
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            }
          }
        };
    // Each helper is claimed once, either by itself when it starts or by the caller when it is
    // still queued at the end (then it never runs). Future.cancel cannot tell the two apart: it
    // also "succeeds" on a running task, whose part would then be left unwaited.
    List<AtomicBoolean> claimed = new ArrayList<>();
    List<Future<?>> helpers = new ArrayList<>();
    for (int i = 1; i < Math.min(parallelism, count); i++) {
      AtomicBoolean claim = new AtomicBoolean();
      claimed.add(claim);
      helpers.add(
          pool.submit(
              () -> {
                if (claim.compareAndSet(false, true)) {
                  worker.run();
                }
              }));
    }
    worker.run();
    for (int i = 0; i < helpers.size(); i++) {
      if (claimed.get(i).compareAndSet(false, true)) {
        continue;
      }
      Future<?> helper = helpers.get(i);
      try {
        helper.get();
      } catch (InterruptedException e) {
        failure.compareAndSet(null, e);
        Thread.currentThread().interrupt();
        throw new StorageException(
            StorageException.Reason.OTHER, "interrupted while transferring parts", e);
      } catch (ExecutionException e) {
        failure.compareAndSet(null, e.getCause());
      }
    }
    Throwable first = failure.get();
    if (first instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (first instanceof Error error) {
      throw error;
    }
    if (first != null) {
      throw new IllegalStateException(first);
    }
  }
}
