package dev.assetkit.driver.local;

import dev.assetkit.spi.Capability;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.ObjectContent;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.ObjectKeys;
import dev.assetkit.spi.SmallReads;
import dev.assetkit.spi.StagedObject;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A folder as a bucket. Every write lands in a temporary file under {@code .assetkit/} and is then
 * linked or renamed into place, so readers never see a partial object; {@link Condition#ifAbsent()}
 * is a hard link (atomic, fails if the name exists) and {@link Condition#ifTagMatches(String)} a
 * check and rename under a store-wide lock held across threads and processes. A staged write
 * ({@link #stage(Path, DownloadProgress)}) is such a temporary file, kept until it is committed.
 */
final class LocalStorageDriver implements StorageDriver {
  /** Reserved top-level folder for temporary files and the lock; never listed, never a key. */
  static final String WORK_DIR = ".assetkit";

  private static final int COMMIT_ATTEMPTS = 5;

  /** How long a temporary file of the work folder goes unwritten before it counts as abandoned. */
  static final Duration ABANDONED_AFTER = Duration.ofDays(1);

  /** The name of staged files in the work folder, before a random part. */
  private static final String STAGED_PREFIX = "stage-";

  /** The step of a copy between two progress reports: small against 1 GiB, large against a call. */
  private static final long STEP = 8L << 20;

  private final Path root;
  // Path.toUri() stats the folder (to know whether to end in '/'): once, not per call.
  private String baseUri;
  private final Path workDir;
  private final StoreLock lock;
  private final AtomicBoolean swept = new AtomicBoolean();

  /**
   * Temporary file names: one random part per process, which no other process shares, and a
   * counter. A UUID per file drew on SecureRandom each time (NativePRNG mixes in SHA-1): in a
   * 10,000-file push, C2 spent 0.7 s compiling SHA-1 and SecureRandom for it. A holder class, so
   * that a pull, which names no temporary file, never starts SecureRandom (~20 ms before its first
   * transfer). The files are created with CREATE_NEW all the same, so a clash fails instead of
   * sharing a file.
   */
  private static final class TempNames {
    static final String RANDOM = UUID.randomUUID().toString();
    static final AtomicLong COUNTER = new AtomicLong();

    static String next() {
      return RANDOM + "-" + COUNTER.incrementAndGet() + ".tmp";
    }
  }

  LocalStorageDriver(Path root) {
    this.root = root;
    this.workDir = root.resolve(WORK_DIR);
    this.lock = new StoreLock(workDir.resolve("cas.lock"));
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.ATOMIC_CREATE_IF_ABSENT,
        Capability.ATOMIC_REPLACE_IF_TAG_MATCHES,
        Capability.STAGED_WRITES);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    Path path = resolve(key);
    try {
      return attributes(path).map(a -> info(key, a));
    } catch (IOException e) {
      throw translate(e, key);
    }
  }

  @Override
  public Optional<ObjectContent> read(String key) {
    Path path = resolve(key);
    try {
      // A concurrent replace swaps the file whole; read until the tag is the same before and after.
      while (true) {
        Optional<BasicFileAttributes> before = attributes(path);
        if (before.isEmpty()) {
          return Optional.empty();
        }
        if (before.get().size() > MAX_READ_BYTES) {
          throw StorageException.tooLarge(uri(key), before.get().size());
        }
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
          continue;
        }
        Optional<BasicFileAttributes> after = attributes(path);
        if (after.isPresent() && tag(before.get()).equals(tag(after.get()))) {
          return Optional.of(new ObjectContent(info(key, after.get()), bytes));
        }
      }
    } catch (IOException e) {
      throw translate(e, key);
    }
  }

  /** One open and a read to the end: no attributes, since no tag is wanted. */
  @Override
  public byte[] readSmall(String key, int limit) {
    Path path = resolveUnchecked(key);
    try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
      return SmallReads.upTo(in, limit);
    } catch (NoSuchFileException e) {
      requireBucket(); // a missing store folder, rather than a missing object, says so
      throw translate(e, key);
    } catch (IOException e) {
      throw translate(e, key);
    }
  }

  @Override
  public ObjectInfo download(String key, Path target) {
    return download(key, target, DownloadProgress.NONE);
  }

  /** Copies in steps, reporting each, so that the engine hashes the copy as it lands. */
  @Override
  public ObjectInfo download(String key, Path target, DownloadProgress progress) {
    Path path = resolveUnchecked(key);
    try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      try (FileChannel out =
          FileChannel.open(
              target,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        transfer(in, out, progress);
      }
      return info(key, attributes);
    } catch (NoSuchFileException e) {
      requireBucket(); // a missing store folder, rather than a missing object, says so
      throw translate(e, key);
    } catch (IOException e) {
      throw translate(e, key);
    }
  }

  @Override
  public ObjectInfo upload(String key, Path source, Condition condition) {
    Path path = resolveUnchecked(key);
    return commit(
        key,
        path,
        condition,
        out -> {
          try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            transfer(in, out, DownloadProgress.NONE);
          }
        });
  }

  @Override
  public ObjectInfo write(String key, byte[] content, Condition condition) {
    Path path = resolveUnchecked(key);
    return commit(
        key,
        path,
        condition,
        out -> {
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
        });
  }

  /** Copies the source in the kernel into a new file of the work folder, reporting each step. */
  @Override
  public StagedObject stage(Path source, DownloadProgress progress) {
    FileChannel in;
    try {
      in = FileChannel.open(source, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new StorageException(
          Reason.OTHER, "cannot read " + source + ": " + describe(e), e); // the source's fault
    }
    try (in) {
      return stageInto(out -> transfer(in, out, progress));
    } catch (IOException e) {
      throw translate(e, "");
    }
  }

  @Override
  public StagedObject stage(byte[] content) {
    return stageInto(
        out -> {
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
          return content.length;
        });
  }

  /**
   * Links the staged file under its key (a hard link: atomic, and refused when the name exists) and
   * removes the staged name: two calls, where an upload also copies, closes and stats.
   */
  @Override
  public void commitStaged(StagedObject staged, String key, Condition condition) {
    Path temp = stagedFile(staged);
    Path path = resolveUnchecked(key);
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          place(key, temp, path, condition);
          break;
        } catch (NoSuchFileException e) {
          if (!Files.exists(temp)) {
            throw new StorageException(
                Reason.NOT_FOUND, "nothing is staged as " + staged.handle() + " in " + root, e);
          }
          // A new folder, or a concurrent delete removed the (then empty) parent: create it.
          if (attempt == COMMIT_ATTEMPTS) {
            throw e;
          }
          Files.createDirectories(path.getParent());
        }
      }
    } catch (IOException e) {
      throw translate(e, key);
    }
    deleteQuietly(temp); // still there after a link; already gone after a move
  }

  @Override
  public void discardStaged(StagedObject staged) {
    Path temp = stagedFile(staged);
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      throw translate(e, "");
    }
  }

  @Override
  public Stream<ObjectInfo> list(String prefix) {
    ObjectKeys.requireValidPrefix(prefix);
    requireBucket();
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? root : resolvePath(prefix.substring(0, slash));
    if (!Files.isDirectory(start)) {
      return Stream.empty();
    }
    try {
      // Files.walk reads directories as the stream is consumed: the listing is lazy.
      return Files.walk(start)
          .filter(p -> !p.startsWith(workDir))
          .filter(p -> keyOf(p).startsWith(prefix))
          .map(this::statListed)
          .flatMap(Optional::stream);
    } catch (IOException e) {
      throw translate(e, prefix);
    }
  }

  private Optional<ObjectInfo> statListed(Path path) {
    String key = keyOf(path);
    try {
      return attributes(path).map(a -> info(key, a));
    } catch (IOException e) {
      throw translate(e, key);
    }
  }

  @Override
  public void delete(String key) {
    Path path = resolve(key);
    try {
      if (Files.deleteIfExists(path)) {
        removeEmptyParents(path.getParent());
      }
    } catch (IOException e) {
      throw translate(e, key);
    }
  }

  @Override
  public String uri(String key) {
    String base = baseUri;
    if (base == null) {
      String uri = root.toUri().toString();
      base = baseUri = uri.endsWith("/") ? uri : uri + "/";
    }
    return base + key;
  }

  @Override
  public void close() {
    // Nothing to release: every file is closed after each call.
  }

  @Override
  public String toString() {
    return "LocalStorageDriver[" + root + "]";
  }

  // ---- writes

  private interface Filler {
    void fill(FileChannel temp) throws IOException;
  }

  /**
   * Writes the object to a new temporary file, then places it under its key as the condition says.
   * Folders (the work folder, the key's parents) are created only when a write finds them missing:
   * a 10,000-file push then costs no mkdir or stat per file for them.
   */
  private ObjectInfo commit(String key, Path path, Condition condition, Filler filler) {
    Path temp = null;
    try {
      temp = workDir.resolve("upload-" + nextTempName());
      try (FileChannel out = createTemp(temp)) {
        filler.fill(out);
      }
      // Rename and link keep the inode and modification time, so this is the final object's tag.
      ObjectInfo info = info(key, Files.readAttributes(temp, BasicFileAttributes.class));
      for (int attempt = 1; ; attempt++) {
        try {
          place(key, temp, path, condition);
          return info;
        } catch (NoSuchFileException e) {
          // A new folder, or a concurrent delete removed the (then empty) parent: create it.
          if (attempt == COMMIT_ATTEMPTS) {
            throw e;
          }
          Files.createDirectories(path.getParent());
        }
      }
    } catch (IOException e) {
      throw translate(e, key);
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
  }

  private interface StagingWriter {
    /** Writes the staged bytes; returns how many. */
    long write(FileChannel temp) throws IOException;
  }

  private StagedObject stageInto(StagingWriter writer) {
    if (!swept.getAndSet(true)) {
      removeAbandonedTemporaryFiles();
    }
    String handle = STAGED_PREFIX + nextTempName();
    Path temp = workDir.resolve(handle);
    boolean staged = false;
    try {
      long size;
      try (FileChannel out = createTemp(temp)) {
        size = writer.write(out);
      }
      staged = true;
      return new StagedObject(handle, size);
    } catch (IOException e) {
      throw translate(e, "");
    } finally {
      if (!staged) {
        deleteQuietly(temp);
      }
    }
  }

  /**
   * Deletes the temporary files of pushes that were killed (a staged file of a 1 GiB push is 1 GiB)
   * once per driver, when it first stages: files not written for {@link #ABANDONED_AFTER}, which no
   * live push leaves that long between staging and committing.
   */
  private void removeAbandonedTemporaryFiles() {
    long cutoff = System.currentTimeMillis() - ABANDONED_AFTER.toMillis();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(workDir, "*.tmp")) {
      for (Path file : files) {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.isRegularFile() && attributes.lastModifiedTime().toMillis() < cutoff) {
          deleteQuietly(file);
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      // Best effort: no work folder yet, or one being cleaned by another process.
    }
  }

  /** A name no other temporary file of this store has, ending in {@code .tmp}. */
  private String nextTempName() {
    return TempNames.next();
  }

  /** The work folder's file behind a handle this driver gave out, and never any other file. */
  private Path stagedFile(StagedObject staged) {
    String handle = staged.handle();
    if (!handle.startsWith(STAGED_PREFIX)
        || !handle.endsWith(".tmp")
        || handle.indexOf('/') >= 0
        || handle.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("not a handle of the local driver: " + handle);
    }
    return workDir.resolve(handle);
  }

  /**
   * Removes a temporary file, best effort: a leftover is harmless, it is never listed. On the
   * default file system through {@link java.io.File#delete()}, one {@code unlink}, where {@link
   * Files#deleteIfExists} first stats the file to choose between {@code unlink} and {@code rmdir}
   * (a push of 10,000 files: 10,000 calls fewer).
   */
  private static void deleteQuietly(Path temp) {
    if (temp.getFileSystem() == FileSystems.getDefault()) {
      temp.toFile().delete(); // false when already gone: the same outcome
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // as above
    }
  }

  private FileChannel createTemp(Path temp) throws IOException {
    try {
      return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      requireBucket(); // never create the store folder itself: a typo in the bucket must fail
      Files.createDirectories(workDir);
      return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }

  private void place(String key, Path temp, Path path, Condition condition) throws IOException {
    if (condition instanceof Condition.IfAbsent) {
      try {
        Files.createLink(path, temp);
      } catch (FileAlreadyExistsException e) {
        throw new StorageException(
            Reason.PRECONDITION_FAILED, "object " + uri(key) + " already exists");
      } catch (UnsupportedOperationException e) {
        lock.call(
            () -> {
              if (Files.exists(path)) {
                throw new StorageException(
                    Reason.PRECONDITION_FAILED, "object " + uri(key) + " already exists");
              }
              Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
              return null;
            });
      }
    } else if (condition instanceof Condition.IfTagMatches ifTag) {
      lock.call(
          () -> {
            Optional<BasicFileAttributes> current = attributes(path);
            if (current.isEmpty()) {
              throw new StorageException(
                  Reason.PRECONDITION_FAILED, "object " + uri(key) + " no longer exists");
            }
            if (!tag(current.get()).equals(ifTag.tag())) {
              throw new StorageException(
                  Reason.PRECONDITION_FAILED,
                  "object " + uri(key) + " was changed by another writer");
            }
            Files.move(
                temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
          });
    } else {
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private void removeEmptyParents(Path folder) {
    Path current = folder;
    while (current != null && !current.equals(root) && current.startsWith(root)) {
      try {
        Files.delete(current);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        return;
      } catch (IOException e) {
        return; // Best effort: an empty folder left behind is harmless.
      }
      current = current.getParent();
    }
  }

  // ---- paths, attributes, errors

  private Path resolve(String key) {
    Path path = resolveUnchecked(key);
    requireBucket();
    return path;
  }

  /**
   * As {@link #resolve} without checking that the store folder exists: for the calls that check it
   * only when a file is missing (download) or the work folder is (writes, in {@link #createTemp}).
   */
  private Path resolveUnchecked(String key) {
    ObjectKeys.requireValid(key);
    if (key.equals(WORK_DIR) || key.startsWith(WORK_DIR + "/")) {
      throw new StorageException(
          Reason.INVALID_KEY, "keys under '" + WORK_DIR + "/' are reserved by the local driver");
    }
    return resolvePath(key);
  }

  /**
   * {@code key} under the store folder, in one {@code resolve}: the key's characters are checked
   * already (no empty, {@code .} or {@code ..} segment, no backslash), so it can only name as many
   * folders below the root as it has segments, unless the file system reads a segment otherwise (a
   * drive letter, a name it refuses), which the count of names below catches. Resolving segment by
   * segment, as before, cost a pull of 10,000 files ~40 ms of its transfer threads' CPU.
   */
  private Path resolvePath(String key) {
    Path path;
    try {
      path = root.resolve(key);
    } catch (InvalidPathException e) {
      throw new StorageException(
          Reason.INVALID_KEY, "key '" + key + "' is not a valid path here: " + e.getReason());
    }
    if (!path.startsWith(root) || path.getNameCount() != root.getNameCount() + segments(key)) {
      throw new StorageException(
          Reason.INVALID_KEY, "key '" + key + "' would leave the store folder");
    }
    return path;
  }

  private static int segments(String key) {
    int count = 1;
    for (int i = key.indexOf('/'); i >= 0; i = key.indexOf('/', i + 1)) {
      count++;
    }
    return count;
  }

  private String keyOf(Path path) {
    Path relative = root.relativize(path);
    StringBuilder key = new StringBuilder();
    for (Path segment : relative) {
      if (key.length() > 0) {
        key.append('/');
      }
      key.append(segment);
    }
    return key.toString();
  }

  private void requireBucket() {
    if (!Files.isDirectory(root)) {
      throw new StorageException(
          Reason.BUCKET_NOT_FOUND,
          "local store folder " + root + " does not exist; create it or fix ASSETS_STORAGE_BUCKET");
    }
  }

  private static Optional<BasicFileAttributes> attributes(Path path) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return attributes.isRegularFile() ? Optional.of(attributes) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (FileSystemException e) {
      if (e.getMessage() != null && e.getMessage().contains("Not a directory")) {
        return Optional.empty(); // a parent segment is a file: no such object
      }
      throw e;
    }
  }

  private static ObjectInfo info(String key, BasicFileAttributes attributes) {
    return new ObjectInfo(key, attributes.size(), tag(attributes));
  }

  /**
   * The identity of one written file: every write creates a new file (a new inode while the old one
   * still exists), so its key, modification time and size change with every write.
   */
  private static String tag(BasicFileAttributes attributes) {
    Object fileKey = attributes.fileKey();
    long identity = fileKey == null ? 0 : fileKey.hashCode();
    return Long.toHexString(identity)
        + "-"
        + Long.toHexString(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS))
        + "-"
        + Long.toHexString(attributes.size());
  }

  /**
   * Copies in the kernel ({@code transferTo}), in steps of {@link #STEP} so that {@code progress}
   * hears about each: the copy stays out of user space and the hash can follow it.
   */
  private static long transfer(FileChannel in, FileChannel out, DownloadProgress progress)
      throws IOException {
    long size = in.size();
    long position = 0;
    while (position < size) {
      long moved = in.transferTo(position, Math.min(STEP, size - position), out);
      if (moved <= 0) {
        break; // the source shrank under us; what was read is what is stored
      }
      position += moved;
      progress.prefixWritten(position);
    }
    if (position == 0) {
      progress.prefixWritten(0); // an empty object is complete too; say so like any other
    }
    return position;
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private StorageException translate(IOException e, String key) {
    if (e instanceof AccessDeniedException) {
      return new StorageException(
          Reason.ACCESS_DENIED,
          "permission denied on "
              + e.getMessage()
              + " for "
              + uri(key)
              + "; check the folder's permissions",
          e);
    }
    if (e instanceof NoSuchFileException) {
      return new StorageException(Reason.NOT_FOUND, "no object " + uri(key), e);
    }
    return new StorageException(
        Reason.OTHER, "local store error on " + uri(key) + ": " + describe(e), e);
  }
}
