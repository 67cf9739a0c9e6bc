package dev.assetkit;

import java.nio.file.Path;

/**
 * Hears about the file transfers of one download or publish, for progress displays. Every method
 * has an empty default, so a listener implements only what it shows.
 *
 * <p>Methods are called from transfer threads, several at once: implementations must be thread-safe
 * and return quickly (count, do not print from here). A listener that throws breaks the transfer,
 * so do not.
 */
public interface TransferListener {
  /** The listener that ignores everything (the default). */
  TransferListener NONE = new TransferListener() {};

  /** Which way the bytes go. */
  enum Direction {
    /** From the store into the local assets directory. */
    DOWNLOAD,
    /** From a local file or folder into the store. */
    UPLOAD
  }

  /**
   * A transfer of {@code files} files begins.
   *
   * @param asset such as {@code models/encoder:1.2}
   * @param bytes the total size, or -1 when unknown (metas written by modelkit have no sizes)
   */
  default void transferStarted(Direction direction, String asset, int files, long bytes) {}

  /**
   * One file begins.
   *
   * @param path its path inside the version (empty for a file asset)
   * @param local the local file being written (download) or read (upload)
   * @param size its expected size, or -1 when unknown
   */
  default void fileStarted(String path, Path local, long size) {}

  /** One file is done (and, for a download, verified); {@code bytes} is its size. */
  default void fileFinished(String path, long bytes) {}

  /** The transfer is over, successfully or not; nothing more is reported for it. */
  default void transferFinished(boolean succeeded) {}
}
