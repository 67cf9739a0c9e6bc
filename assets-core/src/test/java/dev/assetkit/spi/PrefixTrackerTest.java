package dev.assetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
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
}
