package dev.assetkit.driver.gcs.fake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The buckets and objects of the fake server. Object bytes live in files under one directory, never
 * in the heap. Every check-and-commit of a write or delete runs under its bucket's lock, so that
 * preconditions are atomic as they are in GCS.
 */
final class FakeStore {
  /** One bucket: its objects sorted by name, and the lock its writers commit under. */
  static final class Bucket {
    final String name;
    final Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    final NavigableMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();
    final Object commitLock = new Object();

    Bucket(String name) {
      this.name = name;
    }
  }

  private final Path blobs;
  private final Path staging;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  // GCS generations are microsecond timestamps; keep them increasing even within one microsecond.
  private final AtomicLong lastGeneration = new AtomicLong();
  private final AtomicLong stagedCount = new AtomicLong();

  FakeStore(Path root) throws IOException {
    this.blobs = Files.createDirectories(root.resolve("blobs"));
    this.staging = Files.createDirectories(root.resolve("staging"));
  }

  /** A new empty file to receive bytes into. */
  Path newStagingFile() {
    return staging.resolve("upload-" + stagedCount.incrementAndGet());
  }

  Bucket createBucket(String name) {
    if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]")) {
      throw GcsError.badRequest("Invalid bucket name: '" + name + "'");
    }
    Bucket bucket = new Bucket(name);
    if (buckets.putIfAbsent(name, bucket) != null) {
      throw GcsError.conflict(
          "Your previous request to create the named bucket succeeded and you already own it.");
    }
    return bucket;
  }

  Bucket bucket(String name) {
    Bucket bucket = buckets.get(name);
    if (bucket == null) {
      throw GcsError.bucketNotFound();
    }
    return bucket;
  }

  Iterable<Bucket> buckets() {
    return buckets.values();
  }

  void deleteBucket(String name) {
    Bucket bucket = bucket(name);
    synchronized (bucket.commitLock) {
      if (!bucket.objects.isEmpty()) {
        throw GcsError.conflict("The bucket you tried to delete is not empty.");
      }
      buckets.remove(name);
    }
  }

  /**
   * The live generation of an object.
   *
   * @param generation a specific generation asked for, or {@code null}
   */
  StoredObject get(String bucketName, String name, Long generation) {
    StoredObject object = bucket(bucketName).objects.get(name);
    if (object == null || generation != null && object.generation() != generation) {
      throw GcsError.objectNotFound(bucketName, name);
    }
    return object;
  }

  /** The live generation of an object, or {@code null}. */
  StoredObject find(String bucketName, String name) {
    return bucket(bucketName).objects.get(name);
  }

  /**
   * Makes received bytes the new live generation of {@code name} if {@code preconditions} hold
   * against the current one, atomically.
   */
  StoredObject commit(
      String bucketName,
      String name,
      StagedBytes.Received received,
      String contentType,
      Preconditions preconditions)
      throws IOException {
    Bucket bucket = bucket(bucketName);
    if (name == null || name.isEmpty()) {
      throw GcsError.badRequest("Required parameter: name");
    }
    StoredObject previous;
    StoredObject created;
    synchronized (bucket.commitLock) {
      previous = bucket.objects.get(name);
      preconditions.checkWrite(previous);
      long generation = nextGeneration();
      Path file = blobs.resolve(Long.toString(generation));
      Files.move(received.file(), file, StandardCopyOption.ATOMIC_MOVE);
      created =
          new StoredObject(
              bucketName,
              name,
              generation,
              1,
              received.size(),
              contentType == null ? "application/octet-stream" : contentType,
              received.md5Base64(),
              received.crc32cBase64(),
              Instant.now().truncatedTo(ChronoUnit.MILLIS),
              file);
      bucket.objects.put(name, created);
    }
    // A reader that opened the old generation keeps its open file; later readers get a 404, as in
    // GCS once a generation is replaced.
    if (previous != null) {
      Files.deleteIfExists(previous.file());
    }
    return created;
  }

  /** Deletes the live generation if {@code preconditions} hold. */
  void delete(String bucketName, String name, Long generation, Preconditions preconditions)
      throws IOException {
    Bucket bucket = bucket(bucketName);
    StoredObject removed;
    synchronized (bucket.commitLock) {
      StoredObject current = bucket.objects.get(name);
      if (current == null || generation != null && current.generation() != generation) {
        throw GcsError.objectNotFound(bucketName, name);
      }
      preconditions.checkWrite(current);
      bucket.objects.remove(name);
      removed = current;
    }
    Files.deleteIfExists(removed.file());
  }

  private long nextGeneration() {
    long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    return lastGeneration.updateAndGet(last -> Math.max(last + 1, now));
  }
}
