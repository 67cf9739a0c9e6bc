package dev.assetkit.internal.versioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.AssetNotFoundException;
import dev.assetkit.ErrorKind;
import dev.assetkit.spi.VersioningSystem;
import dev.assetkit.spi.VersioningSystem.VersionProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MajorMinorVersioningTest {
  private static final VersioningSystem VERSIONING = VersioningSystem.named("major_minor");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-01-31T12:00:00Z"), ZoneOffset.UTC);
  private static final List<String> TRAP = List.of("10.0", "1.1", "1.0");

  // ---- problem

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "0.0", "1.2", "10.15", "007.1", "999999999.999999999"})
  void problem_validVersion_isEmpty(String version) {
    assertEquals(Optional.empty(), VERSIONING.problem(version));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|0",
        ".1|0",
        "1.|2",
        "1.2.3|3",
        "a|0",
        "1a|1",
        "1.x|2",
        "-1|0",
        "1.-2|2",
        "+1|0",
        "' 1'|0",
        "'1 '|1",
        "1234567890|0",
        "1.1234567890|2",
        "\u0661|0"
      })
  void problem_invalidVersion_givesTheIndexOfTheFault(String version, int index) {
    VersionProblem problem = VERSIONING.problem(version).orElseThrow();

    assertEquals(index, problem.index(), problem.reason());
    assertFalse(problem.reason().isBlank());
  }

  @Test
  void problem_thirdNumber_saysSo() {
    assertTrue(VERSIONING.problem("1.2.3").orElseThrow().reason().contains("third number"));
  }

  @Test
  void problem_twoDotsInARow_isAMissingNumber_notAThirdOne() {
    VersionProblem problem = VERSIONING.problem("0..1").orElseThrow();

    assertEquals(2, problem.index());
    assertTrue(problem.reason().startsWith("missing number"), problem.reason());
  }

  @ParameterizedTest
  @CsvSource({"1.2,true", "0.0,true", "1,false", "1.2.3,false", "'',false", "x.y,false"})
  void isComplete_onlyForMajorDotMinor(String version, boolean complete) {
    assertEquals(complete, VERSIONING.isComplete(version));
  }

  // ---- sortLatestFirst

  @Test
  void sortLatestFirst_comparesNumbersNotText() {
    assertEquals(
        List.of("10.0", "9.3", "1.10", "1.9", "0.0"),
        VERSIONING.sortLatestFirst(List.of("1.9", "0.0", "10.0", "1.10", "9.3")));
  }

  @Test
  void sortLatestFirst_dropsDuplicatesInvalidAndPartialVersions() {
    assertEquals(
        List.of("2.0", "1.1", "1.0"),
        VERSIONING.sortLatestFirst(
            List.of("1.0", "2.0", "1.0", "1", "latest", "1.1", "2.0", "1.2.3", "", "3.")));
  }

  @Test
  void sortLatestFirst_ofNothing_isEmpty() {
    assertEquals(List.of(), VERSIONING.sortLatestFirst(Set.of("x", "1")));
  }

  // ---- resolve

  @Test
  void resolve_noRequest_givesTheLatest() {
    assertEquals("10.0", VERSIONING.resolve("x", Optional.empty(), List.of("1.0", "10.0", "1.1")));
  }

  @Test
  void resolve_noRequestAndNoVersion_isNotFound() {
    AssetNotFoundException e =
        assertThrows(
            AssetNotFoundException.class,
            () -> VERSIONING.resolve("x", Optional.empty(), List.of("junk")));

    assertEquals(ErrorKind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
  }

  @Test
  void resolve_completeVersion_givesItself() {
    assertEquals("1.0", VERSIONING.resolve("x", Optional.of("1.0"), TRAP));
  }

  @Test
  void resolve_partialMajor_neverMatchesALongerMajorWithTheSamePrefix() {
    assertEquals("1.1", VERSIONING.resolve("x", Optional.of("1"), TRAP));
    assertEquals("10.0", VERSIONING.resolve("x", Optional.of("10"), TRAP));
  }

  @Test
  void resolve_partialMajor_comparesMinorsNumerically() {
    assertEquals(
        "1.10", VERSIONING.resolve("x", Optional.of("1"), List.of("1.9", "1.10", "2.0", "1.2")));
  }

  @Test
  void resolve_unknownMajor_listsTheAvailableVersions() {
    AssetNotFoundException e =
        assertThrows(
            AssetNotFoundException.class, () -> VERSIONING.resolve("x", Optional.of("5"), TRAP));

    assertEquals("version 5.x of asset 'x' not found; available: 10.0, 1.1, 1.0", e.getMessage());
  }

  @Test
  void resolve_missingCompleteVersion_listsTheAvailableVersions() {
    AssetNotFoundException e =
        assertThrows(
            AssetNotFoundException.class,
            () -> VERSIONING.resolve("models/x", Optional.of("1.2"), TRAP));

    assertEquals(
        "version 1.2 of asset 'models/x' not found; available: 10.0, 1.1, 1.0", e.getMessage());
  }

  @Test
  void resolve_missingVersionAmongMany_listsTheLatestTenAndCountsTheRest() {
    List<String> many = IntStream.range(0, 15).mapToObj(i -> "0." + i).toList();

    AssetNotFoundException e =
        assertThrows(
            AssetNotFoundException.class, () -> VERSIONING.resolve("x", Optional.of("1"), many));

    assertTrue(
        e.getMessage()
            .endsWith(
                "available: 0.14, 0.13, 0.12, 0.11, 0.10, 0.9, 0.8, 0.7, 0.6, 0.5 and 5 older"),
        e.getMessage());
  }

  @Test
  void resolve_missingVersionOfAnAssetWithoutVersions_saysNone() {
    AssetNotFoundException e =
        assertThrows(
            AssetNotFoundException.class,
            () -> VERSIONING.resolve("x", Optional.of("1.0"), List.of()));

    assertTrue(e.getMessage().endsWith("available: none"), e.getMessage());
  }

  @Test
  void resolve_requestThatIsNotAVersion_isNotFoundNamingIt() {
    AssetNotFoundException e =
        assertThrows(
            AssetNotFoundException.class,
            () -> VERSIONING.resolve("x", Optional.of("latest"), TRAP));

    assertTrue(e.getMessage().contains("'latest'"), e.getMessage());
  }

  // ---- initialVersion and nextVersion

  @Test
  void initialVersion_isZeroZero() {
    assertEquals("0.0", VERSIONING.initialVersion(CLOCK));
  }

  @Test
  void nextVersion_bumpsTheMinorOfTheLatest() {
    assertEquals("1.2", next(List.of("0.0", "1.0", "1.1"), Optional.empty(), false));
  }

  @Test
  void nextVersion_comparesNumerically() {
    assertEquals("1.11", next(List.of("1.9", "1.10", "0.3"), Optional.empty(), false));
    assertEquals("10.1", next(List.of("9.5", "10.0"), Optional.empty(), false));
  }

  @Test
  void nextVersion_withMajor_bumpsTheLatestOfThatMajor() {
    List<String> existing = List.of("0.0", "1.0", "1.1");

    assertEquals("0.1", next(existing, Optional.of("0"), false));
    assertEquals("1.2", next(existing, Optional.of("1"), false));
    assertEquals("1.2", next(List.of("1.1", "10.4"), Optional.of("1"), false));
  }

  @Test
  void nextVersion_bumpMajor_startsAboveTheHighestMajor() {
    assertEquals("2.0", next(List.of("0.0", "1.0", "1.1"), Optional.empty(), true));
    assertEquals("11.0", next(List.of("9.3", "10.0", "2.7"), Optional.empty(), true));
  }

  @Test
  void nextVersion_afterALostRace_movesToTheFollowingVersion() {
    List<String> existing = new ArrayList<>(List.of("1.0", "1.1"));
    String first = next(existing, Optional.empty(), false);
    existing.add(first);
    String second = next(existing, Optional.empty(), false);

    assertEquals("1.2", first);
    assertEquals("1.3", second);
  }

  @Test
  void nextVersion_unknownMajor_isNotFoundListingTheVersions() {
    AssetNotFoundException e =
        assertThrows(
            AssetNotFoundException.class,
            () -> VERSIONING.nextVersion("x", TRAP, Optional.of("5"), false, CLOCK));

    assertEquals("version 5.x of asset 'x' not found; available: 10.0, 1.1, 1.0", e.getMessage());
  }

  @Test
  void nextVersion_majorThatIsNotAMajor_isRefused() {
    AssetNotFoundException e =
        assertThrows(
            AssetNotFoundException.class,
            () -> VERSIONING.nextVersion("x", TRAP, Optional.of("1.1"), false, CLOCK));

    assertTrue(e.getMessage().contains("'1.1'"), e.getMessage());
  }

  @Test
  void nextVersion_withoutAnyVersion_isNotFoundSuggestingNew() {
    AssetNotFoundException e =
        assertThrows(
            AssetNotFoundException.class,
            () -> VERSIONING.nextVersion("x", List.of("junk"), Optional.empty(), false, CLOCK));

    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    assertTrue(e.getMessage().contains("new"), e.getMessage());
  }

  @Test
  void nextVersion_ignoresTheClock() {
    Clock later = Clock.offset(CLOCK, java.time.Duration.ofDays(400));

    assertEquals(
        VERSIONING.nextVersion("x", TRAP, Optional.empty(), false, CLOCK),
        VERSIONING.nextVersion("x", TRAP, Optional.empty(), false, later));
  }

  private static String next(List<String> existing, Optional<String> major, boolean bumpMajor) {
    String version = VERSIONING.nextVersion("x", existing, major, bumpMajor, CLOCK);
    assertTrue(VERSIONING.isComplete(version), version);
    assertFalse(existing.contains(version), version);
    return version;
  }
}
