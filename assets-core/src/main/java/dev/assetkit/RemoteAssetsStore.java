package dev.assetkit;

import dev.assetkit.AssetMeta.FileEntry;
import dev.assetkit.internal.publish.PublishTransaction;
import dev.assetkit.internal.publish.SourceScanner.Source;
import dev.assetkit.internal.store.RemoteStore;
import dev.assetkit.internal.store.StoreConnector;
import dev.assetkit.internal.transfer.TransferPool;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverRegistry;
import dev.assetkit.spi.VersioningSystem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Publishes and inspects assets in the remote store, as modelkit's AssetsManager and {@code assets}
 * commands do: {@link #create}, {@link #update}, {@link #listAssets}, {@link #versions}, {@link
 * #meta}, and {@link #repair}. Safe with concurrent publishers: a version is never given to two of
 * them and never overwritten.
 */
public final class RemoteAssetsStore implements AutoCloseable {
  /** The tool name written into metas. */
  public static final String TOOL = "assetkit " + Version.current();

  private static final DateTimeFormatter PUSH_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

  private final AssetsSettings settings;
  private final RemoteStore store;
  private final VersioningSystem versioning;
  private final TransferPool pool;
  private final boolean ownsDriver; // a driver passed to the builder stays the caller's to close
  private final Clock clock;
  private final TransferListener listener;

  private RemoteAssetsStore(Builder builder) {
    this.settings = builder.settings != null ? builder.settings : AssetsSettings.fromEnvironment();
    this.versioning = settings.versioning();
    this.clock = builder.clock;
    this.store =
        StoreConnector.open(
                settings,
                builder.registry != null ? builder.registry : StorageDriverRegistry.load(),
                Optional.ofNullable(builder.driver))
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "no remote store configured; set ASSETS_STORAGE_PROVIDER (local, s3, gcs"
                            + " or az) and ASSETS_STORAGE_BUCKET"));
    this.ownsDriver = builder.driver == null;
    this.pool = new TransferPool("publish", settings.transferParallelism());
    this.listener = builder.listener;
  }

  /** A store configured from the environment. */
  public static RemoteAssetsStore fromEnvironment() {
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

  /** A URI of the store's prefix, for people. */
  public String uri() {
    return store.uri("");
  }

  /**
   * Pushes the first version of a new asset ({@code 0.0}, or now for {@code simple_date}).
   *
   * @param source a local file or folder
   * @param name the asset name, without version
   * @throws AssetExistsException when the asset already has versions
   */
  public PushResult create(Path source, String name, boolean dryRun) {
    AssetSpec spec = AssetSpec.parse(name, versioning);
    if (spec.version().isPresent() || spec.subPart().isPresent()) {
      throw new InvalidAssetSpecException(
          name,
          spec.name().length(),
          "'new' takes a name only; the first version is chosen for you (use 'update' for more)");
    }
    Optional<RemoteStore.Index> index = store.readIndex(spec.name());
    if (index.isPresent() && !index.get().versions().isEmpty()) {
      throw new AssetExistsException(
          "asset '"
              + spec.name()
              + "' already exists with versions "
              + String.join(", ", versioning.sortLatestFirst(index.get().versions()))
              + "; use 'update' to push a new version");
    }
    String first = versioning.initialVersion(clock);
    return new PublishTransaction(store, pool, listener)
        .publish(
            spec.name(),
            source,
            this::meta,
            first,
            taken -> nextAfterLostFirstClaim(spec.name(), taken),
            dryRun);
  }

  /**
   * The version a {@code new} takes when its first choice was claimed already. If the asset now has
   * indexed versions, another publisher created it meanwhile, and this push is refused. If not, the
   * claim is listed nowhere: another {@code new} is still uploading, or one stopped before it
   * finished (killed, store full) and left its meta; that version stays claimed, so this push takes
   * the next one, as {@code update} would, rather than leave the asset impossible to create.
   */
  private String nextAfterLostFirstClaim(String name, Set<String> taken) {
    Optional<RemoteStore.Index> index = store.readIndex(name);
    if (index.isPresent() && !index.get().versions().isEmpty()) {
      throw new AssetExistsException(
          "asset '"
              + name
              + "' was created by another publisher at the same time ("
              + String.join(", ", versioning.sortLatestFirst(index.get().versions()))
              + "); use 'update'");
    }
    return versioning.nextVersion(name, taken, Optional.empty(), false, clock);
  }

  /**
   * Pushes the next version of an existing asset: the next minor of the latest version, of the
   * latest {@code MAJOR.x} when {@code nameAndMajor} is {@code name:MAJOR}, or a new major.
   */
  public PushResult update(Path source, String nameAndMajor, boolean bumpMajor, boolean dryRun) {
    AssetSpec spec = AssetSpec.parse(nameAndMajor, versioning);
    if (spec.subPart().isPresent()) {
      throw new InvalidAssetSpecException(
          nameAndMajor,
          nameAndMajor.indexOf('['),
          "'update' takes NAME or NAME:MAJOR, no sub-part");
    }
    if (spec.version().isPresent() && versioning.isComplete(spec.version().get())) {
      throw new InvalidAssetSpecException(
          nameAndMajor,
          spec.name().length() + 1,
          "'update' chooses the version; give at most a major version, such as "
              + spec.name()
              + ":1");
    }
    String name = spec.name();
    List<String> existing = store.versions(name);
    String next = versioning.nextVersion(name, existing, spec.version(), bumpMajor, clock);
    return new PublishTransaction(store, pool, listener)
        .publish(
            name,
            source,
            this::meta,
            next,
            taken -> {
              Set<String> known = new HashSet<>(store.versions(name));
              known.addAll(taken);
              return versioning.nextVersion(name, known, spec.version(), bumpMajor, clock);
            },
            dryRun);
  }

  /** Every asset in the store with its versions, latest first, sorted by name. */
  public List<AssetVersions> listAssets() {
    List<AssetVersions> assets = new ArrayList<>();
    for (String name : store.assetNames()) {
      store
          .readIndex(name)
          .ifPresent(
              index ->
                  assets.add(
                      new AssetVersions(name, versioning.sortLatestFirst(index.versions()))));
    }
    return assets;
  }

  /** The versions of one asset, latest first. */
  public List<String> versions(String name) {
    return store.versions(AssetSpec.parse(name, versioning).name());
  }

  /** The meta of one version; a partial or missing version resolves against the index. */
  public AssetMeta meta(String spec) {
    AssetSpec parsed = AssetSpec.parse(spec, versioning);
    String version =
        parsed.version().isPresent() && versioning.isComplete(parsed.version().get())
            ? parsed.version().get()
            : versioning.resolve(parsed.name(), parsed.version(), store.versions(parsed.name()));
    return store.meta(parsed.name(), version);
  }

  /**
   * Rebuilds the index of {@code name} from the metas in the store: versions whose data is complete
   * are added; versions whose data is missing (a publisher killed mid-way) are reported, not added.
   * An asset whose only metas are incomplete (its first push killed after its claim) has no index,
   * and gets none: its report lists them as incomplete, with no versions.
   *
   * @throws AssetNotFoundException when the store holds neither an index nor a meta of {@code name}
   */
  public RepairReport repair(String name, boolean dryRun) {
    String asset = AssetSpec.parse(name, versioning).name();
    Optional<RemoteStore.Index> index = store.readIndex(asset);
    Set<String> indexed = new HashSet<>(index.map(RemoteStore.Index::versions).orElse(List.of()));
    List<String> added = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    for (String version : versioning.sortLatestFirst(store.versionsWithMeta(asset))) {
      if (indexed.contains(version)) {
        continue;
      }
      if (dataComplete(asset, version)) {
        added.add(version);
      } else {
        incomplete.add(version);
      }
    }
    Set<String> all = new HashSet<>(indexed);
    all.addAll(added);
    List<String> versions = versioning.sortLatestFirst(all);
    if (all.isEmpty() && incomplete.isEmpty()) {
      throw store.assetNotFound(asset);
    }
    // Only incomplete versions (a first push killed after its claim): reported, no index written.
    if (!dryRun && !added.isEmpty()) {
      versions = store.addToIndex(asset, Set.copyOf(added));
    }
    return new RepairReport(asset, added, incomplete, versions, dryRun);
  }

  private boolean dataComplete(String name, String version) {
    AssetMeta meta;
    try {
      meta = store.meta(name, version);
    } catch (AssetsException e) {
      return false;
    }
    if (!meta.directory()) {
      Optional<ObjectInfo> data = store.driver().stat(store.dataKey(name, version));
      FileEntry entry = meta.files().isEmpty() ? null : meta.files().get(0);
      return data.isPresent()
          && (entry == null
              || entry.size().isEmpty()
              || entry.size().getAsLong() == data.get().size());
    }
    String folder = store.dataKey(name, version) + "/";
    Map<String, Long> present = new HashMap<>();
    try (Stream<ObjectInfo> objects = store.listVersionFiles(name, version)) {
      present.putAll(
          objects.collect(
              Collectors.toMap(
                  o -> o.key().substring(folder.length()), ObjectInfo::size, (a, b) -> a)));
    }
    for (FileEntry entry : meta.files()) {
      Long size = present.get(entry.path());
      if (size == null || (entry.size().isPresent() && entry.size().getAsLong() != size)) {
        return false;
      }
    }
    return true;
  }

  private AssetMeta meta(Source source) {
    String pushDate =
        PUSH_DATE.format(
            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MICROS));
    return new AssetMeta(
        pushDate,
        source.directory(),
        source.files(),
        Optional.of(versioning.name()),
        Optional.of(TOOL),
        Optional.ofNullable(System.getProperty("user.name")),
        Optional.of(UUID.randomUUID().toString()));
  }

  @Override
  public void close() {
    pool.close();
    if (ownsDriver) {
      store.driver().close();
    }
  }

  /** Configures a {@link RemoteAssetsStore}. */
  public static final class Builder {
    private AssetsSettings settings;
    private StorageDriver driver;
    private StorageDriverRegistry registry;
    private Clock clock = Clock.systemUTC();
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

    /** The clock for push dates and date versions (default: the system's). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Who hears about uploads, for a progress display (default: nobody). */
    public Builder listener(TransferListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Builds the store client. */
    public RemoteAssetsStore build() {
      return new RemoteAssetsStore(this);
    }
  }
}
