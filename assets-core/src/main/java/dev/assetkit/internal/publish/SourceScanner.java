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

  /** Scans and hashes {@code root}, hashing files in parallel on {@code pool}. */
  public static Source scan(Path root, TransferPool pool) {
    if (!Files.exists(root)) {
      throw new AssetNotFoundException("nothing to push: " + root + " does not exist");
    }
    try {
      if (!Files.isDirectory(root)) {
        return new Source(
            root, false, List.of(FileEntry.of("", Files.size(root), Hashing.sha256(root))));
      }
      List<Path> paths;
      try (Stream<Path> walk = Files.walk(root)) {
        paths = walk.filter(Files::isRegularFile).toList();
      }
      Map<Path, FileEntry> entries = new ConcurrentHashMap<>();
      List<TransferPool.Task> tasks = new ArrayList<>();
      for (Path path : paths) {
        String relative = relativePath(root, path);
        tasks.add(
            () ->
                entries.put(path, FileEntry.of(relative, Files.size(path), Hashing.sha256(path))));
      }
      pool.runAll(tasks);
      List<FileEntry> files = new ArrayList<>(entries.values());
      files.sort(Comparator.comparing(FileEntry::path));
      return new Source(root, true, files);
    } catch (IOException e) {
      throw new AssetsException(
          ErrorKind.INTERNAL, "cannot read " + root + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new AssetsException(
          ErrorKind.INTERNAL, "cannot read " + root + ": " + e.getCause().getMessage(), e);
    }
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
