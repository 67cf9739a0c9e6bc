package dev.assetkit.spi;

import dev.assetkit.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

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

  private StorageDriverRegistry(Map<String, StorageDriverProvider> byId) {
    this.byId = byId;
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
    return new StorageDriverRegistry(byId);
  }

  /** Every id and alias, sorted. */
  public List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  /** The provider for {@code id} (case-insensitive), if one is registered. */
  public Optional<StorageDriverProvider> find(String id) {
    return Optional.ofNullable(byId.get(id.toLowerCase(Locale.ROOT)));
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
              String fix =
                  artifact == null
                      ? "use one of " + byId.keySet()
                      : "add the dependency dev.assetkit:" + artifact + " to the class path";
              return new ConfigurationException(
                  "no storage driver for provider '"
                      + id
                      + "' (available: "
                      + (byId.isEmpty() ? "none" : String.join(", ", byId.keySet()))
                      + "); "
                      + fix);
            });
  }

  /** Creates a driver with the provider for {@code id}. */
  public StorageDriver open(String id, DriverConfig config) {
    return provider(id).create(config);
  }
}
