package dev.assetkit.internal.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetryPolicyTest {
  private static final Duration MS_100 = Duration.ofMillis(100);
  private static final Duration SECOND = Duration.ofSeconds(1);

  private final FakeTime time = new FakeTime();

  /** A Random whose bounded draws are always the lowest or always the highest value. */
  private static final class ExtremeRandom extends Random {
    private static final long serialVersionUID = 1L;
    private final boolean highest;

    ExtremeRandom(boolean highest) {
      this.highest = highest;
    }

    @Override
    public long nextLong(long bound) {
      return highest ? bound - 1 : 0;
    }
  }

  private static StorageException failure(Reason reason, int attempt) {
    return new StorageException(reason, reason + " #" + attempt);
  }

  @Test
  void call_retryableFailures_areRetriedUntilSuccess() {
    RetryPolicy policy = time.policy(Duration.ofSeconds(30), MS_100, SECOND, new Random(1));
    List<Reason> script =
        List.of(Reason.UNAVAILABLE, Reason.THROTTLED, Reason.TIMEOUT, Reason.CORRUPT);
    AtomicInteger calls = new AtomicInteger();

    String result =
        policy.call(
            "read mem://b/k",
            () -> {
              int attempt = calls.getAndIncrement();
              if (attempt < script.size()) {
                throw failure(script.get(attempt), attempt);
              }
              return "content";
            });

    assertEquals("content", result);
    assertEquals(5, calls.get());
    assertEquals(4, time.sleeps().size());
  }

  @Test
  void call_success_neitherSleepsNorRetries() {
    RetryPolicy policy = time.policy(Duration.ofSeconds(30), MS_100, SECOND, new Random(1));
    AtomicInteger calls = new AtomicInteger();

    assertEquals(42, policy.call("stat", () -> calls.incrementAndGet() * 42));
    assertEquals(1, calls.get());
    assertEquals(List.of(), time.sleeps());
  }

  @ParameterizedTest
  @EnumSource(
      value = Reason.class,
      names = {
        "NOT_FOUND",
        "BUCKET_NOT_FOUND",
        "ACCESS_DENIED",
        "PRECONDITION_FAILED",
        "INVALID_KEY",
        "INVALID_CONFIGURATION",
        "OTHER"
      })
  void call_nonRetryableReason_failsAtOnce(Reason reason) {
    RetryPolicy policy = time.policy(Duration.ofSeconds(30), MS_100, SECOND, new Random(1));
    StorageException failure = failure(reason, 0);
    AtomicInteger calls = new AtomicInteger();

    StorageException thrown =
        assertThrows(
            StorageException.class,
            () ->
                policy.call(
                    "op",
                    () -> {
                      calls.incrementAndGet();
                      throw failure;
                    }));

    assertSame(failure, thrown);
    assertEquals(1, calls.get());
    assertEquals(List.of(), time.sleeps());
  }

  @ParameterizedTest
  @EnumSource(
      value = Reason.class,
      names = {"NOT_FOUND", "BUCKET_NOT_FOUND", "ACCESS_DENIED", "PRECONDITION_FAILED"})
  void call_notFoundDeniedOrPrecondition_isNeverRetriedEvenIfFlaggedRetryable(Reason reason) {
    RetryPolicy policy = time.policy(Duration.ofSeconds(30), MS_100, SECOND, new Random(1));
    StorageException failure = new StorageException(reason, true, "flagged retryable", null);
    AtomicInteger calls = new AtomicInteger();

    StorageException thrown =
        assertThrows(
            StorageException.class,
            () ->
                policy.call(
                    "op",
                    () -> {
                      calls.incrementAndGet();
                      throw failure;
                    }));

    assertSame(failure, thrown);
    assertEquals(1, calls.get());
  }

  @Test
  void call_retryableReasonFlaggedNotRetryable_failsAtOnce() {
    RetryPolicy policy = time.policy(Duration.ofSeconds(30), MS_100, SECOND, new Random(1));
    AtomicInteger calls = new AtomicInteger();

    assertThrows(
        StorageException.class,
        () ->
            policy.call(
                "op",
                () -> {
                  calls.incrementAndGet();
                  throw new StorageException(Reason.UNAVAILABLE, false, "final", null);
                }));
    assertEquals(1, calls.get());
  }

  @Test
  void call_otherRuntimeException_propagatesAtOnce() {
    RetryPolicy policy = time.policy(Duration.ofSeconds(30), MS_100, SECOND, new Random(1));
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException bug = new IllegalStateException("bug");

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                policy.call(
                    "op",
                    () -> {
                      calls.incrementAndGet();
                      throw bug;
                    }));

    assertSame(bug, thrown);
    assertEquals(1, calls.get());
  }

  // ---- backoff

  @Test
  void backoff_growsExponentiallyUpToTheCap_lowestDraws() {
    RetryPolicy policy =
        time.policy(Duration.ofSeconds(30), MS_100, SECOND, new ExtremeRandom(false));

    assertEquals(List.of(50L, 100L, 200L, 400L, 500L, 500L, 500L), backoffsInMillis(policy, 7));
  }

  @Test
  void backoff_growsExponentiallyUpToTheCap_highestDraws() {
    RetryPolicy policy =
        time.policy(Duration.ofSeconds(30), MS_100, SECOND, new ExtremeRandom(true));

    assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L), backoffsInMillis(policy, 7));
  }

  @Test
  void backoff_seededJitter_staysWithinHalfAndFullCeilingAndVaries() {
    RetryPolicy policy = time.policy(Duration.ofSeconds(30), MS_100, SECOND, new Random(20240131L));
    Set<Long> capped = new HashSet<>();
    for (int attempt = 1; attempt <= 200; attempt++) {
      long ceiling = Math.min(MS_100.toNanos() << Math.min(attempt - 1, 20), SECOND.toNanos());
      long backoff = policy.backoff(attempt);
      assertTrue(backoff >= ceiling / 2 && backoff <= ceiling, attempt + ": " + backoff);
      if (attempt > 10) {
        capped.add(backoff);
      }
    }
    assertTrue(capped.size() > 100, "jitter drew only " + capped.size() + " distinct values");
  }

  @Test
  void backoff_manyAttempts_neverOverflowsPastTheCap() {
    RetryPolicy policy =
        time.policy(
            Duration.ofDays(1),
            Duration.ofSeconds(10),
            Duration.ofMinutes(5),
            new ExtremeRandom(true));

    assertEquals(Duration.ofMinutes(5).toNanos(), policy.backoff(64));
    assertEquals(Duration.ofMinutes(5).toNanos(), policy.backoff(Integer.MAX_VALUE));
  }

  @Test
  void call_sleepsTheBackoffBetweenAttempts() {
    RetryPolicy policy =
        time.policy(Duration.ofSeconds(30), MS_100, SECOND, new ExtremeRandom(true));
    AtomicInteger calls = new AtomicInteger();

    policy.call(
        "op",
        () -> {
          if (calls.incrementAndGet() <= 6) {
            throw failure(Reason.UNAVAILABLE, calls.get());
          }
          return "ok";
        });

    assertEquals(
        List.of(100L, 200L, 400L, 800L, 1000L, 1000L),
        time.sleeps().stream().map(n -> n / 1_000_000).toList());
  }

  // ---- the deadline

  @Test
  void call_persistentFailure_givesUpBeforeTheDeadlineNamingOperationAttemptsAndSetting() {
    Duration deadline = Duration.ofSeconds(3);
    RetryPolicy policy =
        time.policy(deadline, Duration.ofMillis(500), Duration.ofSeconds(2), new Random(3));
    long start = time.nanoTime();
    List<Long> attemptStarts = new ArrayList<>();
    List<StorageException> failures = new ArrayList<>();

    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                policy.call(
                    "download s3://b/k",
                    () -> {
                      attemptStarts.add(time.nanoTime() - start);
                      time.advance(Duration.ofMillis(200)); // the request itself takes time
                      StorageException failure = failure(Reason.UNAVAILABLE, failures.size() + 1);
                      failures.add(failure);
                      throw failure;
                    }));

    int attempts = attemptStarts.size();
    assertTrue(attempts >= 2, "attempts: " + attempts);
    for (long attemptStart : attemptStarts) {
      assertTrue(attemptStart < deadline.toNanos(), "an attempt started after the deadline");
    }
    assertTrue(time.nanoTime() - start < deadline.toNanos(), "gave up after the deadline");
    assertFalse(e.retryable());
    assertEquals(Reason.UNAVAILABLE, e.reason());
    assertSame(failures.get(attempts - 1), e.getCause());
    assertTrue(
        e.getMessage().startsWith("download s3://b/k: gave up after " + attempts + " attempts in "),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith("(deadline 3 s, ASSETS_STORAGE_TIMEOUT_S): UNAVAILABLE #" + attempts),
        e.getMessage());
  }

  @Test
  void call_firstBackoffBeyondTheDeadline_givesUpAfterOneAttempt() {
    RetryPolicy policy =
        time.policy(Duration.ofMillis(40), MS_100, SECOND, new ExtremeRandom(false));
    AtomicInteger calls = new AtomicInteger();

    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                policy.call(
                    "write mem://b/x",
                    () -> {
                      calls.incrementAndGet();
                      throw new StorageException(Reason.THROTTLED, "slow down");
                    }));

    assertEquals(1, calls.get());
    assertEquals(List.of(), time.sleeps());
    assertEquals(
        "write mem://b/x: gave up after 1 attempt in 0.0 s (deadline 0 s, ASSETS_STORAGE_TIMEOUT_S): slow down",
        e.getMessage());
    assertEquals(Reason.THROTTLED, e.reason());
  }

  @Test
  void call_attemptThatOutlivesTheDeadline_isNotFollowedByAnother() {
    RetryPolicy policy = time.policy(Duration.ofSeconds(3), MS_100, SECOND, new Random(5));
    AtomicInteger calls = new AtomicInteger();

    assertThrows(
        StorageException.class,
        () ->
            policy.call(
                "op",
                () -> {
                  calls.incrementAndGet();
                  time.advance(Duration.ofSeconds(4));
                  throw failure(Reason.TIMEOUT, 1);
                }));

    assertEquals(1, calls.get());
    assertEquals(List.of(), time.sleeps());
  }

  @Test
  void call_interruptedWhileSleeping_stopsWithATimeoutAndKeepsTheInterrupt() {
    RetryPolicy policy =
        new RetryPolicy(
            Duration.ofSeconds(30),
            MS_100,
            SECOND,
            nanos -> {
              throw new InterruptedException();
            },
            time::nanoTime,
            () -> new Random(1));
    StorageException cause = failure(Reason.UNAVAILABLE, 1);

    try {
      StorageException e =
          assertThrows(
              StorageException.class,
              () ->
                  policy.call(
                      "read mem://b/k",
                      () -> {
                        throw cause;
                      }));

      assertEquals(Reason.TIMEOUT, e.reason());
      assertFalse(e.retryable());
      assertEquals("read mem://b/k was interrupted", e.getMessage());
      assertSame(cause, e.getCause());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted(); // leave the test thread clean
    }
  }

  @Test
  void withDeadline_keepsTheDeadline() {
    assertEquals(Duration.ofSeconds(7), RetryPolicy.withDeadline(Duration.ofSeconds(7)).deadline());
  }

  private static List<Long> backoffsInMillis(RetryPolicy policy, int attempts) {
    List<Long> out = new ArrayList<>();
    for (int attempt = 1; attempt <= attempts; attempt++) {
      out.add(policy.backoff(attempt) / 1_000_000);
    }
    return out;
  }
}
