package dev.assetkit.driver.azure;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobDownloadHeaders;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.PrefixTracker;
import dev.assetkit.spi.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Downloads one blob straight to disk in ranges of the part size, in parallel, never holding more
 * than the bytes in flight in memory.
 *
 * <p>The first range tells the size and the ETag; every later range is sent with {@code If-Match}
 * on that ETag, so a concurrent overwrite fails the download instead of mixing two versions. Bytes
 * go to a hidden temporary file next to the target, moved over it only when complete: a missing
 * blob or a failure leaves the target as it was. {@link #into} instead writes straight into the
 * engine's staging file and reports the final prefix as ranges land, so the engine hashes while the
 * rest arrives.
 */
final class RangedDownload {
  private final BlobClient blob;
  private final String key;
  private final String uri;
  private final long partSize;
  private final int parallelism;
  private final Duration timeout;
  private final ExecutorService pool;
  private final AzureErrors errors;

  RangedDownload(
      BlobClient blob,
      String key,
      String uri,
      long partSize,
      int parallelism,
      Duration timeout,
      ExecutorService pool,
      AzureErrors errors) {
    this.blob = blob;
    this.key = key;
    this.uri = uri;
    this.partSize = partSize;
    this.parallelism = parallelism;
    this.timeout = timeout;
    this.pool = pool;
    this.errors = errors;
  }

  ObjectInfo to(Path target) {
    Path temp = temporarySibling(target);
    try {
      Path parent = temp.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw cannotWrite(target, e);
    }
    ObjectInfo info = into(temp, DownloadProgress.NONE); // deletes temp when it fails
    try {
      moveOver(temp, target);
      return info;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw cannotWrite(target, e);
    }
  }

  /**
   * Writes the blob into {@code target} itself, telling {@code progress} how far it is final as
   * ranges complete; a failure deletes the target.
   */
  ObjectInfo into(Path target, DownloadProgress progress) {
    boolean complete = false;
    try (FileChannel channel =
        FileChannel.open(
            target,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ObjectInfo info = downloadInto(channel, progress);
      requireComplete(channel, info);
      complete = true;
      return info;
    } catch (IOException e) {
      throw cannotWrite(target, e);
    } finally {
      if (!complete) {
        deleteQuietly(target);
      }
    }
  }

  private StorageException cannotWrite(Path target, IOException e) {
    return new StorageException(
        StorageException.Reason.OTHER,
        "download " + uri + " cannot write " + target + ": " + AzureErrors.describe(e),
        e);
  }

  private void requireComplete(FileChannel channel, ObjectInfo info) throws IOException {
    if (channel.size() != info.size()) {
      throw new StorageException(
          StorageException.Reason.CORRUPT,
          "download " + uri + " wrote " + channel.size() + " bytes of " + info.size());
    }
  }

  private ObjectInfo downloadInto(FileChannel channel, DownloadProgress progress) {
    FileRegionOutputStream first = new FileRegionOutputStream(channel, 0, partSize);
    BlobDownloadHeaders headers;
    try {
      headers = range(first, new BlobRange(0, partSize), null);
    } catch (BlobStorageException e) {
      if (e.getStatusCode() != 416 || !BlobErrorCode.INVALID_RANGE.equals(e.getErrorCode())) {
        throw e;
      }
      // An empty blob has no byte 0, so its first range is refused: fetch it whole instead.
      first = new FileRegionOutputStream(channel, 0, 0);
      headers = range(first, null, null);
    }
    long size = totalSize(headers, first.written());
    String etag = headers.getETag();
    if (first.written() != Math.min(size, partSize)) {
      throw shortRange(0, first.written(), Math.min(size, partSize));
    }
    int parts = (int) ((size + partSize - 1) / partSize);
    if (parts == 0) {
      progress.prefixWritten(0);
      return new ObjectInfo(key, size, etag);
    }
    PrefixTracker prefix = new PrefixTracker(parts, partSize, partSize, size, progress);
    prefix.completed(0);
    if (parts > 1) {
      BlobRequestConditions pinned = new BlobRequestConditions().setIfMatch(etag);
      ParallelParts.run(
          pool,
          parallelism,
          parts - 1,
          i ->
              prefix.transfer(
                  i + 1, parallelism, () -> rangeAt((i + 1) * partSize, size, channel, pinned)));
    }
    return new ObjectInfo(key, size, etag);
  }

  private void rangeAt(long offset, long size, FileChannel channel, BlobRequestConditions pinned) {
    long length = Math.min(partSize, size - offset);
    FileRegionOutputStream out = new FileRegionOutputStream(channel, offset, length);
    try {
      range(out, new BlobRange(offset, length), pinned);
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 412) {
        throw errors.changedDuringDownload(uri);
      }
      throw errors.translate(e, "download", uri, Condition.none());
    } catch (RuntimeException e) {
      throw errors.translate(e, "download", uri, Condition.none());
    }
    if (out.written() != length) {
      throw shortRange(offset, out.written(), length);
    }
  }

  private BlobDownloadHeaders range(
      FileRegionOutputStream out, BlobRange range, BlobRequestConditions conditions) {
    return blob.downloadStreamWithResponse(
            out, range, AzureClients.STREAM_RETRIES, conditions, false, timeout, Context.NONE)
        .getDeserializedHeaders();
  }

  /** The blob's whole size, from {@code Content-Range: bytes 0-99/1234}, else from the body. */
  private static long totalSize(BlobDownloadHeaders headers, long received) {
    String range = headers.getContentRange();
    if (range != null) {
      int slash = range.lastIndexOf('/');
      if (slash >= 0 && !range.endsWith("*")) {
        try {
          return Long.parseLong(range.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
          // Fall through to the body's length: a server that garbles this sent the whole blob.
        }
      }
    }
    return received;
  }

  private StorageException shortRange(long offset, long received, long expected) {
    return new StorageException(
        StorageException.Reason.CORRUPT,
        "download "
            + uri
            + " received "
            + received
            + " bytes instead of "
            + expected
            + " for the range at "
            + offset
            + "; retry");
  }

  private static Path temporarySibling(Path target) {
    String name = target.getFileName() == null ? "download" : target.getFileName().toString();
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return target.resolveSibling("." + name + "." + suffix + ".azpart");
  }

  private static void moveOver(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover partial file is harmless; the failure being reported matters more.
    }
  }
}
