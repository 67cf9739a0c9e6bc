package dev.assetkit.internal.versioning;

import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;
import dev.assetkit.spi.VersioningSystem;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * UTC push times as versions, {@code YYYY-MM-DDThh-mm-ssZ}. A new version is now, but always
 * strictly later than the latest existing one, so two pushes in one second never collide.
 */
public final class SimpleDateVersioning implements VersioningSystem {
  /** The name users set in {@code ASSETS_VERSIONING_SYSTEM}. */
  public static final String NAME = "simple_date";

  /** The only instance. */
  public static final SimpleDateVersioning INSTANCE = new SimpleDateVersioning();

  private static final String SHAPE = "YYYY-MM-DDThh-mm-ssZ";
  private static final String EXAMPLE = "2024-01-31T12-00-00Z";
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss'Z'")
          .withResolverStyle(ResolverStyle.STRICT);

  private SimpleDateVersioning() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<VersionProblem> problem(String version) {
    for (int i = 0; i < SHAPE.length(); i++) {
      if (i >= version.length()) {
        return Optional.of(
            new VersionProblem(i, "version too short; simple_date versions look like " + EXAMPLE));
      }
      char expected = SHAPE.charAt(i);
      char c = version.charAt(i);
      boolean ok =
          Character.isLetter(expected) && expected != 'T' && expected != 'Z'
              ? c >= '0' && c <= '9'
              : c == expected;
      if (!ok) {
        return Optional.of(
            new VersionProblem(
                i, "unexpected '" + c + "'; simple_date versions look like " + EXAMPLE));
      }
    }
    if (version.length() > SHAPE.length()) {
      return Optional.of(
          new VersionProblem(
              SHAPE.length(), "unexpected text after the date; versions look like " + EXAMPLE));
    }
    try {
      LocalDateTime.parse(version, FORMAT);
    } catch (DateTimeParseException e) {
      return Optional.of(new VersionProblem(0, "not a real date and time: " + version));
    }
    return Optional.empty();
  }

  @Override
  public boolean isComplete(String version) {
    return problem(version).isEmpty();
  }

  @Override
  public List<String> sortLatestFirst(Collection<String> versions) {
    // The fixed-width format sorts chronologically as text.
    return versions.stream()
        .distinct()
        .filter(this::isComplete)
        .sorted(Comparator.reverseOrder())
        .toList();
  }

  @Override
  public String resolve(
      String assetName, Optional<String> requested, Collection<String> available) {
    List<String> sorted = sortLatestFirst(available);
    if (requested.isEmpty()) {
      if (sorted.isEmpty()) {
        throw new AssetNotFoundException("asset '" + assetName + "' has no version");
      }
      return sorted.get(0);
    }
    String wanted = requested.get();
    if (sorted.contains(wanted)) {
      return wanted;
    }
    throw new AssetNotFoundException(
        "version "
            + wanted
            + " of asset '"
            + assetName
            + "' not found; available: "
            + VersionList.describe(sorted));
  }

  @Override
  public String initialVersion(Clock clock) {
    return format(clock.instant());
  }

  @Override
  public String nextVersion(
      String assetName,
      Collection<String> existing,
      Optional<String> major,
      boolean bumpMajor,
      Clock clock) {
    if (major.isPresent() || bumpMajor) {
      throw new AssetsException(
          ErrorKind.INVALID_INPUT,
          "simple_date versions have no major version; update '" + assetName + "' without one");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Optional<Instant> latest = sortLatestFirst(existing).stream().findFirst().map(this::instant);
    if (latest.isPresent() && !now.isAfter(latest.get())) {
      now = latest.get().plusSeconds(1);
    }
    return format(now);
  }

  private Instant instant(String version) {
    return LocalDateTime.parse(version, FORMAT).toInstant(ZoneOffset.UTC);
  }

  private static String format(Instant instant) {
    return FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
  }

  @Override
  public String toString() {
    return NAME;
  }
}
