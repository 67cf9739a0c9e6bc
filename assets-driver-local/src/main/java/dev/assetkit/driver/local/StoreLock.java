package dev.assetkit.driver.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion for the compare-and-swap writes of one store folder, across threads and
 * processes. File locks are held per JVM, not per thread, so a JVM-wide lock is taken first and the
 * OS file lock second.
 */
final class StoreLock {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

  private final Path lockFile;
  private final ReentrantLock jvmLock;

  StoreLock(Path lockFile) {
    this.lockFile = lockFile;
    this.jvmLock = IN_JVM.computeIfAbsent(lockFile, p -> new ReentrantLock());
  }

  /** Runs {@code action} holding both locks. */
  <T> T call(IoAction<T> action) throws IOException {
    jvmLock.lock();
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock fileLock = channel.lock();
        try {
          return action.run();
        } finally {
          fileLock.release();
        }
      }
    } finally {
      jvmLock.unlock();
    }
  }

  /** An action that may fail with an {@link IOException}. */
  interface IoAction<T> {
    T run() throws IOException;
  }
}
