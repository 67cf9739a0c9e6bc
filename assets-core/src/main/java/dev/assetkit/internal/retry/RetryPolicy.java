package dev.assetkit.internal.retry;

import dev.assetkit.internal.log.Log;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Retries {@link StorageException#retryable() retryable} failures with exponential backoff and
 * jitter, inside one overall deadline. Not-found, access-denied and precondition failures are never
 * retryable, so they surface at once.
 */
public final class RetryPolicy {
  private static final Log LOG = Log.of(RetryPolicy.class);

  /** Never retried, even when a driver flags one retryable: retrying cannot change the answer. */
  private static final Set<Reason> NEVER_RETRIED =
      EnumSet.of(
          Reason.NOT_FOUND,
          Reason.BUCKET_NOT_FOUND,
          Reason.ACCESS_DENIED,
          Reason.PRECONDITION_FAILED);

  private final Duration deadline;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Sleeper sleeper;
  private final LongSupplier nanoClock;
  private final Supplier<Random> random;

  /** Sleeps; tests substitute a fake. */
  public interface Sleeper {
    /** Sleeps for {@code nanos}. */
    void sleep(long nanos) throws InterruptedException;
  }

  /** A policy with full control, for tests. */
  public RetryPolicy(
      Duration deadline,
      Duration initialBackoff,
      Duration maxBackoff,
      Sleeper sleeper,
      LongSupplier nanoClock,
      Supplier<Random> random) {
    this.deadline = deadline;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.sleeper = sleeper;
    this.nanoClock = nanoClock;
    this.random = random;
  }

  /** Backoff from 100 ms doubling up to 5 s, inside {@code deadline}. */
  public static RetryPolicy withDeadline(Duration deadline) {
    return new RetryPolicy(
        deadline,
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)),
        System::nanoTime,
        ThreadLocalRandom::current);
  }

  /** The overall deadline. */
  public Duration deadline() {
    return deadline;
  }

  /**
   * Runs {@code operation} until it succeeds, fails with a non-retryable error, or the next attempt
   * would start after the deadline.
   *
   * @param what the operation, for messages, such as "read s3://b/k"
   */
  public <T> T call(String what, Supplier<T> operation) {
    return call(() -> what, operation);
  }

  /**
   * As {@link #call(String, Supplier)}, with the description built only when a message needs it.
   */
  public <T> T call(Supplier<String> describe, Supplier<T> operation) {
    long start = nanoClock.getAsLong();
    long deadlineNanos = deadline.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        return operation.get();
      } catch (StorageException e) {
        if (!e.retryable() || NEVER_RETRIED.contains(e.reason())) {
          throw e;
        }
        long elapsed = nanoClock.getAsLong() - start;
        long backoff = backoff(attempt);
        if (elapsed + backoff >= deadlineNanos) {
          throw gaveUp(describe.get(), attempt, elapsed, e);
        }
        LOG.log(
            System.Logger.Level.DEBUG,
            "{0} failed (attempt {1}, {2}); retrying in {3} ms",
            describe.get(),
            attempt,
            e.getMessage(),
            backoff / 1_000_000);
        try {
          sleeper.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new StorageException(Reason.TIMEOUT, false, describe.get() + " was interrupted", e);
        }
      }
    }
  }

  /** Exponential backoff with equal jitter: half fixed, half random. */
  long backoff(int attempt) {
    long ceiling = initialBackoff.toNanos() << Math.min(attempt - 1, 20);
    ceiling = Math.min(ceiling, maxBackoff.toNanos());
    long half = ceiling / 2;
    return half + (half > 0 ? random.get().nextLong(half + 1) : 0);
  }

  private StorageException gaveUp(
      String what, int attempts, long elapsedNanos, StorageException last) {
    String message =
        String.format(
            "%s: gave up after %d attempt%s in %.1f s (deadline %d s, ASSETS_STORAGE_TIMEOUT_S): %s",
            what,
            attempts,
            attempts == 1 ? "" : "s",
            elapsedNanos / 1e9,
            deadline.toSeconds(),
            last.getMessage());
    return new StorageException(last.reason(), false, message, last);
  }
}
