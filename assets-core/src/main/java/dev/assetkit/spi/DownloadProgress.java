package dev.assetkit.spi;

import java.nio.file.Path;

/**
 * Told, during {@link StorageDriver#download(String, Path, DownloadProgress)}, how much of the
 * target file is final from its start, so that the caller can read (hash) those bytes while the
 * rest still arrives instead of re-reading the whole file afterwards. During {@link
 * StorageDriver#stage(Path, DownloadProgress)} the same calls say how much of the <em>source</em>
 * has been copied.
 *
 * <p>Implementations are thread-safe: a driver writing ranges in parallel reports from whichever
 * thread completes the range that extends the prefix.
 */
public interface DownloadProgress {
  /** Ignores everything: a plain download. */
  DownloadProgress NONE =
      new DownloadProgress() {
        @Override
        public void prefixWritten(long bytes) {}
      };

  /**
   * The first {@code bytes} bytes of the target hold the object's bytes and will not be written
   * again by this attempt. Values are non-decreasing within one attempt.
   */
  void prefixWritten(long bytes);

  /**
   * A new attempt starts over: the target is rewritten from the beginning, so what was reported
   * before no longer holds. Called by whoever retries a failed download (the engines), never by a
   * driver within one call.
   */
  default void restarted() {}

  /**
   * Waits until whoever reads the reported prefix (the engine's hash) has read its first {@code
   * bytes} bytes or has stopped reading, at most {@code millis}; says whether it has. Answers
   * {@code true} at once when nothing reads the prefix (the default). Drivers writing ranges in
   * parallel call it through {@link PrefixTracker#transfer} before each range.
   *
   * <p>Why: where the transfer is bound by CPU rather than by the network (a store on loopback, a
   * fast network on few cores), the range threads take the cores from the hash, which then does
   * most of its work after the last byte arrived, on one core (measured: 0.5 s of a 1.8 s pull of 1
   * GiB from S3Proxy). Held back to a bounded lead, both share the cores to the end. A transfer
   * bound by the network is never held back: the hash keeps up with it.
   *
   * <p>Returns early, with the thread's interrupt status set, when interrupted.
   */
  default boolean awaitConsumed(long bytes, long millis) {
    return true;
  }
}
