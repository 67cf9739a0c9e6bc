package dev.assetkit.internal.publish;

import dev.assetkit.AssetMeta.FileEntry;
import dev.assetkit.TransferListener;
import dev.assetkit.internal.publish.SourceScanner.ListedFile;
import dev.assetkit.internal.publish.SourceScanner.Listing;
import dev.assetkit.internal.publish.SourceScanner.Source;
import dev.assetkit.internal.transfer.FollowingHasher;
import dev.assetkit.internal.transfer.Hashing;
import dev.assetkit.internal.transfer.TransferPool;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.SmallReads;
import dev.assetkit.spi.StagedObject;
import dev.assetkit.spi.StorageDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Copies a source into the store's staging area and hashes every file on the way, so that each file
 * is read once, where hashing it first and uploading it after the claim reads it twice.
 *
 * <p>For drivers with {@link dev.assetkit.spi.Capability#STAGED_WRITES} ({@link #stage}) a small
 * file is read into memory, hashed there and staged from those very bytes. A larger one is staged
 * by the driver (in the kernel, for the local store) while a {@link FollowingHasher} reads each
 * copied block again from the page cache, on another core; since the hash and the copy then read
 * the source separately, a file whose size or modification time changed meanwhile is refused rather
 * than published with a checksum that might not be its bytes'.
 *
 * <p>For drivers with {@link dev.assetkit.spi.Capability#STAGED_UPLOADS} ({@link #stageUploads})
 * only the large files are sent, the same way, under the keys they are meant for; the small ones
 * are hashed only, and uploaded after the claim.
 */
final class SourceStager {
  private SourceStager() {}

  /** A source staged in the store; {@link #close} discards what was not committed. */
  static final class StagedSource implements AutoCloseable {
    private final Source source;
    private final Registry registry;

    private StagedSource(Source source, Registry registry) {
      this.source = source;
      this.registry = registry;
    }

    /** The source with every file's size and sha256, as staged. */
    Source source() {
      return source;
    }

    /** The staged data of a file of {@link #source()}, or empty for a file only hashed. */
    Optional<StagedObject> staged(FileEntry entry) {
      return Optional.ofNullable(registry.get(entry.path()));
    }

    /** Forgets a file whose staged data is now an object. */
    void committed(FileEntry entry) {
      registry.remove(entry.path());
    }

    /** Discards whatever is still staged; idempotent. */
    void discard() {
      registry.close();
    }

    @Override
    public void close() {
      discard();
    }
  }

  /**
   * Stages every file of {@code root} on {@code pool}, telling {@code listener} as an upload of
   * {@code label}. On failure nothing stays staged.
   */
  static StagedSource stage(
      Path root, StorageDriver driver, TransferPool pool, TransferListener listener, String label) {
    Listing listing = SourceScanner.list(root, pool);
    Registry registry = new Registry(driver);
    List<TransferPool.Task> tasks = new ArrayList<>();
    long total = 0;
    for (ListedFile file : listing.files()) {
      total += file.sizeHint();
      tasks.add(
          () -> {
            listener.fileStarted(file.path(), file.local(), file.sizeHint());
            FileEntry entry = stageOne(file, driver, registry);
            listener.fileFinished(file.path(), entry.size().orElse(-1));
          });
    }
    listener.transferStarted(
        TransferListener.Direction.UPLOAD, label, listing.files().size(), total);
    boolean succeeded = false;
    try {
      runAll(listing, pool, tasks, registry);
      succeeded = true;
    } finally {
      listener.transferFinished(succeeded);
    }
    return new StagedSource(SourceScanner.source(listing, registry.entries.values()), registry);
  }

  /**
   * Sends every file of {@code listing} of at least the driver's {@link
   * StorageDriver#stagedUploadMinimumSize()} under {@code keyOf} its path, and hashes the others;
   * tells {@code listener} about the files sent, within a transfer the caller reports. On failure
   * nothing stays staged.
   */
  static StagedSource stageUploads(
      Listing listing,
      StorageDriver driver,
      TransferPool pool,
      TransferListener listener,
      Function<String, String> keyOf) {
    Registry registry = new Registry(driver);
    long minimum = driver.stagedUploadMinimumSize();
    List<TransferPool.Task> tasks = new ArrayList<>();
    for (ListedFile file : listing.files()) {
      if (file.sizeHint() < minimum) {
        tasks.add(
            () -> {
              Hashing.HashedFile hashed = Hashing.sha256AndSize(file.local(), file.sizeHint());
              registry.hashed(FileEntry.of(file.path(), hashed.size(), hashed.sha256()));
            });
        continue;
      }
      String key = keyOf.apply(file.path());
      tasks.add(
          () -> {
            listener.fileStarted(file.path(), file.local(), file.sizeHint());
            FileEntry entry =
                stageFollowed(
                    file, registry, progress -> driver.stageUpload(key, file.local(), progress));
            listener.fileFinished(file.path(), entry.size().orElse(-1));
          });
    }
    runAll(listing, pool, tasks, registry);
    return new StagedSource(SourceScanner.source(listing, registry.entries.values()), registry);
  }

  private static void runAll(
      Listing listing, TransferPool pool, List<TransferPool.Task> tasks, Registry registry) {
    boolean succeeded = false;
    try {
      pool.runAll(tasks);
      succeeded = true;
    } catch (UncheckedIOException e) {
      throw SourceScanner.cannotRead(listing.root(), e.getCause());
    } finally {
      if (!succeeded) {
        registry.close();
      }
    }
  }

  private static FileEntry stageOne(ListedFile file, StorageDriver driver, Registry registry)
      throws IOException {
    if (file.sizeHint() < Hashing.IN_MEMORY_THRESHOLD) {
      int expected = (int) file.sizeHint();
      byte[] bytes;
      try (FileChannel in = FileChannel.open(file.local(), StandardOpenOption.READ)) {
        bytes = SmallReads.upTo(in, expected); // a buffer of the size the walk saw, not 1 MiB
      }
      if (bytes.length <= expected) {
        FileEntry entry = FileEntry.of(file.path(), bytes.length, Hashing.sha256(bytes));
        registry.staged(file.path(), driver.stage(bytes));
        registry.hashed(entry);
        return entry;
      }
      // It grew since the walk: stage it as a large file, which notices if it is still growing.
    }
    return stageFollowed(file, registry, progress -> driver.stage(file.local(), progress));
  }

  /**
   * Stages a file through {@code send} while a {@link FollowingHasher} reads each block sent again,
   * and refuses it if it changed meanwhile.
   */
  private static FileEntry stageFollowed(
      ListedFile file, Registry registry, Function<DownloadProgress, StagedObject> send)
      throws IOException {
    StagedObject staged;
    String sha256;
    try (FollowingHasher hasher = FollowingHasher.start(file.local())) {
      staged = send.apply(hasher);
      registry.staged(file.path(), staged); // first, so that any failure from here discards it
      sha256 = hasher.finish(staged.size());
    }
    // The hash and the copy read the source separately: both saw the same bytes only if the file
    // is as the walk found it, and as large as what was staged.
    BasicFileAttributes after = Files.readAttributes(file.local(), BasicFileAttributes.class);
    if (after.size() != staged.size() || !file.stamp().matches(after)) {
      throw SourceScanner.changedWhilePushed(file.local());
    }
    FileEntry entry = FileEntry.of(file.path(), staged.size(), sha256);
    registry.hashed(entry);
    return entry;
  }

  /**
   * What the staging tasks produced, and then what is not committed yet. Tasks still running when
   * another failed (the pool stops them only at their next I/O) may finish after the failure is
   * handled: they find the registry closed and discard what they staged themselves, so nothing is
   * left behind.
   */
  private static final class Registry implements AutoCloseable {
    private final StorageDriver driver;
    private final Map<String, FileEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, StagedObject> staged = new HashMap<>();
    private boolean closed;

    Registry(StorageDriver driver) {
      this.driver = driver;
    }

    void staged(String path, StagedObject object) {
      synchronized (this) {
        if (!closed) {
          staged.put(path, object);
          return;
        }
      }
      discardAll(driver, List.of(object));
    }

    void hashed(FileEntry entry) {
      entries.put(entry.path(), entry);
    }

    synchronized StagedObject get(String path) {
      return staged.get(path);
    }

    synchronized void remove(String path) {
      staged.remove(path);
    }

    @Override
    public void close() {
      Map<String, StagedObject> left;
      synchronized (this) {
        closed = true;
        left = new HashMap<>(staged);
        staged.clear();
      }
      discardAll(driver, left.values());
    }
  }

  /** Discards staged data, best effort: a leftover is invisible and costs only disk space. */
  private static void discardAll(StorageDriver driver, Collection<StagedObject> staged) {
    for (StagedObject object : staged) {
      try {
        driver.discardStaged(object);
      } catch (RuntimeException e) {
        System.getLogger(SourceStager.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "could not remove staged data {0}: {1}",
                object.handle(),
                e.getMessage());
      }
    }
  }
}
