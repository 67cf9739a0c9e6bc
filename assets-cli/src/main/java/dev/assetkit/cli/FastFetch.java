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
import java.util.Map;
import java.util.Optional;

/**
 * The start-up fast path of the hottest command, {@code assets fetch SPEC}: its plain forms run
 * before picocli builds its model (0.06–0.2 s of every start, bench/analysis.md), through the same
 * {@link FetchRun} and {@link Failures} as the full command line, so they print and exit exactly as
 * it does. A version already in the cache is answered without a driver or the manager. Only the
 * plain forms are recognised ({@code --json}, {@code -q}, {@code --download} and the store
 * options); anything else ({@code -v}, {@code --help}, a second argument, a value missing, settings
 * that do not build...) returns empty, having printed nothing, and the full command line runs.
 */
final class FastFetch {
  private FastFetch() {}

  /** The exit code if {@code args} were handled here, else empty (nothing was printed). */
  static Optional<Integer> tryRun(
      CliContext context, String[] args, PrintWriter out, PrintWriter err) {
    if (args.length < 2 || !args[0].equals("fetch")) {
      return Optional.empty();
    }
    String spec = null;
    boolean json = false;
    boolean quiet = false;
    boolean download = false;
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
        quiet = true;
      } else if (arg.equals("--download")) {
        download = true;
      } else if (arg.startsWith("-") || spec != null) {
        return Optional.empty(); // -v, --help, a second positional, ...
      } else {
        spec = arg;
      }
    }
    if (spec == null) {
      return Optional.empty();
    }
    AssetsSettings settings;
    try {
      AssetsSettings.Builder builder =
          AssetsSettings.builder().environment(context.env()).workingDir(context.workingDir());
      for (Map.Entry<Key, String> entry : values.entrySet()) {
        builder.set(entry.getKey(), entry.getValue());
      }
      settings = builder.build();
    } catch (RuntimeException e) {
      return Optional.empty(); // the full command line reports it properly
    }
    Logging.configure(0); // as the full command line does for every command without -v
    try {
      return Optional.of(
          new FetchRun(context, settings, out, err, quiet, 0).run(spec, download, json));
    } catch (RuntimeException e) {
      out.flush();
      return Optional.of(Failures.report(e, err, 0, Optional.of(settings)));
    }
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
