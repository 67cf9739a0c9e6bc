package dev.assetkit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fetch found or downloaded.
 *
 * @param name the asset name (or the path given, for a local path used as a spec)
 * @param version the resolved version (empty for a local path used as a spec)
 * @param path the local file or folder, inside the version when a sub-part was asked for
 * @param fromCache whether nothing was downloaded
 * @param meta the meta of the version, when it was downloaded
 */
public record FetchResult(
    String name, String version, Path path, boolean fromCache, Optional<AssetMeta> meta) {
  /** Checks the fields. */
  public FetchResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(meta, "meta");
  }
}
