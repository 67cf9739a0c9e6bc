package dev.assetkit.spi;

/**
 * For drivers that download in ranges: turns the completions of the ranges, which arrive in any
 * order, into {@link DownloadProgress} reports of the contiguous prefix of the file that is final,
 * so that the engine can hash while the later ranges still arrive. Thread-safe.
 */
public final class PrefixTracker {
  private final boolean[] done;
  private final long firstLength;
  private final long rangeSize;
  private final long total;
  private final DownloadProgress progress;
  private int next; // guarded by this: the first range not yet done

  /**
   * For {@code count} ranges: the first of {@code firstLength} bytes, the others of {@code
   * rangeSize}, the last one ending at {@code total}.
   */
  public PrefixTracker(
      int count, long firstLength, long rangeSize, long total, DownloadProgress progress) {
    this.done = new boolean[count];
    this.firstLength = firstLength;
    this.rangeSize = rangeSize;
    this.total = total;
    this.progress = progress;
  }

  /** Range {@code index} (from 0) is written; reports the prefix if it grew. */
  public synchronized void completed(int index) {
    done[index] = true;
    int before = next;
    while (next < done.length && done[next]) {
      next++;
    }
    if (next > before) {
      // Under the lock, so that reports from different threads stay in increasing order.
      progress.prefixWritten(Math.min(total, firstLength + (next - 1) * rangeSize));
    }
  }
}
