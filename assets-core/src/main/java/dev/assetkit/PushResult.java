package dev.assetkit;

import java.util.List;
import java.util.Objects;

/**
 * What a publish did (or, in a dry run, would do).
 *
 * @param name the asset name
 * @param version the version pushed
 * @param meta the meta written
 * @param uri where the version lives in the store
 * @param lostVersions versions other publishers claimed first, in the order they were tried
 * @param dryRun whether nothing was written
 */
public record PushResult(
    String name,
    String version,
    AssetMeta meta,
    String uri,
    List<String> lostVersions,
    boolean dryRun) {
  /** Checks and copies the fields. */
  public PushResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(uri, "uri");
    lostVersions = List.copyOf(lostVersions);
  }
}
