package dev.assetkit.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransferPoolTest {
  private static final Duration NO_HANG = Duration.ofSeconds(30);

  @Test
  void runsEveryTaskOnce_atMostParallelismAtOnce() {
    try (TransferPool pool = new TransferPool("test", 3)) {
      Set<Integer> done = ConcurrentHashMap.newKeySet();
      AtomicInteger running = new AtomicInteger();
      AtomicInteger peak = new AtomicInteger();
      List<TransferPool.Task> tasks = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        int id = i;
        tasks.add(
            () -> {
              peak.accumulateAndGet(running.incrementAndGet(), Math::max);
              assertTrue(done.add(id), "task " + id + " ran twice");
              running.decrementAndGet();
            });
      }
      pool.runAll(tasks);
      assertEquals(1_000, done.size());
      assertTrue(peak.get() <= 3, "peak " + peak.get());
    }
  }

  @Test
  void noTasks_returnsAtOnce() {
    try (TransferPool pool = new TransferPool("test", 4)) {
      assertTimeoutPreemptively(NO_HANG, () -> pool.runAll(Collections.emptyList()));
    }
  }

  @Test
  void aFailure_isRethrownAsIs_andInterruptsTheTasksStillRunning() {
    try (TransferPool pool = new TransferPool("test", 2)) {
      CountDownLatch blockerStarted = new CountDownLatch(1);
      CountDownLatch interrupted = new CountDownLatch(1);
      AssetsException boom = new AssetsException(ErrorKind.INTEGRITY, "boom");
      List<TransferPool.Task> tasks =
          List.of(
              () -> {
                blockerStarted.countDown();
                try {
                  Thread.sleep(60_000);
                } catch (InterruptedException e) {
                  interrupted.countDown();
                }
              },
              () -> {
                blockerStarted.await();
                throw boom;
              });
      assertTimeoutPreemptively(
          NO_HANG,
          () -> {
            assertSame(boom, assertThrows(AssetsException.class, () -> pool.runAll(tasks)));
            interrupted.await();
          });
    }
  }

  @Test
  void laterTasks_doNotStartAfterAFailure() {
    try (TransferPool pool = new TransferPool("test", 1)) {
      AtomicInteger ran = new AtomicInteger();
      List<TransferPool.Task> tasks = new ArrayList<>();
      tasks.add(
          () -> {
            throw new IOException("disk gone");
          });
      for (int i = 0; i < 100; i++) {
        tasks.add(ran::incrementAndGet);
      }
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> pool.runAll(tasks));
      assertEquals("disk gone", e.getCause().getMessage());
      assertEquals(0, ran.get());
    }
  }

  /**
   * A failed batch returns once its interrupted tasks have cleaned up after themselves (dropped
   * what they staged): in the CLI the process exits right after, which would cut the clean-up off.
   */
  @Test
  void aFailure_returnsAfterTheInterruptedTasksCleanedUp() {
    try (TransferPool pool = new TransferPool("test", 2)) {
      CountDownLatch blockerStarted = new CountDownLatch(1);
      AtomicInteger cleanedUp = new AtomicInteger();
      List<TransferPool.Task> tasks =
          List.of(
              () -> {
                blockerStarted.countDown();
                try {
                  Thread.sleep(60_000);
                } catch (InterruptedException e) {
                  Thread.sleep(300); // a slow clean-up, e.g. aborting a multipart upload
                  cleanedUp.incrementAndGet();
                }
              },
              () -> {
                blockerStarted.await();
                throw new IOException("disk gone");
              });
      assertTimeoutPreemptively(
          NO_HANG, () -> assertThrows(UncheckedIOException.class, () -> pool.runAll(tasks)));
      assertEquals(1, cleanedUp.get());
    }
  }

  /** A task that ignores its interruption holds the failure back no longer than the grace. */
  @Test
  void aFailure_waitsForAStuckTask_noLongerThanTheGrace() {
    try (TransferPool pool = new TransferPool("test", 2)) {
      CountDownLatch blockerStarted = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      List<TransferPool.Task> tasks =
          List.of(
              () -> {
                blockerStarted.countDown();
                while (release.getCount() > 0) {
                  try {
                    release.await(); // like a socket read: the interruption does not end it
                  } catch (InterruptedException e) {
                    // ignored
                  }
                }
              },
              () -> {
                blockerStarted.await();
                throw new IOException("disk gone");
              });
      long start = System.nanoTime();
      assertTimeoutPreemptively(
          NO_HANG, () -> assertThrows(UncheckedIOException.class, () -> pool.runAll(tasks)));
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      release.countDown();
      assertTrue(tookMs >= TransferPool.CANCELLED_TASKS_GRACE_MS - 50, "returned after " + tookMs);
    }
  }

  /**
   * A worker still queued behind another batch when its own batch fails is not waited for: it would
   * find the failure and take no task.
   */
  @Test
  void aFailure_doesNotWaitForWorkersQueuedBehindAnotherBatch() throws Exception {
    try (TransferPool pool = new TransferPool("test", 2)) {
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread other =
          new Thread(
              () ->
                  pool.runAll(
                      List.of(
                          () -> {
                            holding.countDown();
                            release.await();
                          },
                          () -> {})));
      other.start();
      holding.await(); // one thread of two held by the other batch
      AtomicInteger ran = new AtomicInteger();
      List<TransferPool.Task> tasks =
          List.of(
              () -> {
                throw new IOException("disk gone");
              },
              ran::incrementAndGet);
      long start = System.nanoTime();
      try {
        assertTimeoutPreemptively(
            NO_HANG, () -> assertThrows(UncheckedIOException.class, () -> pool.runAll(tasks)));
      } finally {
        release.countDown();
        other.join();
      }
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMs < TransferPool.CANCELLED_TASKS_GRACE_MS, "returned after " + tookMs);
    }
  }
}
