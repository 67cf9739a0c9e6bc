package dev.assetkit.cli;

import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetSpec;
import dev.assetkit.AssetsManager;
import dev.assetkit.AssetsSettings;
import dev.assetkit.FetchResult;
import dev.assetkit.InvalidAssetSpecException;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.TransferListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    AssetsSettings settings = settings();
    boolean force = download || settings.forceDownload();
    Optional<FetchResult> cached =
        force ? Optional.empty() : FastFetch.cachedPinned(settings, spec);
    FetchResult result;
    if (cached.isPresent()) {
      result = cached.get();
    } else {
      TransferListener progress = progress(json);
      try (AssetsManager manager = openManager(progress)) {
        result = manager.fetch(spec, force);
      } catch (AssetNotFoundException e) {
        throw withVersions(e, settings);
      }
    }
    if (json) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("name", result.name());
      document.put("version", result.version());
      document.put("path", result.path().toString());
      document.put("from_cache", result.fromCache());
      result.meta().ifPresent(meta -> document.put("meta", Documents.meta(meta)));
      printJson(document);
    } else {
      out().println(result.path());
      out().flush();
    }
    return 0;
  }

  /** A missing pinned version is reported with the versions that do exist. */
  private AssetNotFoundException withVersions(AssetNotFoundException e, AssetsSettings settings) {
    if (settings.storageProvider().isEmpty() || e.getMessage().contains("available:")) {
      return e;
    }
    AssetSpec parsed;
    try {
      parsed = AssetSpec.parse(spec, settings.versioning());
    } catch (InvalidAssetSpecException notASpec) {
      return e;
    }
    if (parsed.version().isEmpty() || !e.getMessage().startsWith("version ")) {
      return e;
    }
    try (RemoteAssetsStore store = openStore(TransferListener.NONE)) {
      List<String> versions = store.versions(parsed.name());
      return new AssetNotFoundException(
          "version "
              + parsed.version().get()
              + " of asset '"
              + parsed.name()
              + "' not found in "
              + uri(store)
              + "; available: "
              + Format.versions(versions, 10));
    } catch (AssetNotFoundException noAsset) {
      return noAsset; // the asset itself is unknown: say that
    }
  }
}
