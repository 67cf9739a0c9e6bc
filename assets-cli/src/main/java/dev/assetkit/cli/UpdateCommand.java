package dev.assetkit.cli;

import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetSpec;
import dev.assetkit.InvalidAssetSpecException;
import dev.assetkit.PushResult;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.spi.VersioningSystem;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Push a new version of an existing asset: the next minor of the latest version, of the"
          + " latest MAJOR.x with NAME:MAJOR, or a new major with --bump-major.",
      "Shows the existing versions and the version it will push, then asks for confirmation"
          + " unless -y or --dry-run."
    })
final class UpdateCommand extends PublishCommand {
  @Parameters(
      index = "1",
      paramLabel = "NAME[:MAJOR]",
      description =
          "The asset, optionally with the major version to extend, such as models/encoder:1.")
  String name;

  @Option(names = "--bump-major", description = "Push a new major version: (highest major + 1).0.")
  boolean bumpMajor;

  @Override
  AssetSpec checkedName(VersioningSystem versioning) {
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
  String plan(RemoteAssetsStore store, AssetSpec spec) {
    List<String> existing;
    try {
      existing = store.versions(spec.name());
    } catch (AssetNotFoundException e) {
      throw new AssetNotFoundException(
          "asset '"
              + spec.name()
              + "' not found in "
              + uri(store)
              + "; create it with 'assets new PATH "
              + spec.name()
              + "'");
    }
    describeVersions(spec.name(), existing, uri(store));
    return settings()
        .versioning()
        .nextVersion(spec.name(), existing, spec.version(), bumpMajor, Clock.systemUTC());
  }

  @Override
  PushResult push(RemoteAssetsStore store, Path source, AssetSpec spec) {
    return store.update(source, name, bumpMajor, dryRun);
  }
}
