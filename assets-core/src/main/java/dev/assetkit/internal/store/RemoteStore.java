package dev.assetkit.internal.store;

import dev.assetkit.AssetMeta;
import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;
import dev.assetkit.internal.json.JsonFormatException;
import dev.assetkit.internal.json.MetaDocument;
import dev.assetkit.internal.json.VersionsDocument;
import dev.assetkit.internal.log.Log;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.ObjectContent;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import dev.assetkit.spi.VersioningSystem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The store layout of modelkit over one driver: keys of data, metas and indexes, and the reads and
 * writes of the two JSON documents.
 *
 * <pre>
 * prefix/name/version            file asset data
 * prefix/name/version/rel/path   directory asset files
 * prefix/name/version.meta       the meta
 * prefix/name.versions           the index, latest first
 * </pre>
 */
public final class RemoteStore {
  private static final int INDEX_CAS_ATTEMPTS = 50;
  private static final Log LOG = Log.of(RemoteStore.class);

  private final StorageDriver driver;
  private final String prefix;
  private final VersioningSystem versioning;

  /** The layout under {@code prefix} (no leading or trailing slash; may be empty). */
  public RemoteStore(StorageDriver driver, String prefix, VersioningSystem versioning) {
    this.driver = driver;
    this.prefix = prefix;
    this.versioning = versioning;
  }

  /** The driver. */
  public StorageDriver driver() {
    return driver;
  }

  /** The versioning system. */
  public VersioningSystem versioning() {
    return versioning;
  }

  // ---- keys

  private String base() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  /** The index key of an asset. */
  public String indexKey(String name) {
    return base() + name + ".versions";
  }

  /** The meta key of a version. */
  public String metaKey(String name, String version) {
    return base() + name + "/" + version + ".meta";
  }

  /**
   * The data key of a file version, or the folder prefix (without slash) of a directory version.
   */
  public String dataKey(String name, String version) {
    return base() + name + "/" + version;
  }

  /** The key of one file of a directory version. */
  public String fileKey(String name, String version, String relativePath) {
    return dataKey(name, version) + "/" + relativePath;
  }

  /** A URI for people, such as {@code s3://bucket/prefix/name}. */
  public String uri(String name) {
    return driver.uri(name.isEmpty() ? prefix : base() + name);
  }

  // ---- index

  /**
   * The index of an asset and its tag.
   *
   * @param versions latest first, as stored
   * @param tag the tag for a compare-and-swap
   */
  public record Index(List<String> versions, String tag) {}

  /** Reads the index, or empty when the asset has none. */
  public Optional<Index> readIndex(String name) {
    Optional<ObjectContent> content = driver.read(indexKey(name));
    if (content.isEmpty()) {
      return Optional.empty();
    }
    String text = document(content.get(), indexKey(name));
    try {
      return Optional.of(new Index(VersionsDocument.read(text), content.get().info().tag()));
    } catch (JsonFormatException e) {
      throw corrupt(indexKey(name), e, "run 'assets repair " + name + "' to rebuild it");
    }
  }

  /** The versions of an asset from its index, latest first. */
  public List<String> versions(String name) {
    return readIndex(name)
        .map(index -> versioning.sortLatestFirst(index.versions()))
        .orElseThrow(() -> assetNotFound(name));
  }

  /** The not-found error of an asset with no index. */
  public AssetNotFoundException assetNotFound(String name) {
    return new AssetNotFoundException(
        "asset '" + name + "' not found in " + uri("") + "; check the name with 'assets list'");
  }

  /**
   * Adds versions to the index by compare-and-swap, merging with whatever is there, retried until
   * it holds. The index is read back afterwards, so that a store whose conditional replace is not
   * atomic loses no version to a concurrent writer either.
   *
   * @return the versions of the index after the merge, latest first
   */
  public List<String> addToIndex(String name, Set<String> added) {
    for (int attempt = 1; attempt <= INDEX_CAS_ATTEMPTS; attempt++) {
      Optional<Index> current = readIndex(name);
      Set<String> merged = new LinkedHashSet<>(added);
      current.ifPresent(index -> merged.addAll(index.versions()));
      List<String> versions = versioning.sortLatestFirst(merged);
      if (current.isPresent() && current.get().versions().equals(versions)) {
        return versions;
      }
      byte[] bytes = VersionsDocument.write(versions).getBytes(StandardCharsets.UTF_8);
      Condition condition =
          current.map(index -> Condition.ifTagMatches(index.tag())).orElse(Condition.ifAbsent());
      try {
        driver.write(indexKey(name), bytes, condition);
      } catch (StorageException e) {
        if (e.reason() != Reason.PRECONDITION_FAILED) {
          throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "index of {0} changed under us; merging again", name);
        pause(attempt);
        continue;
      }
      // Read back: the loop ends only once every added version is seen in the stored index.
      List<String> stored = readIndex(name).map(Index::versions).orElse(List.of());
      if (stored.containsAll(added)) {
        return versioning.sortLatestFirst(stored);
      }
    }
    throw new AssetsException(
        ErrorKind.CONFLICT,
        "could not update the index of '"
            + name
            + "' after "
            + INDEX_CAS_ATTEMPTS
            + " attempts (too many concurrent publishers); run 'assets repair "
            + name
            + "'");
  }

  /** Writes the index whole (repair), by compare-and-swap on {@code tag} or if absent. */
  public void replaceIndex(String name, List<String> versions, Optional<String> tag) {
    byte[] bytes =
        VersionsDocument.write(versioning.sortLatestFirst(versions))
            .getBytes(StandardCharsets.UTF_8);
    driver.write(
        indexKey(name), bytes, tag.map(Condition::ifTagMatches).orElse(Condition.ifAbsent()));
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * Math.min(attempt, 20)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssetsException(ErrorKind.UNAVAILABLE, "interrupted while updating an index", e);
    }
  }

  // ---- metas

  /** Reads a version's meta, or empty when it has none. */
  public Optional<AssetMeta> readMeta(String name, String version) {
    String key = metaKey(name, version);
    return driver.read(key).map(content -> parseMeta(content, key, name, version));
  }

  /** Reads a version's meta, failing with the versions available when it has none. */
  public AssetMeta meta(String name, String version) {
    return readMeta(name, version)
        .orElseThrow(
            () ->
                new AssetNotFoundException(
                    "version "
                        + version
                        + " of asset '"
                        + name
                        + "' not found in "
                        + uri("")
                        + "; see 'assets versions "
                        + name
                        + "'"));
  }

  private AssetMeta parseMeta(ObjectContent content, String key, String name, String version) {
    try {
      return MetaDocument.read(document(content, key));
    } catch (JsonFormatException e) {
      throw corrupt(
          key, e, "the meta of " + name + ":" + version + " is unusable; re-push the asset");
    }
  }

  /** Writes a meta if absent: the claim of a version. */
  public ObjectInfo claim(String name, String version, byte[] metaBytes) {
    return driver.write(metaKey(name, version), metaBytes, Condition.ifAbsent());
  }

  // ---- listings

  /** Every asset that has an index under the prefix, sorted by name. */
  public List<String> assetNames() {
    Set<String> candidates = new TreeSet<>();
    String base = base();
    try (Stream<ObjectInfo> objects = driver.list(base)) {
      objects
          .map(ObjectInfo::key)
          .filter(key -> key.endsWith(".versions") && key.length() > base.length() + 9)
          .map(key -> key.substring(base.length(), key.length() - ".versions".length()))
          .forEach(candidates::add);
    }
    // A file named x.versions inside a directory asset is data, not an index.
    List<String> names = new ArrayList<>();
    for (String candidate : candidates) {
      if (!insideAVersion(candidate, candidates)) {
        names.add(candidate);
      }
    }
    return names;
  }

  private boolean insideAVersion(String candidate, Set<String> candidates) {
    String[] segments = candidate.split("/");
    StringBuilder parent = new StringBuilder();
    for (int i = 0; i < segments.length - 1; i++) {
      if (i > 0) {
        parent.append('/');
      }
      parent.append(segments[i]);
      if (candidates.contains(parent.toString()) && versioning.isComplete(segments[i + 1])) {
        return true;
      }
    }
    return false;
  }

  /** The versions of {@code name} that have a meta in the store, whatever the index says. */
  public Set<String> versionsWithMeta(String name) {
    String folder = base() + name + "/";
    Set<String> versions = new HashSet<>();
    try (Stream<ObjectInfo> objects = driver.list(folder)) {
      objects
          .map(ObjectInfo::key)
          .filter(key -> key.endsWith(".meta"))
          .map(key -> key.substring(folder.length(), key.length() - ".meta".length()))
          .filter(version -> !version.contains("/") && versioning.isComplete(version))
          .forEach(versions::add);
    }
    return versions;
  }

  /** Every object under a directory version, keyed by relative path. */
  public Stream<ObjectInfo> listVersionFiles(String name, String version) {
    return driver.list(dataKey(name, version) + "/");
  }

  // ---- documents

  private static String document(ObjectContent content, String key) {
    // For drivers that could only learn the size by reading (see StorageDriver.MAX_READ_BYTES).
    if (content.bytes().length > StorageDriver.MAX_READ_BYTES) {
      throw new AssetsException(
          ErrorKind.INTEGRITY,
          key + " is " + content.bytes().length + " bytes, larger than any real meta or index");
    }
    return new String(content.bytes(), StandardCharsets.UTF_8);
  }

  private AssetsException corrupt(String key, JsonFormatException e, String fix) {
    return new AssetsException(
        ErrorKind.INTEGRITY, driver.uri(key) + " is not valid: " + e.getMessage() + "; " + fix, e);
  }
}
