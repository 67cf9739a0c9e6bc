package dev.assetkit.internal.publish;

import dev.assetkit.AssetMeta.FileEntry;
import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;
import dev.assetkit.internal.transfer.Hashing;
import dev.assetkit.internal.transfer.TransferPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What a local file or folder holds, with sizes and checksums, before anything is uploaded. Hidden
 * files are included; an empty folder is a valid (empty) directory asset.
 */
public final class SourceScanner {
  private SourceScanner() {}

  /**
   * A scanned source.
   *
   * @param root the file or folder
   * @param directory whether it is a folder
   * @param files its files sorted by relative path (one entry with an empty path for a file)
   * @param stamps each file's {@link Stamp} by relative path, as the walk saw it before hashing
   */
  public record Source(
      Path root, boolean directory, List<FileEntry> files, Map<String, Stamp> stamps) {
    /** The local file of an entry. */
    public Path local(FileEntry entry) {
      if (!directory) {
        return root;
      }
      Path path = root;
      for (String segment : entry.path().split("/")) {
        path = path.resolve(segment);
      }
      return path;
    }

    /**
     * Refuses a file that changed since the walk that found it, or whose size is not the size
     * hashed: its meta's checksum could then belong to other bytes than those pushed.
     */
    public void requireUnchanged(FileEntry entry) throws IOException {
      Path local = local(entry);
      BasicFileAttributes now = Files.readAttributes(local, BasicFileAttributes.class);
      Stamp stamp = stamps.get(entry.path());
      if (stamp == null || !stamp.matches(now) || now.size() != entry.size().orElse(now.size())) {
        throw changedWhilePushed(local);
      }
    }
  }

  /**
   * What a file looked like when the walk found it: any write since changes its modification time
   * (and a replacement its file key).
   */
  record Stamp(FileTime modified, Object fileKey) {
    static Stamp of(BasicFileAttributes attributes) {
      return new Stamp(attributes.lastModifiedTime(), attributes.fileKey());
    }

    boolean matches(BasicFileAttributes attributes) {
      return modified.equals(attributes.lastModifiedTime())
          && Objects.equals(fileKey, attributes.fileKey());
    }
  }

  /** The error for a source file written while it was being pushed. */
  static AssetsException changedWhilePushed(Path local) {
    return new AssetsException(
        ErrorKind.CONFLICT,
        local
            + " changed while it was being pushed; push again once whatever writes it is done"
            + " (nothing was published)");
  }

  /**
   * The files of a source, not yet read.
   *
   * @param root the file or folder
   * @param directory whether it is a folder
   * @param files each file with its relative path (empty for a file source) and the size the walk
   *     saw, which is only a hint: the bytes read decide
   */
  record Listing(Path root, boolean directory, List<ListedFile> files) {}

  /** A file found by {@link #list}, with what the walk saw of it. */
  record ListedFile(Path local, String path, long sizeHint, Stamp stamp) {}

  /** Scans and hashes {@code root}, hashing files in parallel on {@code pool}. */
  public static Source scan(Path root, TransferPool pool) {
    Listing listing = list(root);
    Map<String, FileEntry> entries = new ConcurrentHashMap<>();
    List<TransferPool.Task> tasks = new ArrayList<>();
    for (ListedFile file : listing.files()) {
      tasks.add(
          () -> {
            // One open and one pass per file: the size is what was hashed.
            Hashing.HashedFile hashed = Hashing.sha256AndSize(file.local(), file.sizeHint());
            entries.put(file.path(), FileEntry.of(file.path(), hashed.size(), hashed.sha256()));
          });
    }
    try {
      pool.runAll(tasks);
    } catch (UncheckedIOException e) {
      throw cannotRead(root, e.getCause());
    }
    return source(listing, entries.values());
  }

  /** The source made of {@code entries}, sorted as a meta lists them. */
  static Source source(Listing listing, Collection<FileEntry> entries) {
    List<FileEntry> files = new ArrayList<>(entries);
    files.sort(Comparator.comparing(FileEntry::path));
    Map<String, Stamp> stamps = new HashMap<>();
    for (ListedFile file : listing.files()) {
      stamps.put(file.path(), file.stamp());
    }
    return new Source(listing.root(), listing.directory(), files, stamps);
  }

  /** The files under {@code root} (or {@code root} itself), from one walk. */
  static Listing list(Path root) {
    if (!Files.exists(root)) {
      throw new AssetNotFoundException("nothing to push: " + root + " does not exist");
    }
    try {
      if (!Files.isDirectory(root)) {
        BasicFileAttributes attributes = Files.readAttributes(root, BasicFileAttributes.class);
        return new Listing(
            root,
            false,
            List.of(new ListedFile(root, "", attributes.size(), Stamp.of(attributes))));
      }
      // The walk's own attributes say which entries are files: no second stat per file. A
      // symbolic link to a file is pushed as the file, as before (and stamped as the file).
      Map<Path, BasicFileAttributes> found = new HashMap<>();
      List<Path> paths;
      try (Stream<Path> walk =
          Files.find(
              root,
              Integer.MAX_VALUE,
              (path, attributes) -> {
                if (attributes.isRegularFile()) {
                  found.put(path, attributes);
                  return true;
                }
                if (attributes.isSymbolicLink() && Files.isRegularFile(path)) {
                  found.put(path, linkTarget(path));
                  return true;
                }
                return false;
              })) {
        paths = walk.toList();
      }
      List<ListedFile> files = new ArrayList<>(paths.size());
      for (Path path : paths) {
        BasicFileAttributes attributes = found.get(path);
        files.add(
            new ListedFile(
                path, relativePath(root, path), attributes.size(), Stamp.of(attributes)));
      }
      return new Listing(root, true, files);
    } catch (IOException e) {
      throw cannotRead(root, e);
    } catch (UncheckedIOException e) {
      throw cannotRead(root, e.getCause());
    }
  }

  private static BasicFileAttributes linkTarget(Path link) {
    try {
      return Files.readAttributes(link, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AssetsException cannotRead(Path root, IOException e) {
    return new AssetsException(
        ErrorKind.INTERNAL, "cannot read " + root + ": " + e.getMessage(), e);
  }

  private static String relativePath(Path root, Path file) {
    StringBuilder out = new StringBuilder();
    for (Path segment : root.relativize(file)) {
      String name = segment.toString();
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c < 0x20 || c == 0x7f || c == '\\') {
          throw new AssetsException(
              ErrorKind.INVALID_INPUT,
              "cannot push " + file + ": its name has a control character or backslash; rename it");
        }
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(name);
    }
    return out.toString();
  }
}
