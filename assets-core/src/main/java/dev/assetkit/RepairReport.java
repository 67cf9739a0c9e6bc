package dev.assetkit;

import java.util.List;
import java.util.Objects;

/**
 * What {@link RemoteAssetsStore#repair} found and did.
 *
 * @param name the asset
 * @param added complete versions that had a meta but were missing from the index
 * @param incomplete versions with a meta whose data is missing or of the wrong size (left out)
 * @param versions the index after the repair (or as it would be, in a dry run), latest first
 * @param dryRun whether nothing was written
 */
public record RepairReport(
    String name,
    List<String> added,
    List<String> incomplete,
    List<String> versions,
    boolean dryRun) {
  /** Checks and copies the fields. */
  public RepairReport {
    Objects.requireNonNull(name, "name");
    added = List.copyOf(added);
    incomplete = List.copyOf(incomplete);
    versions = List.copyOf(versions);
  }
}
