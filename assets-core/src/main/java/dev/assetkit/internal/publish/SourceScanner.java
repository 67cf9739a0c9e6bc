package dev.assetkit.internal.publish;

import dev.assetkit.AssetMeta.FileEntry;
import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;
import dev.assetkit.internal.json.MetaDocument;
import dev.assetkit.internal.transfer.Hashing;
import dev.assetkit.internal.transfer.TransferPool;
import dev.assetkit.spi.ObjectKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
    Listing listing = list(root, pool);
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
    files.sort(MetaDocument.BY_PATH);
    Map<String, Stamp> stamps = new HashMap<>();
    for (ListedFile file : listing.files()) {
      stamps.put(file.path(), file.stamp());
    }
    return new Source(listing.root(), listing.directory(), files, stamps);
  }

  /**
   * The files under {@code root} (or {@code root} itself), from one walk that lists the folders of
   * each depth in parallel on {@code pool}: on a cold cache each entry's {@code stat} waits for its
   * inode to be read from disk, and one thread waiting at a time made the walk of 10,000 files ~0.2
   * s before the first copy (bench/analysis.md). Files come folder by folder, each folder's in the
   * order the file system lists them.
   */
  static Listing list(Path root, TransferPool pool) {
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
      List<ListedFile> files = new ArrayList<>();
      List<Folder> depth = List.of(new Folder(root, "", false));
      while (!depth.isEmpty()) {
        FolderListing[] listed = new FolderListing[depth.size()];
        List<TransferPool.Task> tasks = new ArrayList<>(depth.size());
        for (int i = 0; i < listed.length; i++) {
          int index = i;
          Folder folder = depth.get(i);
          tasks.add(() -> listed[index] = listFolder(folder));
        }
        pool.runAll(tasks);
        List<Folder> next = new ArrayList<>();
        for (FolderListing folder : listed) {
          files.addAll(folder.files());
          next.addAll(folder.folders());
        }
        depth = next;
      }
      return new Listing(root, true, files);
    } catch (IOException e) {
      throw cannotRead(root, e);
    } catch (UncheckedIOException e) {
      throw cannotRead(root, e.getCause());
    }
  }

  /**
   * A folder to list: its relative path, and whether a segment of that path has a name no object
   * key can hold (refused only if the folder turns out to hold a file, as a walk of files would).
   */
  private record Folder(Path path, String relative, boolean badName) {}

  /** What one folder holds: its files, and its folders to list next. */
  private record FolderListing(List<ListedFile> files, List<Folder> folders) {}

  /**
   * One folder's entries, each with the attributes of its own {@code stat}, links not followed (no
   * second stat per file); a symbolic link to a file is pushed as the file (and stamped as it).
   */
  private static FolderListing listFolder(Folder folder) throws IOException {
    List<ListedFile> files = new ArrayList<>();
    List<Folder> folders = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder.path())) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        String relative = folder.relative().isEmpty() ? name : folder.relative() + "/" + name;
        // The rules of an object key's segment (a listed name is never empty, "." or "..").
        boolean badName = folder.badName() || ObjectKeys.problemWith(name).isPresent();
        BasicFileAttributes attributes =
            Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isDirectory()) {
          folders.add(new Folder(entry, relative, badName));
          continue;
        }
        if (attributes.isSymbolicLink() && Files.isRegularFile(entry)) {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        } else if (!attributes.isRegularFile()) {
          continue; // a socket, a device, a link to a folder or to nothing: not pushed
        }
        if (badName) {
          throw new AssetsException(
              ErrorKind.INVALID_INPUT,
              "cannot push "
                  + entry
                  + ": its name has a control character or backslash; rename it");
        }
        files.add(new ListedFile(entry, relative, attributes.size(), Stamp.of(attributes)));
      }
    }
    return new FolderListing(files, folders);
  }

  static AssetsException cannotRead(Path root, IOException e) {
    return new AssetsException(
        ErrorKind.INTERNAL, "cannot read " + root + ": " + e.getMessage(), e);
  }
}
