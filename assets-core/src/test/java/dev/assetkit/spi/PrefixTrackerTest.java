package dev.assetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.assetkit.testing.HeldBackReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PrefixTrackerTest {
  @Test
  void rangesCompletedOutOfOrder_reportOnlyTheContiguousPrefix() {
    List<Long> reports = new ArrayList<>();
    // 4 ranges of a 35-byte object: 10 first, then 10, 10 and the last 5.
    PrefixTracker tracker = new PrefixTracker(4, 10, 10, 35, reports::add);

    tracker.completed(2);
    tracker.completed(3);
    assertEquals(List.of(), reports, "nothing is final before the first range");
    tracker.completed(0);
    tracker.completed(1);

    assertEquals(List.of(10L, 35L), reports);
  }

  @Test
  void aSingleRange_reportsTheWholeObject() {
    List<Long> reports = new ArrayList<>();
    new PrefixTracker(1, 7, 16, 7, reports::add).completed(0);
    assertEquals(List.of(7L), reports);
  }

  @Test
  void transfer_holdsARangeBackUntilTheReaderIsWithinTheLead() {
    List<Long> asked = new ArrayList<>();
    List<Long> reports = new ArrayList<>();
    DownloadProgress reader =
        new DownloadProgress() {
          @Override
          public void prefixWritten(long bytes) {
            reports.add(bytes);
          }

          @Override
          public boolean awaitConsumed(long bytes, long millis) {
            asked.add(bytes);
            return true;
          }
        };
    // 10 ranges: 7 bytes first, then 10 each; 2 at a time, so the lead is 3 ranges (30 bytes).
    PrefixTracker tracker = new PrefixTracker(10, 7, 10, 97, reader);

    for (int index = 0; index < 10; index++) {
      tracker.transfer(index, 2, () -> {});
    }

    // Ranges 0-3 start at 0, 7, 17 and 27, within the lead: they never wait. Range 4 starts at 37.
    assertEquals(List.of(7L, 17L, 27L, 37L, 47L, 57L), asked);
    assertEquals(97L, reports.get(reports.size() - 1));
  }

  @Test
  void aFailedRange_releasesTheRangesHeldBack_withoutTransferringThem() throws Exception {
    HeldBackReader reader = new HeldBackReader(); // reads nothing
    PrefixTracker tracker = new PrefixTracker(10, 10, 10, 100, reader);
    AtomicBoolean transferred = new AtomicBoolean();
    Thread held = new Thread(() -> tracker.transfer(9, 2, () -> transferred.set(true)));
    held.start();
    reader.awaitHeldBack(1, Duration.ofSeconds(30));

    IOException failure = new IOException("range 0 failed");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                tracker.transfer(
                    0,
                    2,
                    () -> {
                      throw failure;
                    }));

    assertSame(failure, thrown);
    held.join(30_000);
    assertFalse(held.isAlive(), "a range still waits for a transfer that failed");
    assertFalse(transferred.get(), "a range went after another had failed");
  }

  @Test
  void transfer_interruptedWhileHeldBack_failsKeepsTheInterrupt_andReleasesTheOthers()
      throws Exception {
    HeldBackReader reader = new HeldBackReader();
    PrefixTracker tracker = new PrefixTracker(10, 10, 10, 100, reader);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread interrupted =
        new Thread(
            () -> {
              try {
                tracker.transfer(8, 2, () -> {});
              } catch (RuntimeException e) {
                outcome.set(e);
              }
              if (!Thread.currentThread().isInterrupted()) {
                outcome.set(new AssertionError("the interrupt was swallowed"));
              }
            });
    AtomicBoolean transferred = new AtomicBoolean();
    Thread other = new Thread(() -> tracker.transfer(9, 2, () -> transferred.set(true)));
    interrupted.start();
    other.start();
    reader.awaitHeldBack(2, Duration.ofSeconds(30));
    interrupted.interrupt();
    interrupted.join(30_000);
    other.join(30_000);

    assertInstanceOf(StorageException.class, outcome.get());
    // Range 8 will never come: a range behind it that went on waiting would wait forever.
    assertFalse(other.isAlive(), "a range still waits behind the interrupted one");
    assertFalse(transferred.get(), "a range went after another had failed");
  }
}
