package dev.assetkit.testing;

import dev.assetkit.spi.Capability;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.ObjectContent;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.ObjectKeys;
import dev.assetkit.spi.StagedObject;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A transient bucket in the heap: the fastest backend, for the engines' own tests. Conditional
 * writes are atomic (one lock for the whole bucket).
 */
public final class InMemoryStorageDriver implements StorageDriver {
  private record Stored(byte[] bytes, String tag) {}

  private final ConcurrentSkipListMap<String, Stored> objects = new ConcurrentSkipListMap<>();
  private final Map<String, byte[]> staged = new ConcurrentHashMap<>();
  // The key each staged upload was sent to (stageUpload); absent for stage().
  private final Map<String, String> stagedKeys = new ConcurrentHashMap<>();
  private final AtomicLong tags = new AtomicLong();
  private final Capability staging; // STAGED_WRITES, STAGED_UPLOADS or null
  private final long stagedUploadMinimumSize;

  /** A bucket without staged writes: the engines hash first and upload after the claim. */
  public InMemoryStorageDriver() {
    this(null, Long.MAX_VALUE);
  }

  private InMemoryStorageDriver(Capability staging, long stagedUploadMinimumSize) {
    this.staging = staging;
    this.stagedUploadMinimumSize = stagedUploadMinimumSize;
  }

  /** A bucket that declares {@link Capability#STAGED_WRITES}, as the local driver does. */
  public static InMemoryStorageDriver withStagedWrites() {
    return new InMemoryStorageDriver(Capability.STAGED_WRITES, Long.MAX_VALUE);
  }

  /**
   * A bucket that declares {@link Capability#STAGED_UPLOADS} for files of {@code minimumSize} bytes
   * or more, as the S3 driver does.
   */
  public static InMemoryStorageDriver withStagedUploads(long minimumSize) {
    return new InMemoryStorageDriver(Capability.STAGED_UPLOADS, minimumSize);
  }

  @Override
  public Set<Capability> capabilities() {
    Set<Capability> capabilities =
        EnumSet.of(Capability.ATOMIC_CREATE_IF_ABSENT, Capability.ATOMIC_REPLACE_IF_TAG_MATCHES);
    if (staging != null) {
      capabilities.add(staging);
    }
    return capabilities;
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    ObjectKeys.requireValid(key);
    return Optional.ofNullable(objects.get(key)).map(s -> info(key, s));
  }

  @Override
  public Optional<ObjectContent> read(String key) {
    ObjectKeys.requireValid(key);
    return Optional.ofNullable(objects.get(key))
        .map(s -> new ObjectContent(info(key, s), s.bytes().clone()));
  }

  @Override
  public ObjectInfo download(String key, Path target) {
    ObjectKeys.requireValid(key);
    Stored stored = objects.get(key);
    if (stored == null) {
      throw new StorageException(Reason.NOT_FOUND, "no object " + uri(key));
    }
    try {
      Files.write(target, stored.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return info(key, stored);
  }

  @Override
  public ObjectInfo upload(String key, Path source, Condition condition) {
    try {
      return write(key, Files.readAllBytes(source), condition);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized ObjectInfo write(String key, byte[] content, Condition condition) {
    ObjectKeys.requireValid(key);
    Stored current = objects.get(key);
    if (condition instanceof Condition.IfAbsent && current != null) {
      throw new StorageException(Reason.PRECONDITION_FAILED, uri(key) + " already exists");
    }
    if (condition instanceof Condition.IfTagMatches ifTag
        && (current == null || !current.tag().equals(ifTag.tag()))) {
      throw new StorageException(Reason.PRECONDITION_FAILED, uri(key) + " was changed");
    }
    Stored stored = new Stored(content.clone(), Long.toString(tags.incrementAndGet()));
    objects.put(key, stored);
    return info(key, stored);
  }

  @Override
  public StagedObject stage(Path source, DownloadProgress progress) {
    try {
      StagedObject object = stage(Files.readAllBytes(source));
      progress.prefixWritten(object.size());
      return object;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public StagedObject stage(byte[] content) {
    requireStaging(Capability.STAGED_WRITES);
    String handle = "staged-" + tags.incrementAndGet();
    staged.put(handle, content.clone());
    return new StagedObject(handle, content.length);
  }

  @Override
  public StagedObject stageUpload(String key, Path source, DownloadProgress progress) {
    requireStaging(Capability.STAGED_UPLOADS);
    ObjectKeys.requireValid(key);
    byte[] content;
    try {
      content = Files.readAllBytes(source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String handle = "upload-" + tags.incrementAndGet();
    staged.put(handle, content);
    stagedKeys.put(handle, key);
    progress.prefixWritten(content.length);
    return new StagedObject(handle, content.length);
  }

  @Override
  public long stagedUploadMinimumSize() {
    return stagedUploadMinimumSize;
  }

  @Override
  public synchronized void commitStaged(StagedObject object, String key, Condition condition) {
    requireStaging(staging);
    byte[] content = staged.get(object.handle());
    if (content == null) {
      throw new StorageException(Reason.NOT_FOUND, "nothing staged as " + object.handle());
    }
    String stagedKey = stagedKeys.get(object.handle());
    if (stagedKey != null && !stagedKey.equals(key)) {
      throw new IllegalArgumentException(object.handle() + " was sent to " + stagedKey);
    }
    write(key, content, condition);
    staged.remove(object.handle());
    stagedKeys.remove(object.handle());
  }

  @Override
  public void discardStaged(StagedObject object) {
    requireStaging(staging);
    staged.remove(object.handle());
    stagedKeys.remove(object.handle());
  }

  /** How many staged objects are neither committed nor discarded. */
  public int stagedCount() {
    return staged.size();
  }

  private void requireStaging(Capability wanted) {
    if (staging == null || staging != wanted) {
      throw new UnsupportedOperationException("this in-memory bucket does not declare " + wanted);
    }
  }

  @Override
  public Stream<ObjectInfo> list(String prefix) {
    ObjectKeys.requireValidPrefix(prefix);
    List<ObjectInfo> out = new ArrayList<>();
    for (Map.Entry<String, Stored> e : objects.tailMap(prefix).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      out.add(info(e.getKey(), e.getValue()));
    }
    return out.stream();
  }

  @Override
  public void delete(String key) {
    ObjectKeys.requireValid(key);
    objects.remove(key);
  }

  @Override
  public String uri(String key) {
    return "mem://bucket/" + key;
  }

  @Override
  public void close() {}

  /** Replaces an object's bytes behind the engines' back, as a corrupting tool would. */
  public void tamper(String key, byte[] content) {
    objects.put(key, new Stored(content.clone(), Long.toString(tags.incrementAndGet())));
  }

  private static ObjectInfo info(String key, Stored stored) {
    return new ObjectInfo(key, stored.bytes().length, stored.tag());
  }
}
