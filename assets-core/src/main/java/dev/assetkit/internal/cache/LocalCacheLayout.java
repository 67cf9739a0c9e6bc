package dev.assetkit.internal.cache;

import dev.assetkit.spi.VersioningSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where things live in the local assets directory, modelkit's layout:
 *
 * <pre>
 * ASSETS_DIR/some/asset/0.0            file asset: the file itself
 * ASSETS_DIR/some/asset/.0.0.SUCCESS   its completion marker
 * ASSETS_DIR/some/dir/asset/0.1/...    directory asset: the tree
 * ASSETS_DIR/some/dir/asset/0.1/.SUCCESS
 * ASSETS_DIR/.cache/                   assetkit's locks and staging
 * </pre>
 *
 * The path methods are a pure mapping; {@link #isComplete} and {@link #localVersions} look at the
 * disk.
 */
public final class LocalCacheLayout {
  /** The marker's name inside a directory version, and its suffix beside a file version. */
  public static final String MARKER = ".SUCCESS";

  /** The folder of assetkit's internal working files, under the assets directory. */
  public static final String CACHE_DIR = ".cache";

  private final Path assetsDir;

  /** The layout of {@code assetsDir}. */
  public LocalCacheLayout(Path assetsDir) {
    this.assetsDir = assetsDir;
  }

  /** The assets directory. */
  public Path assetsDir() {
    return assetsDir;
  }

  /** The folder that holds the versions of {@code name}. */
  public Path assetDir(String name) {
    return resolveSegments(assetsDir, name);
  }

  /** The file or folder of one version. */
  public Path versionPath(String name, String version) {
    return assetDir(name).resolve(version);
  }

  /** The marker of a file version: {@code .VERSION.SUCCESS} beside it. */
  public Path fileMarker(String name, String version) {
    return assetDir(name).resolve("." + version + MARKER);
  }

  /** The marker of a directory version: {@code .SUCCESS} inside it. */
  public Path directoryMarker(String name, String version) {
    return versionPath(name, version).resolve(MARKER);
  }

  /** The lock file of one version. */
  public Path lockFile(String name, String version) {
    return resolveSegments(assetsDir.resolve(CACHE_DIR).resolve("locks"), name)
        .resolve(version + ".lock");
  }

  /** The staging folder of one version; only the holder of the version's lock touches it. */
  public Path stagingDir(String name, String version) {
    return resolveSegments(assetsDir.resolve(CACHE_DIR).resolve("staging"), name).resolve(version);
  }

  /** Where replaced versions wait to be deleted. */
  public Path trashDir() {
    return assetsDir.resolve(CACHE_DIR).resolve("trash");
  }

  /**
   * Whether the version is present with its marker (the kind of marker follows what is on disk).
   */
  public boolean isComplete(String name, String version) {
    Path path = versionPath(name, version);
    if (Files.isDirectory(path)) {
      return Files.isRegularFile(directoryMarker(name, version));
    }
    return Files.isRegularFile(path) && Files.isRegularFile(fileMarker(name, version));
  }

  /** Whether the version's file or folder exists, marker or not. */
  public boolean isPresent(String name, String version) {
    return Files.exists(versionPath(name, version));
  }

  /**
   * The versions of {@code name} on disk, latest first: complete ones, or with {@code
   * includeUnmarked} also those without a marker (a directory filled by hand or by modelkit's
   * pre-downloaded mode).
   */
  public List<String> localVersions(
      String name, VersioningSystem versioning, boolean includeUnmarked) {
    Path dir = assetDir(name);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      children.forEach(
          child -> {
            String version = child.getFileName().toString();
            if (versioning.isComplete(version) && (includeUnmarked || isComplete(name, version))) {
              found.add(version);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return versioning.sortLatestFirst(found);
  }

  private static Path resolveSegments(Path base, String name) {
    Path path = base;
    for (String segment : name.split("/")) {
      path = path.resolve(segment);
    }
    return path;
  }
}
