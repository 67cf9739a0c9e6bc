package dev.assetkit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the store records about one version ({@code prefix/name/version.meta}). modelkit writes only
 * {@code push_date}, {@code is_directory} and {@code contents}; assetkit adds sizes and sha256
 * checksums, the versioning system, and who pushed it, all of which are optional when reading.
 *
 * @param pushDate the push date as written (ISO-8601 with offset)
 * @param directory whether the version is a directory of files
 * @param files the files of a directory (sorted by path), or the single file of a file asset (with
 *     an empty path)
 * @param versioningSystem the versioning system the version was pushed with, if recorded
 * @param tool the tool that pushed it, such as {@code assetkit 0.1.0}, if recorded
 * @param user the user who pushed it, if recorded
 * @param publishId a random id of the publish that wrote this meta, if recorded
 */
public record AssetMeta(
    String pushDate,
    boolean directory,
    List<FileEntry> files,
    Optional<String> versioningSystem,
    Optional<String> tool,
    Optional<String> user,
    Optional<String> publishId) {

  /** Checks and copies the fields. */
  public AssetMeta {
    Objects.requireNonNull(pushDate, "pushDate");
    files = List.copyOf(files);
    Objects.requireNonNull(versioningSystem, "versioningSystem");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(publishId, "publishId");
  }

  /** The sum of the file sizes, when every size is known. */
  public OptionalLong totalSize() {
    long total = 0;
    for (FileEntry file : files) {
      if (file.size().isEmpty()) {
        return OptionalLong.empty();
      }
      total += file.size().getAsLong();
    }
    return OptionalLong.of(total);
  }

  /** Whether every file has a size and a checksum (false for metas written by modelkit). */
  public boolean verifiable() {
    return files.stream().allMatch(f -> f.size().isPresent() && f.sha256().isPresent());
  }

  /**
   * One file of a version.
   *
   * @param path its path relative to the version folder ({@code /}-separated; empty for a file
   *     asset)
   * @param size its size in bytes, if recorded
   * @param sha256 its lowercase hex SHA-256, if recorded
   */
  public record FileEntry(String path, OptionalLong size, Optional<String> sha256) {
    /** Checks the fields. */
    public FileEntry {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(size, "size");
      Objects.requireNonNull(sha256, "sha256");
    }

    /** A file with known size and checksum. */
    public static FileEntry of(String path, long size, String sha256) {
      return new FileEntry(path, OptionalLong.of(size), Optional.of(sha256));
    }
  }
}
