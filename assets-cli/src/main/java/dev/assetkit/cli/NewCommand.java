package dev.assetkit.cli;

import dev.assetkit.AssetExistsException;
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
import picocli.CommandLine.Parameters;

@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Push the first version of a new asset (0.0, or the current time for simple_date).",
      "Asks for confirmation unless -y or --dry-run."
    })
final class NewCommand extends PublishCommand {
  @Parameters(
      index = "1",
      paramLabel = "NAME",
      description = "The new asset's name, without version, such as models/encoder.")
  String name;

  @Override
  AssetSpec checkedName(VersioningSystem versioning) {
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
  String plan(RemoteAssetsStore store, AssetSpec spec) {
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
              + uri(store)
              + " with versions "
              + Format.versions(existing, 10)
              + "; use 'assets update PATH "
              + spec.name()
              + "' to push a new version");
    }
    return settings().versioning().initialVersion(Clock.systemUTC());
  }

  @Override
  PushResult push(RemoteAssetsStore store, Path source, AssetSpec spec) {
    return store.create(source, spec.name(), dryRun);
  }
}
