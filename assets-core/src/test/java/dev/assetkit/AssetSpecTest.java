package dev.assetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.assetkit.spi.VersioningSystem;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AssetSpecTest {
  private static final VersioningSystem MAJOR_MINOR = VersioningSystem.named("major_minor");
  private static final VersioningSystem SIMPLE_DATE = VersioningSystem.named("simple_date");

  /** modelkit's name pattern, which every accepted name must also match. */
  private static final Pattern MODELKIT_NAME =
      Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9\\-_./]*[a-zA-Z0-9])?");

  // ---- valid specs

  @Test
  void parse_bareName_hasNoVersionNorSubPart() {
    AssetSpec spec = AssetSpec.parse("name");

    assertEquals(new AssetSpec("name", Optional.empty(), Optional.empty()), spec);
    assertEquals(List.of("name"), spec.nameSegments());
  }

  @Test
  void parse_nestedName_keepsEverySegment() {
    AssetSpec spec = AssetSpec.parse("a/b/c");

    assertEquals("a/b/c", spec.name());
    assertEquals(List.of("a", "b", "c"), spec.nameSegments());
    assertEquals(Optional.empty(), spec.version());
  }

  @Test
  void parse_partialVersion_isKeptAsWritten() {
    AssetSpec spec = AssetSpec.parse("name:1", MAJOR_MINOR);

    assertEquals("name", spec.name());
    assertEquals(Optional.of("1"), spec.version());
    assertEquals(Optional.empty(), spec.subPart());
  }

  @Test
  void parse_completeVersion() {
    assertEquals(
        new AssetSpec("name", Optional.of("1.2"), Optional.empty()),
        AssetSpec.parse("name:1.2", MAJOR_MINOR));
  }

  @Test
  void parse_versionAndSubPart() {
    AssetSpec spec = AssetSpec.parse("name:1.2[sub/file.txt]", MAJOR_MINOR);

    assertEquals("name", spec.name());
    assertEquals(Optional.of("1.2"), spec.version());
    assertEquals(Optional.of("sub/file.txt"), spec.subPart());
  }

  @Test
  void parse_subPartWithLeadingSlash_dropsTheSlash() {
    AssetSpec spec = AssetSpec.parse("name[/sub]");

    assertEquals(Optional.of("sub"), spec.subPart());
    assertEquals(Optional.empty(), spec.version());
    assertEquals("name[sub]", spec.toString());
  }

  @Test
  void parse_colonInsideSubPart_isPartOfThePathNotAVersion() {
    AssetSpec spec = AssetSpec.parse("name[dir/a:b]");

    assertEquals("name", spec.name());
    assertEquals(Optional.empty(), spec.version());
    assertEquals(Optional.of("dir/a:b"), spec.subPart());
  }

  @Test
  void parse_simpleDateVersion() {
    AssetSpec spec = AssetSpec.parse("models/encoder:2024-01-31T12-00-00Z[vocab.txt]", SIMPLE_DATE);

    assertEquals("models/encoder", spec.name());
    assertEquals(Optional.of("2024-01-31T12-00-00Z"), spec.version());
    assertEquals(Optional.of("vocab.txt"), spec.subPart());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "A9",
        "my-asset_v2.bin",
        "category/name",
        "x.versions/inner",
        "a/versions",
        "name:1.2[dir/file.txt]",
        "name:latest-build_3",
        "a[b.c/.hidden]",
        "a[caf\u00e9.txt]"
      })
  void parse_thenToString_givesTheInputBack(String input) {
    AssetSpec spec = AssetSpec.parse(input);

    assertEquals(input, spec.toString());
    assertEquals(spec, AssetSpec.parse(spec.toString()));
  }

  @Test
  void of_andWithVersion_buildTheSameSpecsAsParse() {
    assertEquals(AssetSpec.parse("a/b"), AssetSpec.of("a/b"));
    assertEquals(AssetSpec.parse("a/b:1.0"), AssetSpec.of("a/b", "1.0"));
    assertEquals(
        AssetSpec.parse("a/b:2.0[x/y]"), AssetSpec.parse("a/b:1.0[x/y]").withVersion("2.0"));
  }

  // ---- rejections, each at the index of its fault

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of("", 0),
        Arguments.of("a/../b", 2),
        Arguments.of("a//b", 2),
        Arguments.of("./a", 0),
        Arguments.of("a/.", 2),
        Arguments.of("a[../x]", 2),
        Arguments.of("a[x/../y]", 4),
        Arguments.of("a[x//y]", 4),
        Arguments.of("a[x/]", 4),
        Arguments.of("a[]", 2),
        Arguments.of("a[/]", 3),
        Arguments.of("a[//x]", 3),
        Arguments.of("a[x\\y]", 3),
        Arguments.of("a:", 2),
        Arguments.of("a:[x]", 2),
        Arguments.of("a:1:2", 3),
        Arguments.of("a:1 2", 3),
        Arguments.of("a\n", 1),
        Arguments.of("a\r\n", 1),
        Arguments.of("\tname", 0),
        Arguments.of("na\u0000me", 2),
        Arguments.of("name\u007f", 4),
        Arguments.of("a[x\u0001]", 3),
        Arguments.of("x.versions", 1),
        Arguments.of("a/x.versions", 3),
        Arguments.of("a/x.versions:1.0", 3),
        Arguments.of("-a", 0),
        Arguments.of("_a", 0),
        Arguments.of(".a", 0),
        Arguments.of("a-", 1),
        Arguments.of("a_", 1),
        Arguments.of("a.", 1),
        Arguments.of("a]", 1),
        Arguments.of("a:1]", 3),
        Arguments.of("a[b]c", 4),
        Arguments.of("a[b]]", 4),
        Arguments.of("a[b]:1.0", 4),
        Arguments.of("a b", 1),
        Arguments.of("caf\u00e9", 3),
        Arguments.of("/abs/name", 0));
  }

  @ParameterizedTest
  @MethodSource("invalidSpecs")
  void parse_invalidSpec_failsAtTheIndexOfTheFault(String input, int index) {
    InvalidAssetSpecException e =
        assertThrows(InvalidAssetSpecException.class, () -> AssetSpec.parse(input));

    assertEquals(index, e.index(), () -> "for '" + printable(input) + "': " + e.getMessage());
    assertEquals(input, e.input());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("at index " + index + ": " + e.reason()), e.getMessage());
    assertOneLine(e.getMessage());
  }

  @Test
  void parse_thirdVersionNumber_pointsAtItsDot() {
    InvalidAssetSpecException e =
        assertThrows(
            InvalidAssetSpecException.class, () -> AssetSpec.parse("a:1.2.3", MAJOR_MINOR));

    assertEquals(5, e.index());
    assertTrue(e.reason().contains("third number"), e.reason());
  }

  @Test
  void parse_majorMinorFault_isOffsetByTheNameAndColon() {
    InvalidAssetSpecException e =
        assertThrows(
            InvalidAssetSpecException.class, () -> AssetSpec.parse("models/x:1.b[f]", MAJOR_MINOR));

    assertEquals("models/x:1.".length(), e.index());
  }

  @Test
  void parse_impossibleSimpleDate_isRejected() {
    InvalidAssetSpecException e =
        assertThrows(
            InvalidAssetSpecException.class,
            () -> AssetSpec.parse("a:2024-13-01T00-00-00Z", SIMPLE_DATE));

    assertTrue(e.index() >= 2 && e.index() < e.input().length(), e.getMessage());
  }

  @Test
  void parse_sameVersionWithoutVersioningSystem_onlyChecksCharacters() {
    assertEquals(Optional.of("1.2.3"), AssetSpec.parse("a:1.2.3").version());
  }

  @Test
  void parse_trailingNewline_staysOnOneLineInTheMessage() {
    InvalidAssetSpecException e =
        assertThrows(InvalidAssetSpecException.class, () -> AssetSpec.parse("a\n"));

    assertEquals("invalid asset spec 'a\\n' at index 1: newline in asset spec", e.getMessage());
  }

  @Test
  void parse_nameEndingInVersions_explainsTheIndexObject() {
    InvalidAssetSpecException e =
        assertThrows(InvalidAssetSpecException.class, () -> AssetSpec.parse("a/x.versions"));

    assertTrue(e.reason().contains(".versions"), e.reason());
  }

  // ---- caret

  @Test
  void caret_pointsUnderTheFault() {
    InvalidAssetSpecException e =
        assertThrows(InvalidAssetSpecException.class, () -> AssetSpec.parse("a//b"));

    assertEquals("a//b\n  ^", e.caret());
  }

  @Test
  void caret_afterEscapedControlCharacter_countsTheEscape() {
    InvalidAssetSpecException e = new InvalidAssetSpecException("a\tb c", 3, "space");

    assertEquals("a\\tb c\n    ^", e.caret());
  }

  @Test
  void caret_atTheEndOfTheInput_pointsJustPastIt() {
    InvalidAssetSpecException e =
        assertThrows(InvalidAssetSpecException.class, () -> AssetSpec.parse("a:"));

    assertEquals("a:\n  ^", e.caret());
  }

  @Test
  void caret_forTrailingNewline_showsTheEscapeOnTheFirstLine() {
    InvalidAssetSpecException e =
        assertThrows(InvalidAssetSpecException.class, () -> AssetSpec.parse("a\n"));

    assertEquals("a\\n\n ^", e.caret());
  }

  // ---- the record constructor checks what parse checks

  @Test
  void constructor_rejectsAnInvalidName() {
    InvalidAssetSpecException e =
        assertThrows(InvalidAssetSpecException.class, () -> AssetSpec.of("a//b"));

    assertEquals(2, e.index());
  }

  @Test
  void constructor_rejectsAnInvalidSubPartAtItsIndexInTheText() {
    InvalidAssetSpecException e =
        assertThrows(
            InvalidAssetSpecException.class,
            () -> new AssetSpec("a", Optional.of("1.0"), Optional.of("x/../y")));

    assertEquals("a:1.0[x/".length(), e.index());
  }

  @Test
  void constructor_rejectsALeadingSlashInTheSubPart() {
    assertThrows(
        InvalidAssetSpecException.class,
        () -> new AssetSpec("a", Optional.empty(), Optional.of("/x")));
  }

  @Test
  void constructor_rejectsAClosingBracketInTheSubPart() {
    InvalidAssetSpecException e =
        assertThrows(
            InvalidAssetSpecException.class,
            () -> new AssetSpec("a", Optional.empty(), Optional.of("x]y")));

    assertEquals("a[x".length(), e.index());
  }

  static Stream<Arguments> controlCharactersInParts() {
    return Stream.of(
        Arguments.of("a\nb", Optional.empty(), Optional.empty()),
        Arguments.of("a", Optional.of("1\n"), Optional.empty()),
        Arguments.of("a", Optional.empty(), Optional.of("x\ny")),
        Arguments.of("a", Optional.empty(), Optional.of("x\u0000y")),
        Arguments.of("a", Optional.empty(), Optional.of("x\u0085y")));
  }

  @ParameterizedTest
  @MethodSource("controlCharactersInParts")
  void constructor_rejectsControlCharactersWithAOneLineMessage(
      String name, Optional<String> version, Optional<String> subPart) {
    InvalidAssetSpecException e =
        assertThrows(InvalidAssetSpecException.class, () -> new AssetSpec(name, version, subPart));

    assertOneLine(e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a[x\u0085y]", "a\u0085", "a\u2028", "a\u2029b"})
  void parse_unicodeLineBreaksAndC1Controls_areRejectedOnOneLine(String input) {
    InvalidAssetSpecException e =
        assertThrows(InvalidAssetSpecException.class, () -> AssetSpec.parse(input));

    assertOneLine(e.getMessage());
    assertOneLine(e.caret().substring(0, e.caret().indexOf('\n')));
  }

  // ---- robustness

  private static final String ALPHABET = "aZ09/.:[]-_ \n\t\\\u0000\u007f\u00e9\u2028";
  private static final List<String> SEEDS =
      List.of(
          "models/encoder:1.2[vocab/file.txt]",
          "a:2024-01-31T12-00-00Z",
          "x/y.versions",
          "name[/sub]",
          "a/b/c:10");

  @Test
  void parse_randomAndMutatedInputs_failOnlyWithInvalidAssetSpecException() {
    Random random = new Random(20240131L);
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < 4000; i++) {
      String input = i % 2 == 0 ? randomText(random) : mutate(random, SEEDS.get(i % SEEDS.size()));
      for (Optional<VersioningSystem> versioning :
          List.of(
              Optional.<VersioningSystem>empty(),
              Optional.of(MAJOR_MINOR),
              Optional.of(SIMPLE_DATE))) {
        try {
          AssetSpec spec =
              versioning.isPresent()
                  ? AssetSpec.parse(input, versioning.get())
                  : AssetSpec.parse(input);
          accepted++;
          checkAccepted(input, spec);
        } catch (InvalidAssetSpecException e) {
          rejected++;
          checkRejected(input, e);
        } catch (RuntimeException e) {
          fail("'" + printable(input) + "' threw " + e, e);
        }
      }
    }
    // Both branches ran, so the checks above were exercised.
    assertTrue(accepted > 100, "accepted " + accepted);
    assertTrue(rejected > 100, "rejected " + rejected);
  }

  @Test
  void constructor_randomParts_acceptOnlyWhatParseReadsBack() {
    Random random = new Random(31L);
    int accepted = 0;
    for (int i = 0; i < 3000; i++) {
      String name = i % 3 == 0 ? randomText(random) : mutate(random, "models/encoder");
      Optional<String> version =
          random.nextBoolean() ? Optional.empty() : Optional.of(mutate(random, "1.2"));
      Optional<String> subPart =
          random.nextBoolean() ? Optional.empty() : Optional.of(mutate(random, "dir/file.txt"));
      AssetSpec spec;
      try {
        spec = new AssetSpec(name, version, subPart);
      } catch (InvalidAssetSpecException e) {
        checkRejected(e.input(), e);
        continue;
      }
      accepted++;
      String text = spec.toString();
      assertEquals(spec, AssetSpec.parse(text), () -> "constructed " + printable(text));
    }
    assertTrue(accepted > 100, "accepted " + accepted);
  }

  private static void checkAccepted(String input, AssetSpec spec) {
    String name = spec.name();
    assertTrue(MODELKIT_NAME.matcher(name).matches(), () -> "accepted name " + printable(input));
    for (String segment : name.split("/", -1)) {
      assertFalse(
          segment.isEmpty() || segment.equals(".") || segment.equals(".."),
          () -> "accepted segment in " + printable(input));
    }
    assertFalse(name.endsWith(".versions"), () -> "accepted " + printable(input));
    spec.subPart()
        .ifPresent(
            part -> {
              assertFalse(part.startsWith("/"), () -> "absolute sub-part " + printable(input));
              for (String segment : part.split("/", -1)) {
                assertFalse(
                    segment.isEmpty() || segment.equals("..") || segment.equals("."),
                    () -> "accepted sub-part " + printable(input));
              }
            });
    for (char c : input.toCharArray()) {
      assertFalse(Character.isISOControl(c), () -> "accepted control in " + printable(input));
    }
    assertEquals(spec, AssetSpec.parse(spec.toString()), () -> "round trip " + printable(input));
  }

  private static void checkRejected(String input, InvalidAssetSpecException e) {
    assertEquals(input, e.input());
    assertTrue(
        e.index() >= 0 && e.index() <= input.length(),
        () -> "index " + e.index() + " for '" + printable(input) + "'");
    assertOneLine(e.getMessage());
    String caret = e.caret();
    assertEquals(2, caret.split("\n", -1).length, () -> "caret of " + printable(input));
  }

  private static String randomText(Random random) {
    int length = random.nextInt(12);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  private static String mutate(Random random, String seed) {
    StringBuilder out = new StringBuilder(seed);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits; i++) {
      int at = out.length() == 0 ? 0 : random.nextInt(out.length());
      char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
      switch (random.nextInt(3)) {
        case 0 -> out.insert(at, c);
        case 1 -> {
          if (out.length() > 0) {
            out.deleteCharAt(at);
          }
        }
        default -> {
          if (out.length() > 0) {
            out.setCharAt(at, c);
          }
        }
      }
    }
    return out.toString();
  }

  private static void assertOneLine(String text) {
    for (char c : text.toCharArray()) {
      assertFalse(
          c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029',
          () -> "line break in: " + printable(text));
    }
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }
}
