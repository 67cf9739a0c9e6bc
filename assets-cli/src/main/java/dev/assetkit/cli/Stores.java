package dev.assetkit.cli;

import dev.assetkit.AssetsManager;
import dev.assetkit.AssetsSettings;
import dev.assetkit.ConfigurationException;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.TransferListener;

/**
 * Opens the remote store and the assets manager for a command, with or without picocli: {@link
 * AssetsCommand} and the picocli-free {@link FetchRun} share these.
 */
final class Stores {
  private Stores() {}

  /** Fails with the variables to set when {@code settings} configure no remote store. */
  static void require(AssetsSettings settings, String commandName) {
    if (settings.storageProvider().isEmpty()) {
      throw new ConfigurationException(
          "'"
              + commandName
              + "' needs a remote store: set ASSETS_STORAGE_PROVIDER (local, s3, gcs or az) and"
              + " ASSETS_STORAGE_BUCKET, or pass --provider and --bucket");
    }
  }

  /** The remote store of {@code settings} (its driver is created now; a provider must be set). */
  static RemoteAssetsStore open(
      AssetsSettings settings, CliContext context, int verbosity, TransferListener listener) {
    Logging.configureJavaUtilLogging(verbosity);
    return RemoteAssetsStore.builder()
        .settings(settings)
        .registry(context.registry())
        .listener(listener)
        .build();
  }

  /** The assets manager (its driver, if a provider is set, is created now). */
  static AssetsManager openManager(
      AssetsSettings settings, CliContext context, int verbosity, TransferListener listener) {
    AssetsManager.Builder builder = AssetsManager.builder().settings(settings).listener(listener);
    if (settings.storageProvider().isPresent()) {
      Logging.configureJavaUtilLogging(verbosity);
      builder.registry(context.registry());
    }
    return builder.build();
  }

  /** The store's URI for people, such as {@code s3://bucket/prefix}. */
  static String uri(RemoteAssetsStore store) {
    String uri = store.uri();
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }
}
