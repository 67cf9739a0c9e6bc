package dev.assetkit;

import dev.assetkit.internal.cache.LocalCacheLayout;
import dev.assetkit.internal.fetch.VersionDownloader;
import dev.assetkit.internal.fetch.VersionLock;
import dev.assetkit.internal.log.Log;
import dev.assetkit.internal.store.RemoteStore;
import dev.assetkit.internal.store.StoreConnector;
import dev.assetkit.internal.transfer.TransferPool;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverRegistry;
import dev.assetkit.spi.VersioningSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Fetches assets into the local assets directory and returns their paths, as modelkit's
 * AssetsManager does.
 *
 * <p>A pinned version already in the cache costs no network call, no lock and no write (so a
 * read-only assets directory works). Otherwise the version is resolved (against the store's index
 * when a provider is configured, against the local versions when not), and downloaded once across
 * threads and processes: into staging, verified against the meta's sizes and checksums, then
 * renamed into place with its {@code .SUCCESS} marker.
 *
 * <pre>{@code
 * try (AssetsManager assets = AssetsManager.fromEnvironment()) {
 *   Path vocabulary = assets.fetchAsset("models/encoder:1.2[vocab.txt]");
 * }
 * }</pre>
 */
public final class AssetsManager implements AutoCloseable {
  private static final Log LOG = Log.of(AssetsManager.class);

  private final AssetsSettings settings;
  private final LocalCacheLayout layout;
  private final VersioningSystem versioning;
  private final Optional<RemoteStore> store;
  private final TransferPool pool;
  private final boolean ownsDriver; // a driver passed to the builder stays the caller's to close
  private final TransferListener listener;
  // Versions are immutable: a pinned spec once found complete maps to the same path for good.
  private final ConcurrentHashMap<String, Path> pinnedCache = new ConcurrentHashMap<>();

  private AssetsManager(Builder builder) {
    this.settings = builder.settings != null ? builder.settings : AssetsSettings.fromEnvironment();
    this.layout = new LocalCacheLayout(settings.assetsDir());
    this.versioning = settings.versioning();
    this.store =
        StoreConnector.open(
            settings,
            builder.registry != null ? builder.registry : StorageDriverRegistry.load(),
            Optional.ofNullable(builder.driver));
    this.ownsDriver = builder.driver == null;
    this.pool = new TransferPool("fetch", settings.transferParallelism());
    this.listener = builder.listener;
  }

  /** A manager configured from the environment ({@code ASSETS_*} or {@code MODELKIT_*}). */
  public static AssetsManager fromEnvironment() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The settings in use. */
  public AssetsSettings settings() {
    return settings;
  }

  /**
   * The local path of an asset, downloading it if needed; force-download follows {@code
   * ASSETS_STORAGE_FORCE_DOWNLOAD}.
   */
  public Path fetchAsset(String spec) {
    if (!settings.forceDownload()) {
      Path cached = pinnedCache.get(spec);
      if (cached != null) {
        return cached;
      }
    }
    return fetch(spec, settings.forceDownload()).path();
  }

  /** The local path of an asset; {@code forceDownload} re-downloads even a cached version. */
  public Path fetchAsset(String spec, boolean forceDownload) {
    return fetch(spec, forceDownload).path();
  }

  /** Fetches an asset and says what was done; force-download follows the settings. */
  public FetchResult fetch(String spec) {
    return fetch(spec, settings.forceDownload());
  }

  /**
   * Fetches an asset and says what was done.
   *
   * @throws InvalidAssetSpecException when the spec cannot be parsed
   * @throws AssetNotFoundException when the asset, version or sub-part does not exist
   * @throws IntegrityException when downloaded bytes do not match the meta
   */
  public FetchResult fetch(String specText, boolean forceDownload) {
    Objects.requireNonNull(specText, "spec");
    AssetSpec spec;
    try {
      spec = AssetSpec.parse(specText, versioning);
    } catch (InvalidAssetSpecException e) {
      return localPathSpec(specText).orElseThrow(() -> e);
    }
    if (store.isEmpty()) {
      try {
        return fetchOffline(spec);
      } catch (AssetNotFoundException e) {
        return localPathSpec(specText).orElseThrow(() -> e);
      }
    }
    String name = spec.name();
    Optional<String> requested = spec.version();
    if (!forceDownload && requested.isPresent() && versioning.isComplete(requested.get())) {
      if (layout.isComplete(name, requested.get())) {
        return cachedResult(spec, requested.get(), specText);
      }
    }
    RemoteStore remote = store.get();
    String version;
    if (requested.isPresent() && versioning.isComplete(requested.get())) {
      version = requested.get();
    } else {
      List<String> available = remote.versions(name);
      version = versioning.resolve(name, requested, available);
      if (!forceDownload && layout.isComplete(name, version)) {
        return cachedResult(spec, version, null);
      }
    }
    return download(spec, version, forceDownload);
  }

  @SuppressWarnings("try") // the lock is held for the block; nothing else to call on it
  private FetchResult download(AssetSpec spec, String version, boolean forceDownload) {
    String name = spec.name();
    String what = name + ":" + version;
    try (VersionLock lock =
        VersionLock.acquire(layout.lockFile(name, version), settings.lockTimeout(), what)) {
      if (!forceDownload && layout.isComplete(name, version)) {
        return cachedResult(spec, version, null); // another thread or process just fetched it
      }
      AssetMeta meta = store.get().meta(name, version);
      LOG.log(System.Logger.Level.INFO, "downloading {0} from {1}", what, store.get().uri(name));
      listener.transferStarted(
          TransferListener.Direction.DOWNLOAD,
          what,
          meta.files().size(),
          meta.totalSize().orElse(-1));
      boolean succeeded = false;
      try {
        new VersionDownloader(store.get(), layout, pool, listener).install(name, version, meta);
        succeeded = true;
      } finally {
        listener.transferFinished(succeeded);
      }
      Path path = subPath(spec, version);
      return new FetchResult(name, version, path, false, Optional.of(meta));
    }
  }

  private FetchResult fetchOffline(AssetSpec spec) {
    String name = spec.name();
    Optional<String> requested = spec.version();
    String version;
    if (requested.isPresent()
        && versioning.isComplete(requested.get())
        && layout.isPresent(name, requested.get())) {
      version = requested.get();
    } else {
      List<String> local = layout.localVersions(name, versioning, true);
      if (local.isEmpty()) {
        throw new AssetNotFoundException(
            "asset '"
                + name
                + "' is not in "
                + settings.assetsDir()
                + " and no remote store is configured; set ASSETS_STORAGE_PROVIDER and"
                + " ASSETS_STORAGE_BUCKET to download it");
      }
      version = versioning.resolve(name, requested, local);
    }
    return new FetchResult(name, version, subPath(spec, version), true, Optional.empty());
  }

  private FetchResult cachedResult(AssetSpec spec, String version, String pinnedText) {
    Path path = subPath(spec, version);
    if (pinnedText != null) {
      pinnedCache.put(pinnedText, path);
    }
    return new FetchResult(spec.name(), version, path, true, Optional.empty());
  }

  private Path subPath(AssetSpec spec, String version) {
    Path versionPath = layout.versionPath(spec.name(), version);
    if (spec.subPart().isEmpty()) {
      return versionPath;
    }
    Path path = versionPath;
    for (String segment : spec.subPart().get().split("/")) {
      path = path.resolve(segment);
    }
    if (!Files.exists(path)) {
      throw new AssetNotFoundException(
          "'"
              + spec.subPart().get()
              + "' not found in "
              + spec.name()
              + ":"
              + version
              + "; it holds: "
              + topLevelEntries(versionPath));
    }
    return path;
  }

  private static String topLevelEntries(Path versionPath) {
    if (!Files.isDirectory(versionPath)) {
      return "a single file (no sub-parts)";
    }
    try (Stream<Path> children = Files.list(versionPath)) {
      List<String> names =
          children
              .map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : ""))
              .filter(n -> !n.equals(dev.assetkit.internal.cache.LocalCacheLayout.MARKER))
              .sorted()
              .limit(20)
              .toList();
      return names.isEmpty() ? "nothing" : String.join(", ", names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A path given as a spec resolves to itself when it exists, as in modelkit's offline mode. */
  private Optional<FetchResult> localPathSpec(String text) {
    if (store.isPresent()) {
      return Optional.empty();
    }
    try {
      Path path = Path.of(text);
      if (Files.exists(path)) {
        return Optional.of(
            new FetchResult(text, "", path.toAbsolutePath().normalize(), true, Optional.empty()));
      }
    } catch (InvalidPathException e) {
      // Not a path either: the spec error stands.
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    pool.close();
    if (ownsDriver) {
      store.ifPresent(s -> s.driver().close());
    }
  }

  /** Configures an {@link AssetsManager}. */
  public static final class Builder {
    private AssetsSettings settings;
    private StorageDriver driver;
    private StorageDriverRegistry registry;
    private TransferListener listener = TransferListener.NONE;

    private Builder() {}

    /** The settings (default: from the environment). */
    public Builder settings(AssetsSettings settings) {
      this.settings = settings;
      return this;
    }

    /**
     * A driver to use instead of the one the settings' provider would create; the caller keeps
     * ownership and closes it.
     */
    public Builder driver(StorageDriver driver) {
      this.driver = driver;
      return this;
    }

    /** The driver providers to choose from (default: those on the class path). */
    public Builder registry(StorageDriverRegistry registry) {
      this.registry = registry;
      return this;
    }

    /** Who hears about downloads, for a progress display (default: nobody). */
    public Builder listener(TransferListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Builds the manager; its driver is created now, nothing is fetched yet. */
    public AssetsManager build() {
      return new AssetsManager(this);
    }
  }
}
