package dev.assetkit.cli;

import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetsManager;
import dev.assetkit.AssetsSettings;
import dev.assetkit.ConfigurationException;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.TransferListener;
import java.util.List;

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
    quietLibraries(settings.storageProvider().orElse("local"), verbosity);
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
      quietLibraries(settings.storageProvider().get(), verbosity);
      builder.registry(context.registry());
    }
    return builder.build();
  }

  /**
   * Holds the libraries of the driver {@code provider} to our log level before it is created. Only
   * the Google client logs through java.util.logging (the AWS and Azure SDKs, their HTTP clients
   * and Netty log through SLF4J, which the CLI prints itself): a command on any other store never
   * starts java.util.logging, ~10–35 ms of the main thread's CPU before its first request.
   */
  static void quietLibraries(String provider, int verbosity) {
    if ("gcs".equals(provider)) {
      Logging.configureJavaUtilLogging(verbosity);
    }
  }

  /** The store's URI for people, such as {@code s3://bucket/prefix}. */
  static String uri(RemoteAssetsStore store) {
    String uri = store.uri();
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }

  /**
   * The failure for a {@code version} of {@code name} that {@code store} does not hold, listing the
   * versions it does; an unknown asset fails here with its own {@link AssetNotFoundException}.
   */
  static AssetNotFoundException versionNotFound(
      RemoteAssetsStore store, String name, String version) {
    List<String> versions = store.versions(name);
    return new AssetNotFoundException(
        "version "
            + version
            + " of asset '"
            + name
            + "' not found in "
            + uri(store)
            + "; available: "
            + Format.versions(versions, 10));
  }
}
