package dev.assetkit.cli;

import dev.assetkit.AssetMeta;
import dev.assetkit.AssetSpec;
import dev.assetkit.AssetsSettings;
import dev.assetkit.AssetsSettings.Key;
import dev.assetkit.FetchResult;
import dev.assetkit.InvalidAssetSpecException;
import dev.assetkit.internal.cache.LocalCacheLayout;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The start-up fast path of the hottest call, {@code assets fetch NAME:VERSION} of a version
 * already in the cache: it is answered before picocli builds its model (about half of the start-up
 * time). Only the plain forms are recognised ({@code --json}, {@code -q}, and the store options);
 * anything else, and any failure or doubt, returns empty and the full command line runs, which then
 * does and reports everything itself.
 */
final class FastFetch {
  private FastFetch() {}

  /** The exit code if {@code args} were fully handled here, else empty (nothing was printed). */
  static Optional<Integer> tryRun(CliContext context, String[] args, PrintWriter out) {
    if (args.length < 2 || !args[0].equals("fetch")) {
      return Optional.empty();
    }
    String spec = null;
    boolean json = false;
    Map<Key, String> values = new EnumMap<>(Key.class);
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int equals = arg.indexOf('=');
      String name = arg;
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      Key key = keyOf(name);
      if (key != null) {
        if (value == null) {
          if (i + 1 >= args.length) {
            return Optional.empty();
          }
          value = args[++i];
        }
        values.put(key, value);
      } else if (arg.equals("--json")) {
        json = true;
      } else if (arg.equals("-q") || arg.equals("--quiet")) {
        continue; // nothing but the result is printed here anyway
      } else if (arg.startsWith("-") || spec != null) {
        return Optional.empty(); // --download, -v, --help, a second positional, ...
      } else {
        spec = arg;
      }
    }
    if (spec == null) {
      return Optional.empty();
    }
    Optional<FetchResult> result;
    try {
      AssetsSettings.Builder builder =
          AssetsSettings.builder().environment(context.env()).workingDir(context.workingDir());
      for (Map.Entry<Key, String> value : values.entrySet()) {
        builder.set(value.getKey(), value.getValue());
      }
      AssetsSettings settings = builder.build();
      if (settings.forceDownload()) {
        return Optional.empty();
      }
      result = cachedPinned(settings, spec);
    } catch (RuntimeException e) {
      return Optional.empty(); // the full command line reports it properly
    }
    if (result.isEmpty()) {
      return Optional.empty();
    }
    if (json) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("name", result.get().name());
      document.put("version", result.get().version());
      document.put("path", result.get().path().toString());
      document.put("from_cache", true);
      out.println(dev.assetkit.internal.json.Json.write(document));
    } else {
      out.println(result.get().path());
    }
    out.flush();
    return Optional.of(0);
  }

  /**
   * The start-up fast path: a pinned version complete in the cache needs neither the driver (an SDK
   * client can take hundreds of milliseconds to create) nor the manager. Anything else, errors
   * included, goes the normal way.
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

  private static Key keyOf(String option) {
    switch (option) {
      case "--provider":
        return Key.ASSETS_STORAGE_PROVIDER;
      case "--bucket":
        return Key.ASSETS_STORAGE_BUCKET;
      case "--prefix":
        return Key.ASSETS_STORAGE_PREFIX;
      case "--assets-dir":
        return Key.ASSETS_DIR;
      default:
        return null;
    }
  }
}
