package dev.assetkit.internal.versioning;

import dev.assetkit.AssetNotFoundException;
import dev.assetkit.spi.VersioningSystem;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code MAJOR.MINOR} versions compared numerically: {@code 10.0} is later than {@code 9.3}, and
 * the partial version {@code 1} designates the latest {@code 1.x}, never a {@code 10.x}.
 */
public final class MajorMinorVersioning implements VersioningSystem {
  /** The name users set in {@code ASSETS_VERSIONING_SYSTEM}. */
  public static final String NAME = "major_minor";

  /** The only instance. */
  public static final MajorMinorVersioning INSTANCE = new MajorMinorVersioning();

  private static final int MAX_DIGITS = 9; // keeps every number inside an int
  // A class rather than Comparator.comparingInt(...): this one is initialised on the start-up
  // path of a cached fetch, where the first lambda costs ~7 ms of bootstrap (bench/analysis.md).
  private static final Comparator<Parsed> LATEST_FIRST = new LatestFirst();

  private MajorMinorVersioning() {}

  /** A parsed version; {@code minor} is -1 for a partial version. */
  record Parsed(String text, int major, int minor) {}

  /** Higher major first, then higher minor (a partial version's -1 sorts after its minors). */
  private static final class LatestFirst implements Comparator<Parsed> {
    @Override
    public int compare(Parsed a, Parsed b) {
      int byMajor = Integer.compare(b.major(), a.major());
      return byMajor != 0 ? byMajor : Integer.compare(b.minor(), a.minor());
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<VersionProblem> problem(String version) {
    if (version.isEmpty()) {
      return Optional.of(new VersionProblem(0, "empty version; versions look like 1.2 or 1"));
    }
    int dot = version.indexOf('.');
    String major = dot < 0 ? version : version.substring(0, dot);
    Optional<VersionProblem> problem = numberProblem(major, 0);
    if (problem.isPresent() || dot < 0) {
      return problem;
    }
    return numberProblem(version.substring(dot + 1), dot + 1);
  }

  private static Optional<VersionProblem> numberProblem(String digits, int offset) {
    if (digits.isEmpty()) {
      return Optional.of(
          new VersionProblem(
              offset, "missing number; versions look like MAJOR.MINOR, such as 1.2"));
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c == '.' && i == 0) {
        // "1..2": the minor number is missing, there is no third one.
        return Optional.of(
            new VersionProblem(
                offset, "missing number; versions look like MAJOR.MINOR, such as 1.2"));
      }
      if (c < '0' || c > '9') {
        String what = c == '.' ? "third number" : "'" + c + "'";
        return Optional.of(
            new VersionProblem(
                offset + i,
                "unexpected " + what + "; versions look like MAJOR.MINOR, such as 1.2"));
      }
    }
    if (digits.length() > MAX_DIGITS) {
      return Optional.of(new VersionProblem(offset, "number too large"));
    }
    return Optional.empty();
  }

  @Override
  public boolean isComplete(String version) {
    return problem(version).isEmpty() && version.indexOf('.') > 0;
  }

  private Optional<Parsed> parse(String version) {
    if (problem(version).isPresent()) {
      return Optional.empty();
    }
    int dot = version.indexOf('.');
    if (dot < 0) {
      return Optional.of(new Parsed(version, Integer.parseInt(version), -1));
    }
    return Optional.of(
        new Parsed(
            version,
            Integer.parseInt(version.substring(0, dot)),
            Integer.parseInt(version.substring(dot + 1))));
  }

  private List<Parsed> parsedLatestFirst(Collection<String> versions) {
    return versions.stream()
        .distinct()
        .map(this::parse)
        .flatMap(Optional::stream)
        .filter(p -> p.minor() >= 0)
        .sorted(LATEST_FIRST)
        .toList();
  }

  @Override
  public List<String> sortLatestFirst(Collection<String> versions) {
    return parsedLatestFirst(versions).stream().map(Parsed::text).toList();
  }

  @Override
  public String resolve(
      String assetName, Optional<String> requested, Collection<String> available) {
    List<Parsed> sorted = parsedLatestFirst(available);
    List<String> names = sorted.stream().map(Parsed::text).toList();
    if (requested.isEmpty()) {
      if (sorted.isEmpty()) {
        throw new AssetNotFoundException("asset '" + assetName + "' has no version");
      }
      return sorted.get(0).text();
    }
    String wanted = requested.get();
    Parsed parsed =
        parse(wanted)
            .orElseThrow(
                () ->
                    new AssetNotFoundException(
                        "'"
                            + wanted
                            + "' is not a major_minor version of asset '"
                            + assetName
                            + "'"));
    if (parsed.minor() >= 0) {
      return sorted.stream()
          .filter(p -> p.major() == parsed.major() && p.minor() == parsed.minor())
          .map(Parsed::text)
          .findFirst()
          .orElseThrow(() -> notFound(assetName, wanted, names));
    }
    return sorted.stream()
        .filter(p -> p.major() == parsed.major())
        .map(Parsed::text)
        .findFirst()
        .orElseThrow(() -> notFound(assetName, wanted + ".x", names));
  }

  private static AssetNotFoundException notFound(String asset, String wanted, List<String> names) {
    return new AssetNotFoundException(
        "version "
            + wanted
            + " of asset '"
            + asset
            + "' not found; available: "
            + VersionList.describe(names));
  }

  @Override
  public String initialVersion(Clock clock) {
    return "0.0";
  }

  @Override
  public String nextVersion(
      String assetName,
      Collection<String> existing,
      Optional<String> major,
      boolean bumpMajor,
      Clock clock) {
    List<Parsed> sorted = parsedLatestFirst(existing);
    if (sorted.isEmpty()) {
      throw new AssetNotFoundException(
          "asset '" + assetName + "' has no version to update; create it with 'new' first");
    }
    if (bumpMajor) {
      int maxMajor = sorted.stream().mapToInt(Parsed::major).max().orElseThrow();
      return (maxMajor + 1) + ".0";
    }
    Parsed base = sorted.get(0);
    if (major.isPresent()) {
      Parsed wanted =
          parse(major.get())
              .filter(p -> p.minor() < 0)
              .orElseThrow(
                  () ->
                      new AssetNotFoundException(
                          "'"
                              + major.get()
                              + "' is not a major version (such as 1) of '"
                              + assetName
                              + "'"));
      base =
          sorted.stream()
              .filter(p -> p.major() == wanted.major())
              .findFirst()
              .orElseThrow(
                  () ->
                      notFound(
                          assetName,
                          major.get() + ".x",
                          sorted.stream().map(Parsed::text).toList()));
    }
    return base.major() + "." + (base.minor() + 1);
  }

  @Override
  public String toString() {
    return NAME;
  }
}
