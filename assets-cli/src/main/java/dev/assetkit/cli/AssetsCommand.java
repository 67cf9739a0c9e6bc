package dev.assetkit.cli;

import dev.assetkit.AssetsSettings;
import dev.assetkit.AssetsSettings.Key;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.TransferListener;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command shares: the store options, its output streams (picocli's, so that tests
 * capture them), the settings, the way to open the store, and the {@link Console} that {@link
 * FetchRun} and {@link PublishRun} take.
 */
abstract class AssetsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions options;

  private AssetsSettings settings;

  /** Standard output: results and JSON only. */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Standard error: notes, prompts, progress and errors. */
  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** The process this command runs in. */
  protected CliContext context() {
    return ((AssetsCli) spec.root().userObject()).context();
  }

  /** Such as {@code assets cache verify}. */
  protected String commandName() {
    return spec.qualifiedName();
  }

  /** 0 by default, 1 with -v, 2 with -vv. */
  int verbosity() {
    return options == null ? 0 : options.verbosity();
  }

  /** The settings: the options given, else the environment, else the defaults. */
  protected AssetsSettings settings() {
    if (settings == null) {
      settings =
          AssetsSettings.builder()
              .environment(context().env())
              .workingDir(context().workingDir())
              .set(Key.ASSETS_STORAGE_PROVIDER, options.provider)
              .set(Key.ASSETS_STORAGE_BUCKET, options.bucket)
              .set(Key.ASSETS_STORAGE_PREFIX, options.prefix)
              .set(Key.ASSETS_DIR, options.assetsDir)
              .build();
    }
    return settings;
  }

  /** The settings if they were built (the error handler names the bucket from them). */
  Optional<AssetsSettings> builtSettings() {
    return Optional.ofNullable(settings);
  }

  /** Fails with the variables to set when no remote store is configured. */
  protected void requireStore() {
    Stores.require(settings(), commandName());
  }

  /** The remote store (its driver is created now). */
  protected RemoteAssetsStore openStore(TransferListener listener) {
    requireStore();
    return Stores.open(settings(), context(), verbosity(), listener);
  }

  /** Its streams, stdin and -q, as the picocli-free runs take them. */
  protected Console console() {
    return new Console(context(), out(), err(), options.quiet);
  }

  /** Writes one JSON document on stdout. */
  protected void printJson(Object document) {
    console().printJson(document);
  }

  /** Fails at once when a confirmation would be needed but nobody can give it. */
  protected void requireConfirmable(boolean yes, boolean dryRun) {
    console().requireConfirmable(commandName(), yes, dryRun);
  }
}
