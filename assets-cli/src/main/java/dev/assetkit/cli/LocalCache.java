package dev.assetkit.cli;

import dev.assetkit.AssetSpec;
import dev.assetkit.InvalidAssetSpecException;
import dev.assetkit.internal.cache.LocalCacheLayout;
import dev.assetkit.spi.VersioningSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the local assets directory holds, found by walking it: a folder is an asset when it has
 * children named like versions ({@code 1.2} or {@code 2024-01-31T12-00-00Z}); version folders are
 * never entered, hidden entries ({@code .cache}, markers) and names that cannot be asset names are
 * skipped, so a working directory used as the assets directory is not walked whole.
 */
final class LocalCache {
  private static final List<VersioningSystem> SYSTEMS =
      List.of(VersioningSystem.named("major_minor"), VersioningSystem.named("simple_date"));

  /** One version on disk. */
  record LocalVersion(String name, String version, Path path, boolean complete, boolean directory) {
    String spec() {
      return name + ":" + version;
    }
  }

  /** One asset on disk, versions latest first. */
  record LocalAsset(String name, List<LocalVersion> versions) {}

  /** Something under {@code .cache/} a dead process left: {@code staging} or {@code trash}. */
  record Leftover(String kind, Path path, String name, String version) {}

  private final LocalCacheLayout layout;

  LocalCache(Path assetsDir) {
    this.layout = new LocalCacheLayout(assetsDir);
  }

  LocalCacheLayout layout() {
    return layout;
  }

  /** Every asset with at least one version on disk, sorted by name. */
  List<LocalAsset> assets() {
    List<LocalAsset> assets = new ArrayList<>();
    walk(layout.assetsDir(), "", assets);
    assets.sort(Comparator.comparing(LocalAsset::name));
    return assets;
  }

  private void walk(Path dir, String name, List<LocalAsset> found) {
    List<Path> children = children(dir);
    List<String> versions = new ArrayList<>();
    for (Path child : children) {
      String childName = child.getFileName().toString();
      if (childName.startsWith(".")) {
        continue;
      }
      if (!name.isEmpty() && isVersion(childName)) {
        versions.add(childName);
      } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        String childAsset = name.isEmpty() ? childName : name + "/" + childName;
        if (isAssetName(childAsset)) {
          walk(child, childAsset, found);
        }
      }
    }
    if (!versions.isEmpty()) {
      List<LocalVersion> local = new ArrayList<>();
      for (String version : sortLatestFirst(versions)) {
        Path path = layout.versionPath(name, version);
        local.add(
            new LocalVersion(
                name,
                version,
                path,
                layout.isComplete(name, version),
                Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)));
      }
      found.add(new LocalAsset(name, local));
    }
  }

  /**
   * Leftovers of downloads under {@code .cache/staging} and replaced copies in {@code
   * .cache/trash}.
   */
  List<Leftover> leftovers() {
    List<Leftover> found = new ArrayList<>();
    Path staging = layout.assetsDir().resolve(LocalCacheLayout.CACHE_DIR).resolve("staging");
    walkStaging(staging, "", found);
    for (Path trash : children(layout.trashDir())) {
      found.add(new Leftover("trash", trash, "", ""));
    }
    return found;
  }

  private void walkStaging(Path dir, String name, List<Leftover> found) {
    for (Path child : children(dir)) {
      String childName = child.getFileName().toString();
      if (!name.isEmpty() && isVersion(childName)) {
        found.add(new Leftover("staging", child, name, childName));
      } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        walkStaging(child, name.isEmpty() ? childName : name + "/" + childName, found);
      }
    }
  }

  /** Bytes and files under {@code path} (a file or a folder), the marker excluded. */
  static long[] usage(Path path) {
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      try {
        return new long[] {Files.exists(path) ? Files.size(path) : 0, 1};
      } catch (IOException e) {
        return new long[] {0, 0};
      }
    }
    long[] total = {0, 0};
    try (Stream<Path> walk = Files.walk(path)) {
      walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !p.equals(path.resolve(LocalCacheLayout.MARKER)))
          .forEach(
              p -> {
                try {
                  total[0] += Files.size(p);
                  total[1]++;
                } catch (IOException e) {
                  // Deleted meanwhile: not counted.
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // Part of the tree went away meanwhile; what was counted stands.
    }
    return total;
  }

  static boolean isVersion(String name) {
    return SYSTEMS.stream().anyMatch(system -> system.isComplete(name));
  }

  static List<String> sortLatestFirst(List<String> versions) {
    List<String> sorted = new ArrayList<>();
    for (VersioningSystem system : SYSTEMS) {
      sorted.addAll(system.sortLatestFirst(versions));
    }
    return sorted;
  }

  private static boolean isAssetName(String name) {
    try {
      AssetSpec.parse(name);
      return true;
    } catch (InvalidAssetSpecException e) {
      return false;
    }
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
