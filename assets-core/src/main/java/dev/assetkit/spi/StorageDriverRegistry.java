package dev.assetkit.spi;

import dev.assetkit.ConfigurationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The storage driver providers on the class path, by id. Refuses to guess: an unknown id fails with
 * the ids available and the artifact to add, and two providers claiming one id fail at once.
 */
public final class StorageDriverRegistry {
  private static final Map<String, String> KNOWN_ARTIFACTS =
      Map.of(
          "local", "assets-driver-local",
          "s3", "assets-driver-s3",
          "gcs", "assets-driver-gcs",
          "az", "assets-driver-azure",
          "azure", "assets-driver-azure");

  private final Map<String, StorageDriverProvider> byId;

  /** Every provider, read on first need; null when {@link #byId} is every provider. */
  private final Supplier<Map<String, StorageDriverProvider>> classPath;

  private Map<String, StorageDriverProvider> everyProvider;

  private StorageDriverRegistry(
      Map<String, StorageDriverProvider> byId,
      Supplier<Map<String, StorageDriverProvider>> classPath) {
    this.byId = byId;
    this.classPath = classPath;
  }

  /** The providers registered through {@link ServiceLoader} on this class's loader. */
  public static StorageDriverRegistry load() {
    return load(StorageDriverRegistry.class.getClassLoader());
  }

  /** The providers registered through {@link ServiceLoader} on {@code loader}. */
  public static StorageDriverRegistry load(ClassLoader loader) {
    List<StorageDriverProvider> providers = new ArrayList<>();
    ServiceLoader.load(StorageDriverProvider.class, loader).forEach(providers::add);
    return of(providers);
  }

  /**
   * A registry of exactly these providers.
   *
   * @throws ConfigurationException when two providers claim the same id or alias
   */
  public static StorageDriverRegistry of(List<? extends StorageDriverProvider> providers) {
    return new StorageDriverRegistry(index(providers), null);
  }

  /**
   * A registry of the {@code bundled} providers that looks further, with {@link ServiceLoader} on
   * {@code loader}, only for an id none of them has and to list every id. For a program that ships
   * its drivers, as the CLI does: {@link ServiceLoader} opens the program's jar and reads its
   * service files, ~10 ms of every cold command (bench/analysis.md). A provider found there of a
   * bundled provider's class is the bundled one; a clash with another is reported when the class
   * path is read.
   */
  public static StorageDriverRegistry bundledFirst(
      List<? extends StorageDriverProvider> bundled, ClassLoader loader) {
    List<StorageDriverProvider> own = List.copyOf(bundled);
    Set<Class<?>> ownClasses = new HashSet<>();
    own.forEach(provider -> ownClasses.add(provider.getClass()));
    return new StorageDriverRegistry(
        index(own),
        () -> {
          List<StorageDriverProvider> all = new ArrayList<>(own);
          ServiceLoader.load(StorageDriverProvider.class, loader).stream()
              .filter(found -> !ownClasses.contains(found.type()))
              .forEach(found -> all.add(found.get()));
          return index(all);
        });
  }

  /**
   * The providers by lower-cased id and alias.
   *
   * @throws ConfigurationException when two providers claim the same id or alias
   */
  private static Map<String, StorageDriverProvider> index(
      List<? extends StorageDriverProvider> providers) {
    Map<String, StorageDriverProvider> byId = new TreeMap<>();
    for (StorageDriverProvider provider : providers) {
      List<String> ids = new ArrayList<>();
      ids.add(provider.id());
      ids.addAll(provider.aliases());
      for (String id : ids) {
        String key = id.toLowerCase(Locale.ROOT);
        StorageDriverProvider previous = byId.putIfAbsent(key, provider);
        if (previous != null && previous != provider) {
          throw new ConfigurationException(
              "two storage drivers claim the id '"
                  + id
                  + "': "
                  + previous.getClass().getName()
                  + " and "
                  + provider.getClass().getName()
                  + "; keep only one of them on the class path");
        }
      }
    }
    return byId;
  }

  /** Every id and alias, sorted. */
  public List<String> ids() {
    return List.copyOf(everyProvider().keySet());
  }

  /** The provider for {@code id} (case-insensitive), if one is registered. */
  public Optional<StorageDriverProvider> find(String id) {
    String key = id.toLowerCase(Locale.ROOT);
    StorageDriverProvider provider = byId.get(key);
    if (provider == null && classPath != null) {
      provider = everyProvider().get(key);
    }
    return Optional.ofNullable(provider);
  }

  private synchronized Map<String, StorageDriverProvider> everyProvider() {
    if (classPath == null) {
      return byId;
    }
    if (everyProvider == null) {
      everyProvider = classPath.get();
    }
    return everyProvider;
  }

  /**
   * The provider for {@code id}.
   *
   * @throws ConfigurationException naming the ids available and the artifact to add
   */
  public StorageDriverProvider provider(String id) {
    return find(id)
        .orElseThrow(
            () -> {
              String artifact = KNOWN_ARTIFACTS.get(id.toLowerCase(Locale.ROOT));
              List<String> ids = ids();
              String fix =
                  artifact == null
                      ? "use one of " + ids
                      : "add the dependency dev.assetkit:" + artifact + " to the class path";
              return new ConfigurationException(
                  "no storage driver for provider '"
                      + id
                      + "' (available: "
                      + (ids.isEmpty() ? "none" : String.join(", ", ids))
                      + "); "
                      + fix);
            });
  }

  /** Creates a driver with the provider for {@code id}. */
  public StorageDriver open(String id, DriverConfig config) {
    return provider(id).create(config);
  }
}
