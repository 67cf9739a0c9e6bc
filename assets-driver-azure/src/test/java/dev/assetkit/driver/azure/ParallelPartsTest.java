package dev.assetkit.driver.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelPartsTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(3);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void everyPartRunsOnce_andAllHaveFinishedWhenRunReturns() {
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    ParallelParts.run(
        pool,
        4,
        20,
        i -> {
          sleep(20);
          if (!done.add(i)) {
            throw new AssertionError("part " + i + " ran twice");
          }
        });
    assertEquals(20, done.size());
  }

  @Test
  void runWaitsForAPartStillRunningOnAPoolThread() {
    // The helper's first part is held until the caller has finished every other part: run must
    // not return before it ends too (a Future.cancel of the running helper once let it).
    CountDownLatch othersDone = new CountDownLatch(1);
    AtomicBoolean helperHeld = new AtomicBoolean();
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    String caller = Thread.currentThread().getName();
    ParallelParts.run(
        pool,
        2,
        6,
        i -> {
          if (Thread.currentThread().getName().equals(caller)) {
            sleep(20); // gives the helper time to start and claim a part
          } else if (helperHeld.compareAndSet(false, true)) {
            if (done.size() < 5) {
              await(othersDone);
            }
            sleep(50);
          }
          done.add(i);
          if (done.size() == 5 && helperHeld.get()) {
            othersDone.countDown();
          }
        });
    assertEquals(6, done.size());
    assertTrue(helperHeld.get(), "the helper never ran: the test proved nothing");
  }

  @Test
  void theFirstFailureIsThrown_afterThePartsInFlightFinish() {
    IllegalStateException boom = new IllegalStateException("part 3");
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                ParallelParts.run(
                    pool,
                    4,
                    100,
                    i -> {
                      if (i == 3) {
                        throw boom;
                      }
                      sleep(5);
                      done.add(i);
                    }));
    assertSame(boom, thrown);
    assertTrue(done.size() < 99, "parts kept starting after the failure: " + done.size());
  }

  @Test
  void onePart_runsOnTheCallerAlone() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    ParallelParts.run(pool, 8, 1, i -> threads.add(Thread.currentThread().getName()));
    assertEquals(Set.of(Thread.currentThread().getName()), threads);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
