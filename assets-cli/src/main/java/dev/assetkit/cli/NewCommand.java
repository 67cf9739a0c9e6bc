package dev.assetkit.cli;

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
  Publication publication() {
    return new Publication.NewAsset(name);
  }
}
