package dev.assetkit.internal.versioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;
import dev.assetkit.spi.VersioningSystem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SimpleDateVersioningTest {
  private static final VersioningSystem VERSIONING = VersioningSystem.named("simple_date");

  private static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  // ---- problem

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-01-31T12-00-00Z",
        "2024-02-29T23-59-59Z",
        "2000-02-29T00-00-00Z",
        "1970-01-01T00-00-00Z",
        "9999-12-31T23-59-59Z"
      })
  void problem_realDateInTheFormat_isEmpty(String version) {
    assertEquals(Optional.empty(), VERSIONING.problem(version));
    assertTrue(VERSIONING.isComplete(version));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|0",
        "2024|4",
        "2024-01-31|10",
        "2024-01-31T12:00:00Z|13",
        "2024-01-31 12-00-00Z|10",
        "2024-01-31t12-00-00Z|10",
        "2024-01-31T12-00-00z|19",
        "2024-01-31T12-00-00|19",
        "2024-1-31T12-00-00Z|6",
        "2024-01-31T12-00-00Z1|20",
        "2024-01-31T12-00-00+00:00|19",
        "x024-01-31T12-00-00Z|0"
      })
  void problem_wrongShape_givesTheIndexOfTheFault(String version, int index) {
    assertEquals(index, VERSIONING.problem(version).orElseThrow().index());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-13-01T00-00-00Z",
        "2024-00-10T00-00-00Z",
        "2023-02-29T00-00-00Z",
        "1900-02-29T00-00-00Z",
        "2024-04-31T00-00-00Z",
        "2024-01-00T00-00-00Z",
        "2024-01-31T24-00-00Z",
        "2024-01-31T23-60-00Z",
        "2024-01-31T23-59-60Z"
      })
  void problem_impossibleDateOrTime_isReported(String version) {
    String reason = VERSIONING.problem(version).orElseThrow().reason();

    assertTrue(reason.contains(version), reason);
    assertEquals(false, VERSIONING.isComplete(version));
  }

  // ---- sortLatestFirst and resolve

  @Test
  void sortLatestFirst_isChronologicalDedupedAndDropsInvalid() {
    assertEquals(
        List.of("2025-01-01T00-00-00Z", "2024-12-31T23-59-59Z", "2024-02-01T00-00-00Z"),
        VERSIONING.sortLatestFirst(
            List.of(
                "2024-12-31T23-59-59Z",
                "2024-02-01T00-00-00Z",
                "2025-01-01T00-00-00Z",
                "2024-12-31T23-59-59Z",
                "1.0",
                "2024-13-01T00-00-00Z",
                "2024-12-31")));
  }

  @Test
  void resolve_noRequest_givesTheLatest() {
    assertEquals(
        "2025-01-01T00-00-00Z",
        VERSIONING.resolve(
            "x", Optional.empty(), List.of("2024-12-31T23-59-59Z", "2025-01-01T00-00-00Z")));
  }

  @Test
  void resolve_exactVersion_givesItself() {
    assertEquals(
        "2024-12-31T23-59-59Z",
        VERSIONING.resolve(
            "x",
            Optional.of("2024-12-31T23-59-59Z"),
            List.of("2024-12-31T23-59-59Z", "2025-01-01T00-00-00Z")));
  }

  @Test
  void resolve_missingVersion_listsTheAvailableOnes() {
    AssetNotFoundException e =
        assertThrows(
            AssetNotFoundException.class,
            () ->
                VERSIONING.resolve(
                    "x",
                    Optional.of("2024"),
                    List.of("2024-12-31T23-59-59Z", "2025-01-01T00-00-00Z")));

    assertEquals(
        "version 2024 of asset 'x' not found; available: 2025-01-01T00-00-00Z,"
            + " 2024-12-31T23-59-59Z",
        e.getMessage());
  }

  @Test
  void resolve_noVersionAtAll_isNotFound() {
    assertThrows(
        AssetNotFoundException.class, () -> VERSIONING.resolve("x", Optional.empty(), List.of()));
  }

  // ---- initialVersion and nextVersion

  @Test
  void initialVersion_isNowTruncatedToTheSecondInUtc() {
    assertEquals("2024-01-31T12-34-56Z", VERSIONING.initialVersion(at("2024-01-31T12:34:56.999Z")));
  }

  @Test
  void initialVersion_ignoresTheClocksZone() {
    Clock paris =
        Clock.fixed(Instant.parse("2024-01-31T23:30:00Z"), java.time.ZoneId.of("Europe/Paris"));

    assertEquals("2024-01-31T23-30-00Z", VERSIONING.initialVersion(paris));
  }

  @Test
  void nextVersion_clockAheadOfTheLatest_isNow() {
    assertEquals(
        "2024-02-01T08-00-00Z",
        VERSIONING.nextVersion(
            "x",
            List.of("2024-01-31T12-00-00Z"),
            Optional.empty(),
            false,
            at("2024-02-01T08:00:00.5Z")));
  }

  @Test
  void nextVersion_twoPushesInOneSecond_areDistinctAndIncreasing() {
    Clock clock = at("2024-01-31T12:00:00.100Z");
    String first = VERSIONING.nextVersion("x", List.of(), Optional.empty(), false, clock);
    String second = VERSIONING.nextVersion("x", List.of(first), Optional.empty(), false, clock);

    assertEquals("2024-01-31T12-00-00Z", first);
    assertEquals("2024-01-31T12-00-01Z", second);
  }

  @Test
  void nextVersion_manyPushesAtOneInstant_areStrictlyIncreasing() {
    Clock clock = at("2024-12-31T23:59:58Z");
    List<String> existing = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      existing.add(VERSIONING.nextVersion("x", existing, Optional.empty(), false, clock));
    }

    assertEquals(
        List.of(
            "2024-12-31T23-59-58Z",
            "2024-12-31T23-59-59Z",
            "2025-01-01T00-00-00Z",
            "2025-01-01T00-00-01Z",
            "2025-01-01T00-00-02Z"),
        existing);
    List<String> latestFirst = new ArrayList<>(existing);
    java.util.Collections.reverse(latestFirst);
    assertEquals(latestFirst, VERSIONING.sortLatestFirst(existing));
  }

  @Test
  void nextVersion_clockBehindTheLatest_givesTheLatestPlusOneSecond() {
    String next =
        VERSIONING.nextVersion(
            "x",
            List.of("2024-01-01T00-00-00Z", "2030-06-30T23-59-59Z"),
            Optional.empty(),
            false,
            at("2024-01-31T12:00:00Z"));

    assertEquals("2030-07-01T00-00-00Z", next);
  }

  @Test
  void nextVersion_ignoresInvalidExistingVersions() {
    Clock clock = at("2024-01-31T12:00:00Z");

    assertEquals(
        "2024-01-31T12-00-00Z",
        VERSIONING.nextVersion(
            "x", List.of("9999-99-99T99-99-99Z", "junk"), Optional.empty(), false, clock));
  }

  @Test
  void nextVersion_withMajor_isRefusedAsInvalidInput() {
    AssetsException e =
        assertThrows(
            AssetsException.class,
            () ->
                VERSIONING.nextVersion(
                    "x", List.of(), Optional.of("1"), false, at("2024-01-31T12:00:00Z")));

    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
  }

  @Test
  void nextVersion_bumpMajor_isRefusedAsInvalidInput() {
    AssetsException e =
        assertThrows(
            AssetsException.class,
            () ->
                VERSIONING.nextVersion(
                    "x",
                    List.of("2024-01-31T12-00-00Z"),
                    Optional.empty(),
                    true,
                    at("2024-01-31T12:00:00Z")));

    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
  }

  @Test
  void nextVersion_resultIsAValidVersion() {
    Clock clock = Clock.offset(at("2024-02-28T23:59:59Z"), Duration.ZERO);
    String next =
        VERSIONING.nextVersion(
            "x", List.of("2024-02-28T23-59-59Z"), Optional.empty(), false, clock);

    assertEquals("2024-02-29T00-00-00Z", next);
    assertEquals(Optional.empty(), VERSIONING.problem(next));
  }
}
