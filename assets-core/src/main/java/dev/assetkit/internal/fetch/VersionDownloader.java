package dev.assetkit.internal.fetch;

import dev.assetkit.AssetMeta;
import dev.assetkit.AssetMeta.FileEntry;
import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;
import dev.assetkit.IntegrityException;
import dev.assetkit.TransferListener;
import dev.assetkit.internal.cache.LocalCacheLayout;
import dev.assetkit.internal.log.Log;
import dev.assetkit.internal.store.RemoteStore;
import dev.assetkit.internal.transfer.FileTrees;
import dev.assetkit.internal.transfer.FolderCreations;
import dev.assetkit.internal.transfer.FollowingHasher;
import dev.assetkit.internal.transfer.Hashing;
import dev.assetkit.internal.transfer.TransferPool;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.ObjectKeys;
import dev.assetkit.spi.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Downloads one version into staging, verifies it, and moves it into place in one rename. Called
 * with the version's lock held, so the staging folder is this call's alone and anything found in it
 * is a dead process's leftover.
 */
public final class VersionDownloader {
  private static final Log LOG = Log.of(VersionDownloader.class);

  /**
   * Files at least this large are hashed while they download (on a thread of their own) rather than
   * re-read afterwards; below it, a thread hand-off costs more than the overlap saves.
   */
  static final long FOLLOW_HASH_THRESHOLD = 4L << 20;

  private final RemoteStore store;
  private final LocalCacheLayout layout;
  private final TransferPool pool;
  private final TransferListener listener;

  /** A downloader from {@code store} into {@code layout}, transferring files on {@code pool}. */
  public VersionDownloader(RemoteStore store, LocalCacheLayout layout, TransferPool pool) {
    this(store, layout, pool, TransferListener.NONE);
  }

  /** As above, telling {@code listener} about each file. */
  public VersionDownloader(
      RemoteStore store, LocalCacheLayout layout, TransferPool pool, TransferListener listener) {
    this.store = store;
    this.layout = layout;
    this.pool = pool;
    this.listener = listener;
  }

  /**
   * Downloads, verifies and installs the version described by {@code meta}. The previous copy, if
   * any, stays in place until the new one is complete and verified.
   */
  public void install(String name, String version, AssetMeta meta) {
    Path staging = layout.stagingDir(name, version);
    try {
      FileTrees.deleteRecursively(staging);
      Files.createDirectories(staging);
      if (meta.directory()) {
        installDirectory(name, version, meta, staging);
      } else {
        installFile(name, version, meta, staging);
      }
    } catch (IOException e) {
      throw localFailure(name, version, e);
    } catch (UncheckedIOException e) {
      throw localFailure(name, version, e.getCause());
    } finally {
      try {
        FileTrees.deleteRecursively(staging);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "could not clean {0}: {1}", staging, e.getMessage());
      }
    }
  }

  private void installFile(String name, String version, AssetMeta meta, Path staging)
      throws IOException {
    Path staged = staging.resolve("data");
    FileEntry entry = meta.files().isEmpty() ? null : meta.files().get(0);
    downloadTracked(store.dataKey(name, version), staged, entry, () -> name + ":" + version);
    Path target = layout.versionPath(name, version);
    Files.createDirectories(target.getParent());
    if (Files.isDirectory(target)) {
      moveToTrash(target); // a directory where a file belongs: a leftover of another tool
    }
    // One atomic rename replaces any previous copy; the marker follows.
    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Path marker = layout.fileMarker(name, version);
    if (!Files.exists(marker)) {
      Files.createFile(marker);
    }
  }

  private void installDirectory(String name, String version, AssetMeta meta, Path staging)
      throws IOException {
    Path tree = staging.resolve("tree");
    Files.createDirectories(tree);
    List<TransferPool.Task> tasks = new ArrayList<>(meta.files().size());
    Set<Path> folders = new HashSet<>();
    for (FileEntry entry : meta.files()) {
      Path local = resolveInside(tree, entry.path());
      // Each folder once, here, rather than a mkdir and a stat per file in the tasks.
      if (folders.add(local.getParent())) {
        Files.createDirectories(local.getParent());
      }
      tasks.add(
          () ->
              downloadTracked(
                  store.fileKey(name, version, entry.path()),
                  local,
                  entry,
                  () -> name + ":" + version + "[" + entry.path() + "]"));
    }
    pool.runAll(tasks);
    // The marker goes in before the rename, so the version appears complete in one step.
    Files.createFile(tree.resolve(LocalCacheLayout.MARKER));
    Path target = layout.versionPath(name, version);
    Files.createDirectories(target.getParent());
    Path previous = Files.exists(target) ? moveToTrash(target) : null;
    Files.move(tree, target, StandardCopyOption.ATOMIC_MOVE);
    if (previous != null) {
      FileTrees.deleteRecursively(previous);
    }
  }

  /**
   * Downloads and checks one file; returns its size. {@code what} names the file in messages, built
   * only for one: a string per file cost a 10,000-file pull as many concatenations.
   */
  private long downloadVerified(String key, Path local, FileEntry entry, Supplier<String> what)
      throws IOException {
    if (entry == null || entry.sha256().isEmpty()) {
      // A modelkit-written meta: nothing to check but the size, when it is known.
      download(key, local, DownloadProgress.NONE);
      long size = Files.size(local);
      if (entry != null) {
        checkSize(size, entry, what);
      }
      return size;
    }
    long expected = entry.size().orElse(0);
    if (entry.size().isPresent() && expected < Hashing.IN_MEMORY_THRESHOLD) {
      byte[] bytes = store.driver().readSmall(key, (int) expected);
      if (bytes.length > expected) {
        throw new IntegrityException(
            what.get()
                + ": the object in the store is larger than the "
                + expected
                + " bytes the meta says; it was changed, nothing was installed");
      }
      checkSize(bytes.length, entry, what);
      checkSha256(Hashing.sha256(bytes), entry, what);
      writeFile(local, bytes);
      return bytes.length;
    }
    if (expected < FOLLOW_HASH_THRESHOLD) {
      download(key, local, DownloadProgress.NONE);
      Hashing.HashedFile hashed = Hashing.sha256AndSize(local, expected);
      checkSize(hashed.size(), entry, what);
      checkSha256(hashed.sha256(), entry, what);
      return hashed.size();
    }
    try (FollowingHasher hasher = FollowingHasher.start(local)) {
      download(key, local, hasher);
      long size = Files.size(local);
      checkSize(size, entry, what);
      checkSha256(hasher.finish(size), entry, what);
      return size;
    }
  }

  private void download(String key, Path local, DownloadProgress progress) throws IOException {
    try {
      store.driver().download(key, local, progress);
    } catch (StorageException e) {
      // Drivers report a failed local write in their own words; a full disk deserves its own.
      if (mentionsFullDisk(e)) {
        throw new FileSystemException(local.toString(), null, "No space left on device");
      }
      throw e;
    }
  }

  /** Writes checked bytes to a new file: one open, one write, one close. */
  private static void writeFile(Path local, byte[] bytes) throws IOException {
    try (FileChannel out = FolderCreations.createForWriting(local)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    }
  }

  private static void checkSize(long size, FileEntry entry, Supplier<String> what) {
    if (entry.size().isPresent() && entry.size().getAsLong() != size) {
      throw new IntegrityException(
          what.get()
              + ": downloaded "
              + size
              + " bytes but the meta says "
              + entry.size().getAsLong()
              + "; the object in the store was changed or truncated, nothing was installed");
    }
  }

  private static void checkSha256(String actual, FileEntry entry, Supplier<String> what) {
    if (!actual.equals(entry.sha256().orElseThrow())) {
      throw new IntegrityException(
          what.get()
              + ": sha256 is "
              + actual
              + " but the meta says "
              + entry.sha256().get()
              + "; the object in the store was altered, nothing was installed");
    }
  }

  private static boolean mentionsFullDisk(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("No space left")) {
        return true;
      }
    }
    return false;
  }

  private Path moveToTrash(Path target) throws IOException {
    Path trash = layout.trashDir().resolve(UUID.randomUUID().toString());
    Files.createDirectories(trash.getParent());
    Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
    return trash;
  }

  /**
   * {@code relative} under {@code root}, refused if it could leave it. The character check of
   * object keys (no {@code .}, {@code ..} or empty segment, no leading {@code /}) makes a single
   * {@code resolve} safe: one pass over the characters per file, where splitting and normalising
   * cost the main thread ~20 ms for 10,000 files before the first transfer.
   */
  private static Path resolveInside(Path root, String relative) {
    if (ObjectKeys.problemWith(relative).isPresent()) {
      throw new AssetsException(
          ErrorKind.INTEGRITY, "meta entry '" + relative + "' would leave the version folder");
    }
    return root.resolve(relative);
  }

  private static AssetsException localFailure(String name, String version, IOException e) {
    // A full disk is a FileSystemException from a file operation, a plain IOException from a write.
    if (e.getMessage() != null && e.getMessage().contains("No space left")) {
      return new AssetsException(
          ErrorKind.UNAVAILABLE,
          "no space left on the device of the assets directory while fetching "
              + name
              + ":"
              + version
              + "; free some space (see 'assets cache prune'); the previous copy, if any, is intact",
          e);
    }
    if (e.getCause() instanceof StorageException storage) {
      return storage;
    }
    return new AssetsException(
        ErrorKind.INTERNAL,
        "could not write "
            + name
            + ":"
            + version
            + " into the assets directory: "
            + e
            + "; the previous copy, if any, is intact",
        e);
  }

  private void downloadTracked(String key, Path local, FileEntry entry, Supplier<String> what)
      throws IOException {
    String path = entry == null ? "" : entry.path();
    long size = entry == null ? -1 : entry.size().orElse(-1);
    listener.fileStarted(path, local, size);
    long downloaded = downloadVerified(key, local, entry, what);
    listener.fileFinished(path, downloaded);
  }
}
