package dev.assetkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fetch an asset into the assets directory (if needed) and print its local path.",
      "",
      "SPEC is name[:version][[sub/part]]: models/encoder (latest), models/encoder:1 (latest"
          + " 1.x), models/encoder:1.2, models/encoder:1.2[vocab.txt] (a file inside it). A pinned"
          + " version already in the cache touches no network."
    })
final class FetchCommand extends AssetsCommand {
  @Parameters(paramLabel = "SPEC", description = "The asset, such as models/encoder:1.2.")
  String spec;

  @Option(
      names = "--download",
      description =
          "Re-download even if the version is cached (default: ASSETS_STORAGE_FORCE_DOWNLOAD).")
  boolean download;

  @Option(
      names = "--json",
      description = "Print {\"name\", \"version\", \"path\", \"from_cache\", \"meta\"} as JSON.")
  boolean json;

  @Override
  public Integer call() {
    return new FetchRun(console(), settings(), verbosity()).run(spec, download, json);
  }
}
