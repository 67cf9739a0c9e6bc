package dev.assetkit.cli;

import dev.assetkit.AssetExistsException;
import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetSpec;
import dev.assetkit.AssetsSettings;
import dev.assetkit.InvalidAssetSpecException;
import dev.assetkit.PushResult;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.spi.VersioningSystem;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What differs between {@code new} and {@code update} ({@link PublishRun} does the rest): the name
 * each takes, the version it plans, and the push it makes.
 */
sealed interface Publication {
  /** Parses NAME and refuses what this command does not take. */
  AssetSpec checkedName(VersioningSystem versioning);

  /** Says what exists (on stderr) and returns the version a push would get. */
  String plan(RemoteAssetsStore store, AssetSpec spec, AssetsSettings settings, Console console);

  /** Pushes for real or as a dry run. */
  PushResult push(RemoteAssetsStore store, Path source, AssetSpec spec, boolean dryRun);

  /** {@code assets new PATH NAME}: the first version of an asset that does not exist yet. */
  record NewAsset(String name) implements Publication {
    @Override
    public AssetSpec checkedName(VersioningSystem versioning) {
      AssetSpec spec = AssetSpec.parse(name, versioning);
      if (spec.version().isPresent() || spec.subPart().isPresent()) {
        throw new InvalidAssetSpecException(
            name,
            spec.name().length(),
            "'new' takes a name without version: the first version is chosen for you; use"
                + " 'assets update' to push another version");
      }
      return spec;
    }

    @Override
    public String plan(
        RemoteAssetsStore store, AssetSpec spec, AssetsSettings settings, Console console) {
      List<String> existing;
      try {
        existing = store.versions(spec.name());
      } catch (AssetNotFoundException e) {
        existing = List.of();
      }
      if (!existing.isEmpty()) {
        throw new AssetExistsException(
            "asset '"
                + spec.name()
                + "' already exists in "
                + Stores.uri(store)
                + " with versions "
                + Format.versions(existing, 10)
                + "; use 'assets update PATH "
                + spec.name()
                + "' to push a new version");
      }
      return settings.versioning().initialVersion(Clock.systemUTC());
    }

    @Override
    public PushResult push(RemoteAssetsStore store, Path source, AssetSpec spec, boolean dryRun) {
      return store.create(source, spec.name(), dryRun);
    }
  }

  /**
   * {@code assets update PATH NAME[:MAJOR] [--bump-major]}: the next minor of the latest version,
   * of the latest MAJOR.x, or a new major.
   */
  record NextVersion(String name, boolean bumpMajor) implements Publication {
    @Override
    public AssetSpec checkedName(VersioningSystem versioning) {
      AssetSpec spec = AssetSpec.parse(name, versioning);
      if (spec.subPart().isPresent()) {
        throw new InvalidAssetSpecException(
            name, name.indexOf('['), "'update' takes NAME or NAME:MAJOR, no sub-part");
      }
      if (spec.version().isPresent() && versioning.isComplete(spec.version().get())) {
        throw new InvalidAssetSpecException(
            name,
            spec.name().length() + 1,
            "'update' chooses the version; give at most a major version, such as "
                + spec.name()
                + ":1");
      }
      return spec;
    }

    @Override
    public String plan(
        RemoteAssetsStore store, AssetSpec spec, AssetsSettings settings, Console console) {
      List<String> existing;
      try {
        existing = store.versions(spec.name());
      } catch (AssetNotFoundException e) {
        throw new AssetNotFoundException(
            "asset '"
                + spec.name()
                + "' not found in "
                + Stores.uri(store)
                + "; create it with 'assets new PATH "
                + spec.name()
                + "'");
      }
      describeVersions(spec.name(), existing, Stores.uri(store), settings, console);
      return settings
          .versioning()
          .nextVersion(spec.name(), existing, spec.version(), bumpMajor, Clock.systemUTC());
    }

    @Override
    public PushResult push(RemoteAssetsStore store, Path source, AssetSpec spec, boolean dryRun) {
      return store.update(source, name, bumpMajor, dryRun);
    }

    /** Existing versions for people: grouped by major for major_minor, as modelkit shows them. */
    private static void describeVersions(
        String name,
        List<String> latestFirst,
        String uri,
        AssetsSettings settings,
        Console console) {
      console.note(
          "Asset "
              + name
              + " in "
              + uri
              + " has "
              + Format.count(latestFirst.size(), "version")
              + ":");
      if (settings.versioning().name().equals("major_minor")) {
        Map<String, List<String>> byMajor = new LinkedHashMap<>();
        for (String version : latestFirst) {
          String major = version.substring(0, version.indexOf('.'));
          byMajor.computeIfAbsent(major, m -> new ArrayList<>()).add(version);
        }
        byMajor.forEach(
            (major, versions) ->
                console.note("  major " + major + ": " + String.join(", ", versions)));
      } else {
        console.note("  " + Format.versions(latestFirst, 20));
      }
    }
  }
}
