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
}
