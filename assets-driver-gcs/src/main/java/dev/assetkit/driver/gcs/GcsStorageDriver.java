package dev.assetkit.driver.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.Storage.BucketField;
import com.google.cloud.storage.Storage.BucketGetOption;
import dev.assetkit.spi.Capability;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.ObjectContent;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.ObjectKeys;
import dev.assetkit.spi.SmallReads;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A GCS bucket through the official client over HTTP. An object's tag is its generation: writes
 * with {@link Condition#ifAbsent()} send {@code ifGenerationMatch=0} and those with {@link
 * Condition#ifTagMatches(String)} {@code ifGenerationMatch=<tag>}, which GCS checks atomically.
 * Uploads stream from the file (one request when small, a resumable session when not); downloads
 * read one pinned generation in parallel ranges.
 */
final class GcsStorageDriver implements StorageDriver {
  private static final int LIST_PAGE_SIZE = 1000;
  private static final int READ_ATTEMPTS = 3;
  // Files up to this size (and the part size) go in one request, read into memory; larger ones
  // stream through a resumable session.
  private static final long MAX_SINGLE_REQUEST_UPLOAD = 4L << 20;
  private static final String CONTENT_TYPE = "application/octet-stream";

  private final Storage storage;
  private final String bucket;
  private final GcsErrors errors;
  private final long partSize;
  private final int parallelism;
  private final ExecutorService rangeWorkers;
  private final AtomicBoolean closed = new AtomicBoolean();
  // Set once any request shows the bucket exists, so a missing object costs no extra request.
  private volatile boolean bucketExists;

  GcsStorageDriver(
      Storage storage, GcsSettings settings, GcsCredentials credentials, DriverConfig config) {
    this.storage = storage;
    this.bucket = settings.bucket();
    this.errors = new GcsErrors(bucket, settings.endpoint(), credentials.source());
    this.partSize = config.partSize();
    this.parallelism = config.parallelism();
    AtomicInteger threads = new AtomicInteger();
    this.rangeWorkers =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "assetkit-gcs-range-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.ATOMIC_CREATE_IF_ABSENT, Capability.ATOMIC_REPLACE_IF_TAG_MATCHES);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    ObjectKeys.requireValid(key);
    try {
      Blob blob = storage.get(BlobId.of(bucket, key));
      if (blob == null) {
        requireBucket();
        return Optional.empty();
      }
      bucketExists = true;
      return Optional.of(info(key, blob));
    } catch (RuntimeException e) {
      throw errors.translate(e, key);
    }
  }

  @Override
  public Optional<ObjectContent> read(String key) {
    ObjectKeys.requireValid(key);
    try {
      // Stat, then read that generation: the tag returned is exactly that of the bytes. If the
      // object is replaced in between, the old generation is gone (404): look again.
      for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
        Blob blob = storage.get(BlobId.of(bucket, key));
        if (blob == null) {
          requireBucket();
          return Optional.empty();
        }
        bucketExists = true;
        ObjectInfo info = info(key, blob);
        if (info.size() > MAX_READ_BYTES) {
          throw StorageException.tooLarge(errors.uri(key), info.size());
        }
        byte[] bytes;
        try {
          bytes = storage.readAllBytes(BlobId.of(bucket, key, blob.getGeneration()));
        } catch (com.google.cloud.storage.StorageException e) {
          if (e.getCode() == 404) {
            continue;
          }
          throw e;
        }
        if (bytes.length != info.size()) {
          throw new StorageException(
              Reason.CORRUPT,
              "read "
                  + bytes.length
                  + " bytes of "
                  + errors.uri(key)
                  + " where GCS announced "
                  + info.size());
        }
        return Optional.of(new ObjectContent(info, bytes));
      }
      throw new StorageException(
          Reason.UNAVAILABLE,
          errors.uri(key) + " was replaced " + READ_ATTEMPTS + " times while it was read; retry");
    } catch (RuntimeException e) {
      throw errors.translate(e, key);
    }
  }

  /**
   * Downloads into a hidden sibling of {@code target} and renames it over the target when complete,
   * so that a failed download leaves an existing target as it was.
   */
  /**
   * One media request, read to its end or cut off one byte past {@code limit}: no stat first, as
   * {@link #download} needs for its ranges and {@link #read} for its tag.
   */
  @Override
  public byte[] readSmall(String key, int limit) {
    ObjectKeys.requireValid(key);
    byte[] bytes;
    try (ReadChannel reader = storage.reader(BlobId.of(bucket, key))) {
      bytes = SmallReads.upTo(reader, limit);
    } catch (IOException | RuntimeException e) {
      StorageException failure = errors.translate(e, key);
      if (failure.reason() == Reason.NOT_FOUND) {
        requireBucket(); // a missing bucket, rather than a missing object, says so
      }
      throw failure;
    }
    bucketExists = true;
    return bytes;
  }

  @Override
  public ObjectInfo download(String key, Path target) {
    ObjectKeys.requireValid(key);
    ObjectInfo info = stat(key).orElseThrow(() -> errors.notFound(key, null));
    Path absolute = target.toAbsolutePath();
    Path temp = createPartFile(absolute);
    try {
      rangesInto(temp, key, info, DownloadProgress.NONE);
      replaceTarget(temp, absolute);
      temp = null;
      return info;
    } finally {
      deleteQuietly(temp);
    }
  }

  /**
   * Writes the ranges straight into {@code target} (the engine's staging file) and reports how far
   * it is final as they land, so that the engine hashes while the rest arrives; a failed download
   * deletes the target.
   */
  @Override
  public ObjectInfo download(String key, Path target, DownloadProgress progress) {
    ObjectKeys.requireValid(key);
    ObjectInfo info = stat(key).orElseThrow(() -> errors.notFound(key, null));
    boolean complete = false;
    try {
      rangesInto(target, key, info, progress);
      complete = true;
      return info;
    } finally {
      if (!complete) {
        deleteQuietly(target);
      }
    }
  }

  private void rangesInto(Path file, String key, ObjectInfo info, DownloadProgress progress) {
    BlobId pinned = BlobId.of(bucket, key, Long.parseLong(info.tag()));
    try {
      FileChannel out = openForWriting(file);
      try {
        new RangedDownload(storage, pinned, info.size(), partSize, parallelism, rangeWorkers)
            .into(out, progress);
      } finally {
        closeWritten(out, file);
      }
    } catch (LocalFileException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(
          Reason.OTHER, "download of " + errors.uri(key) + " was interrupted", e);
    } catch (Exception e) {
      throw replacedOrTranslated(e, key, info);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A leftover file is harmless; the failure being thrown matters more.
      }
    }
  }

  // The part file sits next to the target, so that the final rename stays on one file system.
  private static Path createPartFile(Path target) {
    try {
      return Files.createTempFile(
          target.getParent(), "." + target.getFileName() + ".", ".gcs-part");
    } catch (IOException e) {
      throw new LocalFileException("cannot create a file next to " + target, e);
    }
  }

  private static FileChannel openForWriting(Path file) {
    try {
      return FileChannel.open(
          file,
          StandardOpenOption.CREATE,
          StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new LocalFileException("cannot write " + file, e);
    }
  }

  private static void closeWritten(FileChannel out, Path file) {
    try {
      out.close();
    } catch (IOException e) {
      throw new LocalFileException("cannot write " + file, e);
    }
  }

  private static void replaceTarget(Path temp, Path target) {
    try {
      try {
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new LocalFileException("cannot move the downloaded file to " + target, e);
    }
  }

  private StorageException replacedOrTranslated(Exception e, String key, ObjectInfo info) {
    StorageException translated = errors.translate(e, key);
    return translated.reason() == Reason.NOT_FOUND ? replaced(key, info, e) : translated;
  }

  // A 404 on a pinned generation means it was replaced or deleted during the download; trying
  // again gets the new one, or a plain not-found.
  private StorageException replaced(String key, ObjectInfo info, Throwable cause) {
    return new StorageException(
        Reason.UNAVAILABLE,
        true,
        errors.uri(key)
            + " changed while it was downloaded (generation "
            + info.tag()
            + " is gone); retry to get the current one",
        cause);
  }

  @Override
  public ObjectInfo upload(String key, Path source, Condition condition) {
    ObjectKeys.requireValid(key);
    long size;
    try {
      size = Files.size(source);
      if (size <= singleRequestLimit()) {
        // One multipart request instead of a session start and a PUT: small files are many.
        return write(key, Files.readAllBytes(source), condition);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the file to upload, " + source, e);
    }
    List<BlobWriteOption> options = new ArrayList<>();
    // Asset files are mostly incompressible; gzipping them on the wire only costs CPU.
    options.add(BlobWriteOption.disableGzipContent());
    if (condition instanceof Condition.IfAbsent) {
      options.add(BlobWriteOption.doesNotExist());
    } else if (condition instanceof Condition.IfTagMatches ifTag) {
      options.add(BlobWriteOption.generationMatch(generationOf(key, ifTag.tag())));
    }
    try {
      // A resumable session whose one PUT streams the file; after a failure the client asks how
      // much arrived and sends the rest.
      Blob blob =
          storage.createFrom(
              blobInfo(key),
              source,
              (int) singleRequestLimit(),
              options.toArray(BlobWriteOption[]::new));
      bucketExists = true;
      ObjectInfo info = info(key, blob);
      if (info.size() != size) {
        throw new StorageException(
            Reason.CORRUPT,
            "uploaded " + size + " bytes to " + errors.uri(key) + " but GCS stored " + info.size());
      }
      return info;
    } catch (IOException | RuntimeException e) {
      throw errors.translate(e, key, !(condition instanceof Condition.None));
    }
  }

  private long singleRequestLimit() {
    return Math.min(partSize, MAX_SINGLE_REQUEST_UPLOAD);
  }

  @Override
  public ObjectInfo write(String key, byte[] content, Condition condition) {
    ObjectKeys.requireValid(key);
    List<BlobTargetOption> options = new ArrayList<>();
    options.add(BlobTargetOption.disableGzipContent());
    if (condition instanceof Condition.IfAbsent) {
      options.add(BlobTargetOption.doesNotExist());
    } else if (condition instanceof Condition.IfTagMatches ifTag) {
      options.add(BlobTargetOption.generationMatch(generationOf(key, ifTag.tag())));
    }
    try {
      Blob blob = storage.create(blobInfo(key), content, options.toArray(BlobTargetOption[]::new));
      bucketExists = true;
      ObjectInfo info = info(key, blob);
      if (info.size() != content.length) {
        throw new StorageException(
            Reason.CORRUPT,
            "wrote "
                + content.length
                + " bytes to "
                + errors.uri(key)
                + " but GCS stored "
                + info.size());
      }
      return info;
    } catch (RuntimeException e) {
      throw errors.translate(e, key, !(condition instanceof Condition.None));
    }
  }

  @Override
  public Stream<ObjectInfo> list(String prefix) {
    ObjectKeys.requireValidPrefix(prefix);
    List<BlobListOption> options = new ArrayList<>();
    options.add(BlobListOption.pageSize(LIST_PAGE_SIZE));
    // Only what an ObjectInfo needs: a page of 1000 full resources is ten times larger.
    options.add(
        BlobListOption.fields(
            BlobField.BUCKET, BlobField.NAME, BlobField.SIZE, BlobField.GENERATION));
    if (!prefix.isEmpty()) {
      options.add(BlobListOption.prefix(prefix));
    }
    Page<Blob> first;
    try {
      first = storage.list(bucket, options.toArray(BlobListOption[]::new));
      bucketExists = true;
    } catch (RuntimeException e) {
      throw errors.translate(e, prefix.isEmpty() ? null : prefix);
    }
    // iterateAll fetches the next page only when the previous one is used up.
    Iterator<Blob> blobs = first.iterateAll().iterator();
    Iterator<ObjectInfo> infos =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            try {
              return blobs.hasNext();
            } catch (RuntimeException e) {
              throw errors.translate(e, prefix.isEmpty() ? null : prefix);
            }
          }

          @Override
          public ObjectInfo next() {
            Blob blob = blobs.next();
            return info(blob.getName(), blob);
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(infos, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  @Override
  public void delete(String key) {
    ObjectKeys.requireValid(key);
    try {
      // false when there was nothing to delete: not an error.
      storage.delete(BlobId.of(bucket, key));
    } catch (RuntimeException e) {
      throw errors.translate(e, key);
    }
  }

  @Override
  public String uri(String key) {
    return errors.uri(key);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    rangeWorkers.shutdownNow();
    try {
      storage.close();
    } catch (Exception e) {
      // Closing releases pooled connections; there is nothing to do about a failure here.
    }
  }

  @Override
  public String toString() {
    return "GcsStorageDriver[" + errors.uri(null) + "]";
  }

  // A missing object and a missing bucket look alike to storage.get (null for any 404): the first
  // time, ask about the bucket so that a wrong bucket name says so.
  private void requireBucket() {
    if (bucketExists) {
      return;
    }
    try {
      if (storage.get(bucket, BucketGetOption.fields(BucketField.NAME)) == null) {
        throw errors.bucketNotFound(null);
      }
      bucketExists = true;
    } catch (com.google.cloud.storage.StorageException e) {
      // Object permissions without bucket metadata permission: the object answer stands.
      if (e.getCode() == 403) {
        bucketExists = true;
        return;
      }
      throw e;
    }
  }

  private BlobInfo blobInfo(String key) {
    return BlobInfo.newBuilder(bucket, key).setContentType(CONTENT_TYPE).build();
  }

  private ObjectInfo info(String key, Blob blob) {
    Long size = blob.getSize();
    Long generation = blob.getGeneration();
    if (generation == null) {
      throw new StorageException(Reason.OTHER, "GCS returned no generation for " + errors.uri(key));
    }
    return new ObjectInfo(key, size == null ? 0 : size, Long.toString(generation));
  }

  // A tag this driver did not make (not a positive generation) can never match.
  private long generationOf(String key, String tag) {
    try {
      long generation = Long.parseLong(tag);
      if (generation > 0) {
        return generation;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw errors.preconditionFailed(key, null);
  }
}
