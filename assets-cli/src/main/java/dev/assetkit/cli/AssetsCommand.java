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
 * capture them), the settings, and the way to open the store, the manager and a progress line.
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

  /** The store's URI for people, such as {@code s3://bucket/prefix}. */
  static String uri(RemoteAssetsStore store) {
    return Stores.uri(store);
  }

  /** Its streams, stdin and -q, as the picocli-free runs take them. */
  protected Console console() {
    return new Console(context(), out(), err(), options.quiet);
  }

  /**
   * A progress line on stderr, unless stderr is not a terminal, with -q, or with JSON output; a
   * large transfer also tunes the JIT ({@link QuickCompilation}).
   */
  protected TransferListener progress(boolean json) {
    return console().progress(json);
  }

  /** Whether -q was given: notes are not printed, so there is no need to work them out. */
  protected boolean quiet() {
    return options.quiet;
  }

  /** A note for people on stderr, unless -q. */
  protected void note(String text) {
    console().note(text);
  }

  /** Writes one JSON document on stdout. */
  protected void printJson(Object document) {
    console().printJson(document);
  }

  /** Fails at once when a confirmation would be needed but nobody can give it. */
  protected void requireConfirmable(boolean yes, boolean dryRun) {
    console().requireConfirmable(commandName(), yes, dryRun);
  }

  /** Asks a yes/no question on stderr; only y or yes (any case) is yes. */
  protected boolean confirm(String question) {
    return console().confirm(question);
  }
}
