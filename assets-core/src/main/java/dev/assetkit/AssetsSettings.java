package dev.assetkit;

import dev.assetkit.spi.VersioningSystem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The effective configuration: each value from an explicit argument, else the {@code ASSETS_*}
 * environment variable, else modelkit's {@code MODELKIT_*} name, else the default. Numbers and
 * booleans are parsed strictly; a bad value fails naming the variable.
 */
public final class AssetsSettings {

  /** Every setting, with its variable, modelkit's alias and its default. */
  public enum Key {
    /** The local assets directory; modelkit's default, the working directory. */
    ASSETS_DIR("MODELKIT_ASSETS_DIR", "the working directory"),
    /** {@code local}, {@code s3}, {@code gcs}, {@code az}; unset means no remote store. */
    ASSETS_STORAGE_PROVIDER("MODELKIT_STORAGE_PROVIDER", "unset (local assets only)"),
    /** The bucket, container or folder. */
    ASSETS_STORAGE_BUCKET("MODELKIT_STORAGE_BUCKET", "unset"),
    /** The prefix of every object. */
    ASSETS_STORAGE_PREFIX("MODELKIT_STORAGE_PREFIX", "modelkit-assets"),
    /** Overall deadline of one remote operation, retries included, in seconds. */
    ASSETS_STORAGE_TIMEOUT_S("MODELKIT_STORAGE_TIMEOUT_S", "300"),
    /** How long to wait for another process downloading the same version, in seconds. */
    ASSETS_TIMEOUT_S("MODELKIT_ASSETS_TIMEOUT_S", "600"),
    /** Re-download even when the version is cached. */
    ASSETS_STORAGE_FORCE_DOWNLOAD("MODELKIT_STORAGE_FORCE_DOWNLOAD", "false"),
    /** {@code major_minor} or {@code simple_date}. */
    ASSETS_VERSIONING_SYSTEM("MODELKIT_ASSETS_VERSIONING_SYSTEM", "major_minor"),
    /** Concurrent file transfers of one asset. */
    ASSETS_TRANSFER_PARALLELISM("", "8"),
    /** Part size of multipart uploads and ranged downloads, in MiB. */
    ASSETS_TRANSFER_PART_SIZE_MB("", "16");

    private final String alias;
    private final String defaultDescription;

    Key(String alias, String defaultDescription) {
      this.alias = alias;
      this.defaultDescription = defaultDescription;
    }

    /** modelkit's name for this variable, if modelkit has one. */
    public Optional<String> alias() {
      return alias.isEmpty() ? Optional.empty() : Optional.of(alias);
    }

    /** The default, as users read it. */
    public String defaultDescription() {
      return defaultDescription;
    }
  }

  /**
   * Where a value came from.
   *
   * @param description {@code argument}, {@code environment ASSETS_DIR}, {@code default}, ...
   * @param value the raw value, if any
   */
  public record Source(String description, Optional<String> value) {}

  private final Path assetsDir;
  private final Optional<String> storageProvider;
  private final Optional<String> bucket;
  private final String prefix;
  private final Duration storageTimeout;
  private final Duration lockTimeout;
  private final boolean forceDownload;
  private final VersioningSystem versioning;
  private final int transferParallelism;
  private final long partSize;
  private final Map<String, String> environment;
  private final Map<Key, Source> sources;

  private AssetsSettings(Builder builder) {
    Resolver resolver = new Resolver(builder.arguments, builder.environment);
    this.environment = builder.environment;
    Path workingDir = builder.workingDir;
    Path explicitDir = builder.assetsDirPath;
    // Plain code rather than Optional.map(lambda): these settings are read on the start-up path
    // of a cached fetch, where the first lambda costs ~7 ms of bootstrap (bench/analysis.md).
    this.assetsDir =
        (explicitDir != null && explicitDir.isAbsolute()
                ? explicitDir
                : assetsDir(resolver, workingDir))
            .toAbsolutePath()
            .normalize();
    Optional<String> provider = resolver.value(Key.ASSETS_STORAGE_PROVIDER);
    this.storageProvider =
        provider.isPresent() ? Optional.of(provider.get().toLowerCase(Locale.ROOT)) : provider;
    this.bucket = resolver.value(Key.ASSETS_STORAGE_BUCKET);
    this.prefix = trimSlashes(resolver.value(Key.ASSETS_STORAGE_PREFIX).orElse("modelkit-assets"));
    this.storageTimeout = seconds(resolver, Key.ASSETS_STORAGE_TIMEOUT_S, 300);
    this.lockTimeout = seconds(resolver, Key.ASSETS_TIMEOUT_S, 600);
    this.forceDownload = forceDownload(resolver);
    this.versioning = versioning(resolver);
    this.transferParallelism = positiveInt(resolver, Key.ASSETS_TRANSFER_PARALLELISM, 8, 256);
    this.partSize = (long) positiveInt(resolver, Key.ASSETS_TRANSFER_PART_SIZE_MB, 16, 4096) << 20;
    this.sources = resolver.sources();
    if (storageProvider.isPresent() && bucket.isEmpty()) {
      throw new ConfigurationException(
          "ASSETS_STORAGE_PROVIDER is "
              + storageProvider.get()
              + " but no bucket is set; set ASSETS_STORAGE_BUCKET (or MODELKIT_STORAGE_BUCKET)");
    }
  }

  /** Settings from the process environment and defaults only. */
  public static AssetsSettings fromEnvironment() {
    return builder().build();
  }

  /** A builder whose explicit values override the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** The local assets directory (absolute). */
  public Path assetsDir() {
    return assetsDir;
  }

  /** The storage provider id, or empty for local assets only. */
  public Optional<String> storageProvider() {
    return storageProvider;
  }

  /** The bucket, container or folder, when a provider is set. */
  public Optional<String> bucket() {
    return bucket;
  }

  /** The object prefix, without leading or trailing {@code /}. */
  public String prefix() {
    return prefix;
  }

  /** The overall deadline of one remote operation. */
  public Duration storageTimeout() {
    return storageTimeout;
  }

  /** How long to wait for another process's download of the same version. */
  public Duration lockTimeout() {
    return lockTimeout;
  }

  /** Whether fetches re-download cached versions by default. */
  public boolean forceDownload() {
    return forceDownload;
  }

  /** The versioning system. */
  public VersioningSystem versioning() {
    return versioning;
  }

  /** Concurrent file transfers of one asset. */
  public int transferParallelism() {
    return transferParallelism;
  }

  /** Part size of large transfers, in bytes. */
  public long partSize() {
    return partSize;
  }

  /** The environment the settings were read from; drivers read their own variables in it. */
  public Map<String, String> environment() {
    return environment;
  }

  /** Where each setting's value came from, in declaration order. */
  public Map<Key, Source> sources() {
    return sources;
  }

  @Override
  public String toString() {
    return "AssetsSettings[assetsDir="
        + assetsDir
        + ", provider="
        + storageProvider.orElse("none")
        + ", bucket="
        + bucket.orElse("none")
        + ", prefix="
        + prefix
        + ", versioning="
        + versioning.name()
        + "]";
  }

  /** Collects explicit values; {@link #build()} resolves the rest from the environment. */
  public static final class Builder {
    private final Map<Key, String> arguments = new EnumMap<>(Key.class);
    private Map<String, String> environment = System.getenv();
    private Path workingDir = Path.of("");
    // The Path given to assetsDir(Path): its text alone would lose its file system (Jimfs).
    private Path assetsDirPath;

    private Builder() {}

    /** An explicit value for {@code key}, as text; null or blank leaves it to the environment. */
    public Builder set(Key key, String value) {
      if (key == Key.ASSETS_DIR) {
        assetsDirPath = null;
      }
      if (value == null || value.isBlank()) {
        arguments.remove(key);
      } else {
        arguments.put(key, value);
      }
      return this;
    }

    /** The local assets directory. */
    public Builder assetsDir(Path dir) {
      set(Key.ASSETS_DIR, dir.toString());
      assetsDirPath = arguments.containsKey(Key.ASSETS_DIR) ? dir : null;
      return this;
    }

    /** The storage provider id. */
    public Builder storageProvider(String id) {
      return set(Key.ASSETS_STORAGE_PROVIDER, id);
    }

    /** The bucket, container or folder. */
    public Builder bucket(String bucket) {
      return set(Key.ASSETS_STORAGE_BUCKET, bucket);
    }

    /** The object prefix. */
    public Builder prefix(String prefix) {
      return set(Key.ASSETS_STORAGE_PREFIX, prefix);
    }

    /** The versioning system's name. */
    public Builder versioning(String name) {
      return set(Key.ASSETS_VERSIONING_SYSTEM, name);
    }

    /** Whether fetches re-download by default. */
    public Builder forceDownload(boolean force) {
      return set(Key.ASSETS_STORAGE_FORCE_DOWNLOAD, Boolean.toString(force));
    }

    /** The environment to read (the process environment by default); tests pass a map. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /** What relative paths resolve against (the process's working directory by default). */
    public Builder workingDir(Path dir) {
      this.workingDir = Objects.requireNonNull(dir);
      return this;
    }

    /**
     * Resolves every setting.
     *
     * @throws ConfigurationException naming the variable whose value is invalid
     */
    public AssetsSettings build() {
      return new AssetsSettings(this);
    }
  }

  // ---- resolution and strict parsing

  private static final class Resolver {
    private final Map<Key, String> arguments;
    private final Map<String, String> environment;
    private final Map<Key, Source> sources = new LinkedHashMap<>();

    Resolver(Map<Key, String> arguments, Map<String, String> environment) {
      this.arguments = arguments;
      this.environment = environment;
      for (Key key : Key.values()) {
        sources.put(key, locate(key));
      }
    }

    private Source locate(Key key) {
      if (arguments.containsKey(key)) {
        return new Source("argument", Optional.of(arguments.get(key).trim()));
      }
      for (String name : new String[] {key.name(), key.alias().orElse(key.name())}) {
        String value = environment.get(name);
        if (value != null && !value.isBlank()) {
          return new Source("environment " + name, Optional.of(value.trim()));
        }
      }
      return new Source("default", Optional.empty());
    }

    Optional<String> value(Key key) {
      return sources.get(key).value();
    }

    String origin(Key key) {
      Source source = sources.get(key);
      return source.description().startsWith("environment ")
          ? source.description().substring("environment ".length())
          : key.name() + " (" + source.description() + ")";
    }

    Map<Key, Source> sources() {
      return java.util.Collections.unmodifiableMap(new EnumMap<>(sources));
    }
  }

  private static Path assetsDir(Resolver resolver, Path workingDir) {
    Optional<String> raw = resolver.value(Key.ASSETS_DIR);
    if (raw.isEmpty()) {
      return workingDir;
    }
    try {
      return workingDir.resolve(raw.get());
    } catch (InvalidPathException e) {
      throw invalidValue(resolver, Key.ASSETS_DIR, raw.get(), e);
    }
  }

  private static boolean forceDownload(Resolver resolver) {
    Optional<String> raw = resolver.value(Key.ASSETS_STORAGE_FORCE_DOWNLOAD);
    if (raw.isEmpty()) {
      return false;
    }
    switch (raw.get().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on":
        return true;
      case "false", "0", "no", "off":
        return false;
      default:
        throw invalidValue(
            resolver,
            Key.ASSETS_STORAGE_FORCE_DOWNLOAD,
            raw.get(),
            new IllegalArgumentException("use true or false"));
    }
  }

  private static VersioningSystem versioning(Resolver resolver) {
    Optional<String> raw = resolver.value(Key.ASSETS_VERSIONING_SYSTEM);
    if (raw.isEmpty()) {
      return VersioningSystem.defaultSystem();
    }
    try {
      return VersioningSystem.named(raw.get());
    } catch (ConfigurationException e) {
      // named() speaks of ASSETS_VERSIONING_SYSTEM; name the variable actually used.
      throw invalidValue(
          resolver,
          Key.ASSETS_VERSIONING_SYSTEM,
          raw.get(),
          new IllegalArgumentException("use major_minor or simple_date", e));
    }
  }

  private static ConfigurationException invalidValue(
      Resolver resolver, Key key, String value, IllegalArgumentException e) {
    return new ConfigurationException(
        resolver.origin(key) + " has an invalid value '" + value + "': " + e.getMessage());
  }

  private static Duration seconds(Resolver resolver, Key key, long fallback) {
    return Duration.ofSeconds(positiveLong(resolver, key, fallback, 365L * 24 * 3600));
  }

  private static int positiveInt(Resolver resolver, Key key, int fallback, int max) {
    return (int) positiveLong(resolver, key, fallback, max);
  }

  private static long positiveLong(Resolver resolver, Key key, long fallback, long max) {
    Optional<String> raw = resolver.value(key);
    if (raw.isEmpty()) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw.get());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          resolver.origin(key) + " must be a whole number, got '" + raw.get() + "'");
    }
    if (value < 1 || value > max) {
      throw new ConfigurationException(
          resolver.origin(key) + " must be between 1 and " + max + ", got " + value);
    }
    return value;
  }

  private static String trimSlashes(String prefix) {
    String trimmed = prefix;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
