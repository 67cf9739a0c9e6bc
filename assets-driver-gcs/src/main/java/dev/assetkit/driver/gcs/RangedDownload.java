package dev.assetkit.driver.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.PrefixTracker;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Downloads one object generation into a file, in ranges of {@code partSize} bytes read by up to
 * {@code parallelism} workers that write at their own file positions. Every range names the same
 * generation, so a concurrent overwrite cannot mix two versions: the old generation's ranges fail
 * with a 404 instead. Memory per worker is one read buffer, whatever the object's size.
 */
final class RangedDownload {
  private static final int BUFFER_SIZE = 256 << 10;
  // The client's read-ahead per ranged request; the default (2 MiB) is fine for whole parts.
  private static final int MAX_CHUNK = 2 << 20;

  private final Storage storage;
  private final BlobId generation;
  private final long size;
  private final long partSize;
  private final int parallelism;
  private final ExecutorService workers;

  /**
   * @param generation the object, with its generation set
   */
  RangedDownload(
      Storage storage,
      BlobId generation,
      long size,
      long partSize,
      int parallelism,
      ExecutorService workers) {
    this.storage = storage;
    this.generation = generation;
    this.size = size;
    this.partSize = partSize;
    this.parallelism = parallelism;
    this.workers = workers;
  }

  /**
   * Writes the object into {@code out} (positions 0 to size), telling {@code progress} how far it
   * is final as ranges complete; throws the first failure.
   */
  void into(FileChannel out, DownloadProgress progress) throws Exception {
    if (size == 0) {
      progress.prefixWritten(0);
      return;
    }
    long parts = (size + partSize - 1) / partSize;
    PrefixTracker prefix = new PrefixTracker((int) parts, partSize, partSize, size, progress);
    int workerCount = (int) Math.min(parallelism, parts);
    AtomicInteger nextPart = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    Runnable worker =
        () -> {
          ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
          int part;
          while (!failed.get() && (part = nextPart.getAndIncrement()) < parts) {
            long start = part * partSize;
            long end = Math.min(size, start + partSize);
            try {
              prefix.transfer(part, workerCount, () -> readRange(start, end, out, buffer));
            } catch (IOException | RuntimeException e) {
              failed.set(true);
              throw new RangeFailure(e);
            }
          }
        };
    List<Future<?>> others = new ArrayList<>();
    for (int i = 1; i < workerCount; i++) {
      others.add(workers.submit(worker));
    }
    Throwable first = null;
    try {
      // The calling thread is a worker too: one thread fewer, and a 1-part object needs no other.
      worker.run();
    } catch (RangeFailure e) {
      first = e.getCause();
    }
    for (Future<?> other : others) {
      try {
        other.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() instanceof RangeFailure ? e.getCause().getCause() : e;
        if (first == null) {
          first = cause;
        }
      } catch (InterruptedException e) {
        failed.set(true);
        others.forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        throw e;
      }
    }
    if (first instanceof Exception exception) {
      throw exception;
    }
    if (first instanceof Error error) {
      throw error;
    }
  }

  private void readRange(long start, long end, FileChannel out, ByteBuffer buffer)
      throws IOException {
    try (ReadChannel reader = storage.reader(generation)) {
      reader.setChunkSize((int) Math.min(MAX_CHUNK, end - start));
      reader.seek(start);
      reader.limit(end);
      long position = start;
      while (position < end) {
        buffer.clear();
        int read = reader.read(buffer);
        if (read < 0) {
          break;
        }
        buffer.flip();
        try {
          while (buffer.hasRemaining()) {
            position += out.write(buffer, position);
          }
        } catch (IOException e) {
          throw new LocalFileException("cannot write the downloaded bytes", e);
        }
      }
      if (position != end) {
        throw new StorageException(
            Reason.CORRUPT,
            "short read of "
                + generation.getName()
                + " at bytes "
                + start
                + "-"
                + end
                + ": the server sent "
                + (position - start)
                + " bytes");
      }
    }
  }

  /** Carries a worker's failure out of its {@link Runnable}. */
  private static final class RangeFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RangeFailure(Throwable cause) {
      super(cause);
    }
  }
}
