package dev.assetkit.spi;

import dev.assetkit.AssetNotFoundException;
import dev.assetkit.ConfigurationException;
import dev.assetkit.internal.versioning.MajorMinorVersioning;
import dev.assetkit.internal.versioning.SimpleDateVersioning;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How versions of an asset are spelled, ordered, resolved and chosen for a new push. Chosen by name
 * with {@code ASSETS_VERSIONING_SYSTEM}: {@code major_minor} (the default) or {@code simple_date}.
 */
public interface VersioningSystem {

  /** The name users set, such as {@code major_minor}. */
  String name();

  /**
   * Why {@code version} is not a valid full or partial version of this system, as a one-line reason
   * with the index of the fault; empty when it is valid.
   */
  Optional<VersionProblem> problem(String version);

  /**
   * Whether {@code version} is a complete version (as opposed to a partial one such as {@code 1}).
   */
  boolean isComplete(String version);

  /** The valid complete versions among {@code versions}, latest first, without duplicates. */
  List<String> sortLatestFirst(Collection<String> versions);

  /**
   * The version {@code requested} designates among {@code available}: itself when complete, the
   * latest matching one when partial, the latest of all when empty.
   *
   * @throws AssetNotFoundException naming the asset and the versions available
   */
  String resolve(String assetName, Optional<String> requested, Collection<String> available);

  /** The version of a new asset's first push. */
  String initialVersion(Clock clock);

  /**
   * The version an update pushes, given the versions that exist. A publisher that lost the race for
   * a version calls this again with that version added to {@code existing}.
   *
   * @param major for {@code major_minor}, push the next minor of the latest of this major
   * @param bumpMajor for {@code major_minor}, start a new major above every existing one
   * @throws AssetNotFoundException when {@code major} has no version yet
   */
  String nextVersion(
      String assetName,
      Collection<String> existing,
      Optional<String> major,
      boolean bumpMajor,
      Clock clock);

  /**
   * One version problem.
   *
   * @param index the index of the offending character in the version string
   * @param reason what is wrong and what is expected
   */
  record VersionProblem(int index, String reason) {}

  /**
   * The system called {@code name}.
   *
   * @throws ConfigurationException listing the known systems
   */
  static VersioningSystem named(String name) {
    switch (name) {
      case MajorMinorVersioning.NAME:
        return MajorMinorVersioning.INSTANCE;
      case SimpleDateVersioning.NAME:
        return SimpleDateVersioning.INSTANCE;
      default:
        throw new ConfigurationException(
            "unknown versioning system '"
                + name
                + "' in ASSETS_VERSIONING_SYSTEM; use major_minor or simple_date");
    }
  }

  /** The default system, {@code major_minor}. */
  static VersioningSystem defaultSystem() {
    return MajorMinorVersioning.INSTANCE;
  }
}
