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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
   */
  public record Source(Path root, boolean directory, List<FileEntry> files) {
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

  /** A file found by {@link #list}. */
  record ListedFile(Path local, String path, long sizeHint) {}

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
  static Source source(Listing listing, java.util.Collection<FileEntry> entries) {
    List<FileEntry> files = new ArrayList<>(entries);
    files.sort(Comparator.comparing(FileEntry::path));
    return new Source(listing.root(), listing.directory(), files);
  }

  /** The files under {@code root} (or {@code root} itself), from one walk. */
  static Listing list(Path root) {
    if (!Files.exists(root)) {
      throw new AssetNotFoundException("nothing to push: " + root + " does not exist");
    }
    try {
      if (!Files.isDirectory(root)) {
        return new Listing(root, false, List.of(new ListedFile(root, "", Files.size(root))));
      }
      // The walk's own attributes say which entries are files: no second stat per file. A
      // symbolic link to a file is pushed as the file, as before.
      Map<Path, Long> sizes = new HashMap<>();
      List<Path> paths;
      try (Stream<Path> walk =
          Files.find(
              root,
              Integer.MAX_VALUE,
              (path, attributes) -> {
                boolean file =
                    attributes.isRegularFile()
                        || (attributes.isSymbolicLink() && Files.isRegularFile(path));
                if (file) {
                  sizes.put(path, attributes.size());
                }
                return file;
              })) {
        paths = walk.toList();
      }
      List<ListedFile> files = new ArrayList<>(paths.size());
      for (Path path : paths) {
        files.add(new ListedFile(path, relativePath(root, path), sizes.get(path)));
      }
      return new Listing(root, true, files);
    } catch (IOException e) {
      throw cannotRead(root, e);
    } catch (UncheckedIOException e) {
      throw cannotRead(root, e.getCause());
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
