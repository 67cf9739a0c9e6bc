package dev.assetkit.spi;

/**
 * For drivers that download (or send) a file in ranges: turns the completions of the ranges, which
 * arrive in any order, into {@link DownloadProgress} reports of the contiguous prefix of the file
 * that is final, so that the engine can hash while the later ranges still arrive; and, through
 * {@link #transfer}, keeps the ranges from running far ahead of that hash. Thread-safe.
 */
public final class PrefixTracker {
  /** How often a range held back checks whether another range failed. */
  static final long ABANDON_CHECK_MS = 50;

  private final boolean[] done;
  private final long firstLength;
  private final long rangeSize;
  private final long total;
  private final DownloadProgress progress;
  private int next; // guarded by this: the first range not yet done
  private volatile boolean abandoned; // a range failed

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

  /** The transfer of one range, which may fail with {@code E}. */
  @FunctionalInterface
  public interface Range<E extends Exception> {
    /** Writes (or sends) the range. */
    void transfer() throws E;
  }

  /**
   * Transfers range {@code index} (from 0) of a transfer running {@code parallelism} ranges at
   * once, then reports it {@link #completed}. Before it starts, waits until the reader of the
   * progress is close enough behind, see {@link DownloadProgress#awaitConsumed}: the lead allowed
   * is one range more than the ranges in flight, so that a reader keeping up, which is told of each
   * range as it completes, never holds a range back. When a range fails, the ranges still waiting
   * are not transferred: their calls return at once, and the driver reports the failure.
   *
   * @throws StorageException when interrupted while waiting
   */
  public <E extends Exception> void transfer(int index, int parallelism, Range<E> range) throws E {
    try {
      if (!awaitTurn(index, parallelism)) {
        return; // another range failed: the transfer is over
      }
      range.transfer();
    } catch (Throwable failure) {
      // Interrupted while waiting, too: this range will never come, so nothing waits behind it.
      abandoned = true;
      throw failure;
    }
    completed(index);
  }

  private boolean awaitTurn(int index, int parallelism) {
    long start = startOf(index);
    long lead = (parallelism + 1L) * rangeSize;
    if (start <= lead) {
      return !abandoned;
    }
    // Timed, so that a wait ends soon after another range failed, which the reader never learns.
    Thread thread = Thread.currentThread();
    while (!abandoned
        && !thread.isInterrupted()
        && !progress.awaitConsumed(start - lead, ABANDON_CHECK_MS)) {
      // the reader is still too far behind
    }
    if (thread.isInterrupted()) {
      throw new StorageException(
          StorageException.Reason.OTHER,
          "transfer interrupted while waiting for the hash to catch up",
          new InterruptedException());
    }
    return !abandoned;
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
      progress.prefixWritten(Math.min(total, startOf(next)));
    }
  }

  /** Where range {@code index} starts; for {@code index == count}, past the end. */
  private long startOf(int index) {
    return index == 0 ? 0 : firstLength + (index - 1) * rangeSize;
  }
}
