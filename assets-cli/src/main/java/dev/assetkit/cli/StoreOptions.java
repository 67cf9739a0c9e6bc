package dev.assetkit.cli;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every command takes after its name: where the store and the assets directory are
 * (overriding the environment), and how much to say.
 */
public final class StoreOptions {
  /** Provider ids offered by shell completion. */
  static final class ProviderIds implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return List.of("local", "s3", "gcs", "az").iterator();
    }
  }

  @Option(
      order = 101,
      names = "--provider",
      paramLabel = "ID",
      completionCandidates = ProviderIds.class,
      description = "Storage provider: local, s3, gcs or az (default: ASSETS_STORAGE_PROVIDER).")
  String provider;

  @Option(
      order = 102,
      names = "--bucket",
      paramLabel = "BUCKET",
      description = "Bucket, container, or folder for local (default: ASSETS_STORAGE_BUCKET).")
  String bucket;

  @Option(
      order = 103,
      names = "--prefix",
      paramLabel = "PREFIX",
      description =
          "Prefix of every object (default: ASSETS_STORAGE_PREFIX, else modelkit-assets).")
  String prefix;

  @Option(
      order = 104,
      names = "--assets-dir",
      paramLabel = "DIR",
      description = "Local assets directory (default: ASSETS_DIR, else the working directory).")
  String assetsDir;

  @Option(
      order = 105,
      names = {"-v", "--verbose"},
      description = "More detail: -v logs at INFO and prints stack traces, -vv logs at DEBUG.")
  boolean[] verbose = new boolean[0];

  @Option(
      order = 106,
      names = {"-q", "--quiet"},
      description = "Print only results and errors: no progress line, no notes.")
  boolean quiet;

  /** 0 by default, 1 with -v, 2 with -vv. */
  public int verbosity() {
    return verbose.length;
  }

  /** Whether -q was given. */
  public boolean quiet() {
    return quiet;
  }
}
