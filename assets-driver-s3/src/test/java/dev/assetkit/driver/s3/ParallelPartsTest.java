package dev.assetkit.driver.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelPartsTest {
  private final ParallelParts parts = new ParallelParts("test-part-");

  @AfterEach
  void close() {
    parts.close();
  }

  @Test
  void everyPartRunsOnce_neverMoreThanTheParallelismAtOnce() {
    AtomicIntegerArray runs = new AtomicIntegerArray(100);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    parts.run(
        100,
        4,
        index -> {
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          threads.add(Thread.currentThread().getName());
          runs.incrementAndGet(index);
          Thread.yield();
          running.decrementAndGet();
        });
    for (int i = 0; i < 100; i++) {
      assertEquals(1, runs.get(i), "part " + i);
    }
    assertTrue(maxRunning.get() <= 4, "at most 4 at once, saw " + maxRunning.get());
    assertTrue(threads.size() <= 4, "threads " + threads);
  }

  @Test
  void aFailure_isRethrown_andStopsPartsNotStarted() {
    AtomicInteger started = new AtomicInteger();
    IllegalStateException failure = new IllegalStateException("part 3 broke");
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                parts.run(
                    10,
                    1,
                    index -> {
                      started.incrementAndGet();
                      if (index == 3) {
                        throw failure;
                      }
                    }));
    assertSame(failure, thrown);
    assertEquals(4, started.get(), "parts after the failure were not started");
  }

  @Test
  void run_returnsOnlyAfterRunningPartsFinish_evenWhenAnotherFailed() {
    CountDownLatch secondStarted = new CountDownLatch(1);
    AtomicBoolean secondFinished = new AtomicBoolean();
    assertThrows(
        IllegalStateException.class,
        () ->
            parts.run(
                2,
                2,
                index -> {
                  if (index == 0) {
                    await(secondStarted);
                    throw new IllegalStateException("first part broke");
                  }
                  secondStarted.countDown();
                  sleep(200);
                  secondFinished.set(true);
                }));
    assertTrue(secondFinished.get(), "run returned while a part was still running");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
