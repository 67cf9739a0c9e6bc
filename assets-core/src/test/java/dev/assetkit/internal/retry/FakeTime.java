package dev.assetkit.internal.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A nano clock that only moves when the fake sleeper sleeps or a test advances it. */
final class FakeTime {
  private long now = 5_000_000_000L; // any origin: only differences count
  private final List<Long> sleeps = new ArrayList<>();

  long nanoTime() {
    return now;
  }

  void advance(Duration duration) {
    now += duration.toNanos();
  }

  RetryPolicy.Sleeper sleeper() {
    return nanos -> {
      sleeps.add(nanos);
      now += nanos;
    };
  }

  List<Long> sleeps() {
    return List.copyOf(sleeps);
  }

  RetryPolicy policy(Duration deadline, Duration initial, Duration max, Random random) {
    return new RetryPolicy(deadline, initial, max, sleeper(), this::nanoTime, () -> random);
  }
}
