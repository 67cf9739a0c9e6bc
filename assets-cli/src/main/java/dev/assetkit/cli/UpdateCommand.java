package dev.assetkit.cli;

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
  Publication publication() {
    return new Publication.NextVersion(name, bumpMajor);
  }
}
