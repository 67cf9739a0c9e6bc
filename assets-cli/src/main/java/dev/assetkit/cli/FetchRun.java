package dev.assetkit.cli;

import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetSpec;
import dev.assetkit.AssetsManager;
import dev.assetkit.AssetsSettings;
import dev.assetkit.FetchResult;
import dev.assetkit.InvalidAssetSpecException;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.TransferListener;
import dev.assetkit.internal.json.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code assets fetch} does once its arguments are known, free of picocli: {@link
 * FetchCommand} runs it after picocli's parse, and {@link FastFetch} runs it for the plain forms
 * without building picocli's model, which costs 0.06–0.2 s of every start (bench/analysis.md).
 * Failures are thrown, for the caller to report with {@link Failures}.
 */
final class FetchRun {
  private final CliContext context;
  private final AssetsSettings settings;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean quiet;
  private final int verbosity;

  FetchRun(
      CliContext context,
      AssetsSettings settings,
      PrintWriter out,
      PrintWriter err,
      boolean quiet,
      int verbosity) {
    this.context = context;
    this.settings = settings;
    this.out = out;
    this.err = err;
    this.quiet = quiet;
    this.verbosity = verbosity;
  }

  /** Fetches {@code spec} (again with {@code download}), prints its path or JSON; returns 0. */
  int run(String spec, boolean download, boolean json) {
    boolean force = download || settings.forceDownload();
    Optional<FetchResult> cached =
        force ? Optional.empty() : FastFetch.cachedPinned(settings, spec);
    FetchResult result;
    if (cached.isPresent()) {
      result = cached.get();
    } else {
      TransferListener progress =
          QuickCompilation.onLargeTransfers(
              ProgressDisplay.on(err, context, context.progressTerminal() && !quiet && !json));
      try (AssetsManager manager = Stores.openManager(settings, context, verbosity, progress)) {
        result = manager.fetch(spec, force);
      } catch (AssetNotFoundException e) {
        throw withVersions(e, spec);
      }
    }
    if (json) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("name", result.name());
      document.put("version", result.version());
      document.put("path", result.path().toString());
      document.put("from_cache", result.fromCache());
      if (result.meta().isPresent()) { // not ifPresent: no lambda on the cached fast path
        document.put("meta", Documents.meta(result.meta().get()));
      }
      out.println(Json.write(document));
    } else {
      out.println(result.path());
    }
    out.flush();
    return 0;
  }

  /** A missing pinned version is reported with the versions that do exist. */
  private AssetNotFoundException withVersions(AssetNotFoundException e, String spec) {
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
    try (RemoteAssetsStore store =
        Stores.open(settings, context, verbosity, TransferListener.NONE)) {
      List<String> versions = store.versions(parsed.name());
      return new AssetNotFoundException(
          "version "
              + parsed.version().get()
              + " of asset '"
              + parsed.name()
              + "' not found in "
              + Stores.uri(store)
              + "; available: "
              + Format.versions(versions, 10));
    } catch (AssetNotFoundException noAsset) {
      return noAsset; // the asset itself is unknown: say that
    }
  }
}
