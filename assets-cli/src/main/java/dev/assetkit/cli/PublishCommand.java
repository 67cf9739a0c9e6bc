package dev.assetkit.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code new} and {@code update} as picocli commands: their shared arguments; {@link PublishRun}
 * does the work.
 */
abstract class PublishCommand extends AssetsCommand {
  @Parameters(
      index = "0",
      paramLabel = "PATH",
      description = {
        "A local file or folder, or a remote source:",
        "  s3://BUCKET/KEY  gs://BUCKET/KEY  az://CONTAINER/KEY",
        "(the object KEY, else every object under KEY/)."
      })
  String path;

  @Option(
      names = "--dry-run",
      description = "Show what would be pushed; write nothing (and pull no remote source).")
  boolean dryRun;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation (required when stdin is not a terminal).")
  boolean yes;

  @Option(
      names = "--json",
      description =
          "Print {\"name\", \"version\", \"uri\", \"dry_run\", \"files\", \"size\","
              + " \"lost_versions\", \"meta\"} as JSON.")
  boolean json;

  /** What this command pushes, as its arguments say. */
  abstract Publication publication();

  @Override
  public Integer call() {
    requireConfirmable(yes, dryRun); // before the settings are built: this error comes first
    return new PublishRun(console(), settings(), verbosity(), commandName())
        .run(publication(), path, new PublishRun.Flags(dryRun, yes, json));
  }
}
