package dev.assetkit.internal.transfer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Creates files one at a time per folder, across the transfer threads of this process.
 *
 * <p>Why: the kernel creates one file at a time per folder anyway (the folder's inode lock), and a
 * thread that finds that lock taken spins on it while its owner runs, burning the core that the
 * other transfers, the hash and the JIT need. A tree's files are transferred in path order, so the
 * transfer threads are mostly creating files in the same folder. Where creating a file is slow
 * (ext4 right after a mass delete, as between the bench's runs: its inode allocator scans past
 * recently freed inodes while holding the lock), waiting here, parked, took a 10,000-file pull's
 * system time from 1.29 to 0.77 s and its wall time from 1.21 to 0.97 s (medians of 20 interleaved
 * runs; 1.06 to 1.04 s in a second series); on a fresh file system, where creating is quick, it
 * made no measurable difference (bench/analysis.md). Folders share a fixed number of locks by the
 * hash of their path, so that files of different folders rarely wait for each other and nothing
 * grows with the tree.
 */
public final class FolderCreations {
  private static final int STRIPES = 64; // a power of two

  private static final ReentrantLock[] LOCKS = new ReentrantLock[STRIPES];

  static {
    for (int i = 0; i < STRIPES; i++) {
      LOCKS[i] = new ReentrantLock();
    }
  }

  private FolderCreations() {}

  /**
   * Opens {@code file} for writing, created or truncated, once no other thread creates beside it.
   */
  public static FileChannel createForWriting(Path file) throws IOException {
    ReentrantLock lock = lockOf(file.getParent());
    lock.lock();
    try {
      return FileChannel.open(
          file,
          StandardOpenOption.CREATE,
          StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } finally {
      lock.unlock();
    }
  }

  static ReentrantLock lockOf(Path folder) {
    int hash = folder == null ? 0 : folder.hashCode();
    return LOCKS[(hash ^ (hash >>> 16)) & (STRIPES - 1)];
  }
}
