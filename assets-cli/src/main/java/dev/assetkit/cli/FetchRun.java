package dev.assetkit.cli;

import dev.assetkit.AssetMeta;
import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetSpec;
import dev.assetkit.AssetsManager;
import dev.assetkit.AssetsSettings;
import dev.assetkit.FetchResult;
import dev.assetkit.InvalidAssetSpecException;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.TransferListener;
import dev.assetkit.internal.cache.LocalCacheLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code assets fetch} does once its arguments are known, free of picocli: {@link
 * FetchCommand} runs it after picocli's parse, and {@link FastPath} runs it for the plain forms
 * without building picocli's model, which costs 0.06–0.2 s of every start (bench/analysis.md).
 * Failures are thrown, for the caller to report with {@link Failures}.
 */
final class FetchRun {
  private final Console console;
  private final AssetsSettings settings;
  private final int verbosity;

  FetchRun(Console console, AssetsSettings settings, int verbosity) {
    this.console = console;
    this.settings = settings;
    this.verbosity = verbosity;
  }

  /** Fetches {@code spec} (again with {@code download}), prints its path or JSON; returns 0. */
  int run(String spec, boolean download, boolean json) {
    boolean force = download || settings.forceDownload();
    Optional<FetchResult> cached = force ? Optional.empty() : cachedPinned(settings, spec);
    FetchResult result;
    if (cached.isPresent()) {
      result = cached.get();
    } else {
      TransferListener progress = console.progress(json);
      try (AssetsManager manager =
          Stores.openManager(settings, console.context(), verbosity, progress)) {
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
      console.printJson(document);
    } else {
      console.out().println(result.path());
      console.out().flush();
    }
    return 0;
  }

  /**
   * A pinned version complete in the cache, found with two {@code stat} calls: it needs neither the
   * driver (an SDK client can take hundreds of milliseconds to create) nor the manager. Empty for
   * anything else, errors included (the manager's fetch reports them).
   */
  static Optional<FetchResult> cachedPinned(AssetsSettings settings, String text) {
    AssetSpec parsed;
    try {
      parsed = AssetSpec.parse(text, settings.versioning());
    } catch (InvalidAssetSpecException e) {
      return Optional.empty();
    }
    if (parsed.version().isEmpty() || !settings.versioning().isComplete(parsed.version().get())) {
      return Optional.empty();
    }
    LocalCacheLayout layout = new LocalCacheLayout(settings.assetsDir());
    String version = parsed.version().get();
    if (!layout.isComplete(parsed.name(), version)) {
      return Optional.empty();
    }
    Path path = layout.versionPath(parsed.name(), version);
    if (parsed.subPart().isPresent()) {
      for (String segment : parsed.subPart().get().split("/")) {
        path = path.resolve(segment);
      }
      if (!Files.exists(path)) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new FetchResult(parsed.name(), version, path, true, Optional.<AssetMeta>empty()));
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
        Stores.open(settings, console.context(), verbosity, TransferListener.NONE)) {
      return Stores.versionNotFound(store, parsed.name(), parsed.version().get());
    } catch (AssetNotFoundException noAsset) {
      return noAsset; // the asset itself is unknown: say that
    }
  }
}
