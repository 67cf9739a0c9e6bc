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
}
