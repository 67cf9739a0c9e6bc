package dev.assetkit.cli;

import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetSpec;
import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.TransferListener;
import dev.assetkit.cli.LocalCache.Leftover;
import dev.assetkit.cli.LocalCache.LocalAsset;
import dev.assetkit.cli.LocalCache.LocalVersion;
import dev.assetkit.internal.cache.LocalCacheLayout;
import dev.assetkit.internal.fetch.VersionLock;
import dev.assetkit.internal.transfer.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Free space in the local assets directory. Always removes what dead processes left:"
          + " .cache/staging folders whose version lock nobody holds, .cache/trash when no"
          + " download is running, and, when a provider is configured, versions without their"
          + " .SUCCESS marker that the store has (they are downloaded again on demand).",
      "With --keep-latest N, also removes complete versions older than the N latest of each"
          + " asset. Each version is removed under its lock, so a running fetch is never cut.",
      "Without a provider, versions without marker are kept: in that mode they are assets"
          + " placed by hand or by modelkit."
    })
final class CachePruneCommand extends AssetsCommand {
  private static final Duration NO_WAIT = Duration.ofMillis(1);

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this asset.")
  String name;

  @Option(
      names = "--keep-latest",
      paramLabel = "N",
      description = "Also remove complete versions older than the N latest of each asset.")
  Integer keepLatest;

  @Option(names = "--dry-run", description = "Report what would be removed; remove nothing.")
  boolean dryRun;

  @Option(
      names = "--json",
      description =
          "Print {\"dry_run\", \"removed\": [{\"kind\", \"path\", \"size\"}], \"kept\":"
              + " [{\"path\", \"reason\"}], \"freed\"} as JSON.")
  boolean json;

  private record Removal(String kind, Path path, long size) {}

  private record Kept(Path path, String reason) {}

  private final List<Removal> removed = new ArrayList<>();
  private final List<Kept> kept = new ArrayList<>();

  @Override
  public Integer call() {
    if (keepLatest != null && keepLatest < 0) {
      throw new AssetsException(
          ErrorKind.INVALID_INPUT, "--keep-latest must be 0 or more, got " + keepLatest);
    }
    String only = name == null ? null : AssetSpec.parse(name).name();
    LocalCache cache = new LocalCache(settings().assetsDir());
    LocalCacheLayout layout = cache.layout();
    List<LocalAsset> assets =
        cache.assets().stream().filter(a -> only == null || a.name().equals(only)).toList();
    if (only != null && assets.isEmpty()) {
      throw new AssetNotFoundException(
          "asset '" + only + "' has no version in " + settings().assetsDir());
    }
    pruneIncomplete(assets, layout);
    if (keepLatest != null) {
      for (LocalAsset asset : assets) {
        List<LocalVersion> complete =
            asset.versions().stream().filter(LocalVersion::complete).toList();
        for (LocalVersion old :
            complete.subList(Math.min(keepLatest, complete.size()), complete.size())) {
          removeVersion(layout, old, "old version " + old.spec());
        }
      }
    }
    if (only == null) {
      pruneLeftovers(cache, layout);
    }
    report();
    return 0;
  }

  private void pruneIncomplete(List<LocalAsset> assets, LocalCacheLayout layout) {
    List<LocalVersion> incomplete = new ArrayList<>();
    assets.forEach(a -> a.versions().stream().filter(v -> !v.complete()).forEach(incomplete::add));
    if (incomplete.isEmpty()) {
      return;
    }
    if (settings().storageProvider().isEmpty()) {
      for (LocalVersion version : incomplete) {
        kept.add(
            new Kept(
                version.path(),
                "no .SUCCESS marker, but without a provider it is used as it is; set"
                    + " ASSETS_STORAGE_PROVIDER to prune such versions"));
      }
      return;
    }
    try (RemoteAssetsStore store = openStore(TransferListener.NONE)) {
      Map<String, List<String>> remote = new LinkedHashMap<>();
      for (LocalVersion version : incomplete) {
        List<String> known =
            remote.computeIfAbsent(
                version.name(),
                n -> {
                  try {
                    return store.versions(n);
                  } catch (AssetNotFoundException e) {
                    return List.of();
                  }
                });
        if (known.contains(version.version())) {
          removeVersion(layout, version, "incomplete version " + version.spec());
        } else {
          kept.add(
              new Kept(
                  version.path(),
                  "no .SUCCESS marker, but the store has no such version: not an assetkit or"
                      + " modelkit download, left alone"));
        }
      }
    }
  }

  @SuppressWarnings("try") // the lock is held for the block; nothing else to call on it
  private void pruneLeftovers(LocalCache cache, LocalCacheLayout layout) {
    List<Leftover> leftovers = cache.leftovers();
    boolean downloading = false;
    List<Leftover> trash = new ArrayList<>();
    for (Leftover leftover : leftovers) {
      if (leftover.kind().equals("trash")) {
        trash.add(leftover);
        continue;
      }
      Optional<VersionLock> lock = tryLock(layout, leftover.name(), leftover.version());
      if (lock.isEmpty()) {
        downloading = true;
        kept.add(new Kept(leftover.path(), "a running process is downloading into it"));
        continue;
      }
      try (VersionLock held = lock.get()) {
        remove("staging leftover", leftover.path());
      }
    }
    if (!trash.isEmpty() && (downloading || anyLockHeld(layout))) {
      trash.forEach(t -> kept.add(new Kept(t.path(), "a download is running; try again later")));
      return;
    }
    for (Leftover leftover : trash) {
      remove("trash leftover", leftover.path());
    }
  }

  @SuppressWarnings("try") // the lock is held for the block; nothing else to call on it
  private void removeVersion(LocalCacheLayout layout, LocalVersion version, String kind) {
    Optional<VersionLock> lock = tryLock(layout, version.name(), version.version());
    if (lock.isEmpty()) {
      kept.add(new Kept(version.path(), "a running process holds its lock"));
      return;
    }
    try (VersionLock held = lock.get()) {
      long size = LocalCache.usage(version.path())[0];
      removed.add(new Removal(kind, version.path(), size));
      if (dryRun) {
        return;
      }
      // The marker goes first, so no reader ever takes a half-deleted version for complete.
      Files.deleteIfExists(layout.fileMarker(version.name(), version.version()));
      Path path = version.path();
      if (Files.isDirectory(path)) {
        Path trash = layout.trashDir().resolve(UUID.randomUUID().toString());
        Files.createDirectories(trash.getParent());
        Files.move(path, trash, StandardCopyOption.ATOMIC_MOVE);
        path = trash;
      }
      FileTrees.deleteRecursively(path);
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove " + version.path(), e);
    }
  }

  private void remove(String kind, Path path) {
    removed.add(new Removal(kind, path, LocalCache.usage(path)[0]));
    if (!dryRun) {
      try {
        FileTrees.deleteRecursively(path);
      } catch (IOException e) {
        throw new UncheckedIOException("could not remove " + path, e);
      }
    }
  }

  private Optional<VersionLock> tryLock(LocalCacheLayout layout, String asset, String version) {
    try {
      return Optional.of(
          VersionLock.acquire(layout.lockFile(asset, version), NO_WAIT, asset + ":" + version));
    } catch (AssetsException e) {
      if (e.kind() == ErrorKind.UNAVAILABLE) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Whether any version lock is held by a running process, i.e. a download may be under way. */
  @SuppressWarnings("try") // the lock is taken to see if it can be; nothing else to do with it
  private static boolean anyLockHeld(LocalCacheLayout layout) {
    Path locks = layout.assetsDir().resolve(LocalCacheLayout.CACHE_DIR).resolve("locks");
    if (!Files.isDirectory(locks)) {
      return false;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(locks)) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(".lock")).toList();
    } catch (IOException e) {
      return true; // cannot tell: be safe
    }
    for (Path file : files) {
      try (VersionLock lock = VersionLock.acquire(file, NO_WAIT, file.toString())) {
        // Free: nobody downloads this version.
      } catch (AssetsException e) {
        return true;
      }
    }
    return false;
  }

  private void report() {
    long freed = removed.stream().mapToLong(Removal::size).sum();
    if (json) {
      List<Object> removedDocs = new ArrayList<>();
      for (Removal removal : removed) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", removal.kind());
        doc.put("path", removal.path().toString());
        doc.put("size", removal.size());
        removedDocs.add(doc);
      }
      List<Object> keptDocs = new ArrayList<>();
      for (Kept k : kept) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("path", k.path().toString());
        doc.put("reason", k.reason());
        keptDocs.add(doc);
      }
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("dry_run", dryRun);
      document.put("removed", removedDocs);
      document.put("kept", keptDocs);
      document.put("freed", freed);
      printJson(document);
      return;
    }
    String verb = dryRun ? "would remove " : "removed ";
    for (Removal removal : removed) {
      out()
          .println(
              verb
                  + removal.kind()
                  + "  "
                  + removal.path()
                  + "  ("
                  + Format.bytes(removal.size())
                  + ")");
    }
    for (Kept k : kept) {
      out().println("kept " + k.path() + ": " + k.reason());
    }
    out()
        .println(
            (dryRun ? "Dry run: would remove " : "Removed ")
                + Format.count(removed.size(), "item")
                + ", "
                + (dryRun ? "freeing " : "freed ")
                + Format.bytes(freed)
                + " in "
                + settings().assetsDir());
    out().flush();
  }
}
