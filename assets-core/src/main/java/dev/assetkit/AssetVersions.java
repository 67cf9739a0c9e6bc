package dev.assetkit;

import java.util.List;
import java.util.Objects;

/**
 * An asset and its versions.
 *
 * @param name the asset name
 * @param versions latest first
 */
public record AssetVersions(String name, List<String> versions) {
  /** Checks and copies the fields. */
  public AssetVersions {
    Objects.requireNonNull(name, "name");
    versions = List.copyOf(versions);
  }
}
