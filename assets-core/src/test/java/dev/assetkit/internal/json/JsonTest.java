package dev.assetkit.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  // ---- reading

  @Test
  void parse_object_keepsKeysInDocumentOrder() {
    Map<String, Object> map = Json.parseObject("{\"z\": 1, \"a\": 2, \"m\": 3}");

    assertEquals(List.of("z", "a", "m"), new ArrayList<>(map.keySet()));
    assertEquals(List.of(1L, 2L, 3L), new ArrayList<>(map.values()));
  }

  @Test
  void parse_everyKindOfValue() {
    Object value =
        Json.parse(
            " \t\r\n{\"s\": \"x\", \"n\": -12, \"d\": 0.5, \"t\": true, \"f\": false,"
                + " \"z\": null, \"l\": [1, [], {}], \"o\": {\"k\": \"v\"}} \n");

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("s", "x");
    expected.put("n", -12L);
    expected.put("d", new BigDecimal("0.5"));
    expected.put("t", true);
    expected.put("f", false);
    expected.put("z", Json.NULL);
    expected.put("l", List.of(1L, List.of(), Map.of()));
    expected.put("o", Map.of("k", "v"));
    assertEquals(expected, value);
  }

  @Test
  void parse_null_isTheNullSentinel() {
    assertSame(Json.NULL, Json.parse("null"));
    assertEquals("null", Json.NULL.toString());
  }

  @Test
  void parse_escapes_areDecoded() {
    assertEquals(
        "\"\\/\b\f\n\r\t\u00e9\ud83d\ude00A",
        Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\u0041\""));
  }

  @Test
  void parse_rawNonAsciiText_isKept() {
    assertEquals("donn\u00e9es \u2603", Json.parse("\"donn\u00e9es \u2603\""));
  }

  static Stream<Arguments> numbers() {
    return Stream.of(
        Arguments.of("0", 0L),
        Arguments.of("-0", 0L),
        Arguments.of("42", 42L),
        Arguments.of("-7", -7L),
        Arguments.of("123456789012345678", 123456789012345678L),
        Arguments.of("9223372036854775807", Long.MAX_VALUE),
        Arguments.of("-9223372036854775808", Long.MIN_VALUE),
        Arguments.of("9223372036854775808", new BigDecimal("9223372036854775808")),
        Arguments.of("-98765432109876543210", new BigDecimal("-98765432109876543210")),
        Arguments.of("1.5", new BigDecimal("1.5")),
        Arguments.of("-0.25", new BigDecimal("-0.25")),
        Arguments.of("1.50", new BigDecimal("1.50")),
        Arguments.of("1e3", new BigDecimal("1e3")),
        Arguments.of("2.5E-2", new BigDecimal("0.025")),
        Arguments.of("0.1e+1", new BigDecimal("1.0")));
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void parse_integersAreLongsWhereTheyFit_otherNumbersBigDecimals(String text, Object expected) {
    Object value = Json.parse(text);

    assertEquals(expected.getClass(), value.getClass(), text);
    if (expected instanceof BigDecimal decimal) {
      assertEquals(0, decimal.compareTo((BigDecimal) value), text);
    } else {
      assertEquals(expected, value);
    }
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", 0),
        Arguments.of("   ", 3),
        Arguments.of("{\"a\": 1", 7),
        Arguments.of("{\"a\": ", 6),
        Arguments.of("{\"a\"", 4),
        Arguments.of("[1, 2", 5),
        Arguments.of("{\"a\": 1,}", 8),
        Arguments.of("[1, 2,]", 6),
        Arguments.of("{,}", 1),
        Arguments.of("{a: 1}", 1),
        Arguments.of("{'a': 1}", 1),
        Arguments.of("{\"a\" 1}", 5),
        Arguments.of("{\"a\":}", 5),
        Arguments.of("{\"a\": 1 \"b\": 2}", 8),
        Arguments.of("[1 2]", 3),
        Arguments.of("\"abc", 4),
        Arguments.of("\"abc\\", 5),
        Arguments.of("\"\\x\"", 2),
        Arguments.of("\"\\u12\"", 3),
        Arguments.of("\"\\u12G4\"", 3),
        Arguments.of("\"\\u+041\"", 3),
        Arguments.of("\"\\u-041\"", 3),
        Arguments.of("\"a\u0001\"", 2),
        Arguments.of("\"a\nb\"", 2),
        Arguments.of("{} x", 3),
        Arguments.of("{}{}", 2),
        Arguments.of("tru", 0),
        Arguments.of("nul", 0),
        Arguments.of("falsy", 0),
        Arguments.of("truex", 4),
        Arguments.of("NaN", 0),
        Arguments.of("-", 1),
        Arguments.of("-x", 1),
        Arguments.of("1.", 2),
        Arguments.of(".5", 0),
        Arguments.of("1e", 2),
        Arguments.of("1e+", 3),
        Arguments.of("+1", 0),
        Arguments.of("01", 1),
        Arguments.of("-01", 2),
        Arguments.of("00", 1),
        Arguments.of("\ufeff{}", 0));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void parse_malformedText_failsWithTheOffsetOfTheFault(String text, int offset) {
    JsonFormatException e = assertThrows(JsonFormatException.class, () -> Json.parse(text));

    assertTrue(
        e.getMessage().startsWith("malformed JSON at offset " + offset + ": "), e.getMessage());
    assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
  }

  @Test
  void parse_sixtyFourLevelsOfNesting_areAccepted() {
    String text = "[".repeat(64) + "1" + "]".repeat(64);

    Object value = Json.parse(text);

    for (int level = 1; level < 64; level++) {
      value = ((List<?>) value).get(0);
    }
    assertEquals(List.of(1L), value);
    assertEquals(text, Json.write(Json.parse(text)));
  }

  @ParameterizedTest
  @ValueSource(ints = {65, 66, 100_000})
  void parse_deeperNesting_isRefusedWithoutOverflowingTheStack(int levels) {
    String arrays = "[".repeat(levels) + "]".repeat(levels);
    String objects = "{\"a\": ".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);

    for (String text : List.of(arrays, objects)) {
      JsonFormatException e = assertThrows(JsonFormatException.class, () -> Json.parse(text));
      assertTrue(e.getMessage().contains("nesting deeper than 64"), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"s\"", "1", "null", "true", "  [1]"})
  void parseObject_otherValue_isRefusedWithOffsetAndType(String text) {
    JsonFormatException e = assertThrows(JsonFormatException.class, () -> Json.parseObject(text));

    assertTrue(
        e.getMessage().contains("offset " + (text.length() - text.strip().length())),
        e.getMessage());
    assertTrue(e.getMessage().contains("expected a JSON object"), e.getMessage());
  }

  @Test
  void typeName_namesEveryJsonType() {
    assertEquals(
        List.of("an object", "an array", "a string", "a boolean", "null", "a number", "a number"),
        Stream.of(Map.of(), List.of(), "", true, Json.NULL, 1L, BigDecimal.ONE)
            .map(Json::typeName)
            .toList());
  }

  // ---- writing, in Python's json.dumps style

  @Test
  void write_usesPythonSeparators() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("a", 1L);
    document.put("b", Arrays.asList(true, false, Json.NULL));
    document.put("c", Map.of("d", "e"));
    document.put("f", new BigDecimal("1.50"));
    document.put("g", List.of());
    document.put("h", Map.of());

    assertEquals(
        "{\"a\": 1, \"b\": [true, false, null], \"c\": {\"d\": \"e\"}, \"f\": 1.50, \"g\": [],"
            + " \"h\": {}}",
        Json.write(document));
  }

  @Test
  void write_escapesLikePythonEnsureAscii() {
    // Python: json.dumps('"\\\n\r\t\b\f\x01\x7f/é😀') == this string.
    assertEquals(
        "\"\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u007f/\\u00e9\\ud83d\\ude00\"",
        Json.write("\"\\\n\r\t\b\f\u0001\u007f/\u00e9\ud83d\ude00"));
  }

  @Test
  void write_otherNumbers() {
    assertEquals(
        "[3, -4, 0.5, 9223372036854775807]", Json.write(List.of(3, -4L, 0.5, Long.MAX_VALUE)));
  }

  @Test
  void write_unsupportedValues_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Json.write(Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(new Object())));
  }

  @Test
  void write_thenParse_givesTheSameValue() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("\u00e9t\u00e9 \ud83d\ude00", Arrays.asList("a\u0000b", "\u2028", Json.NULL));
    inner.put(
        "numbers", List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, new BigDecimal("-1.25E+7")));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("inner", inner);
    document.put("flags", List.of(true, false));
    document.put("quote\"back\\slash", "/");

    assertEquals(document, Json.parse(Json.write(document)));
  }

  // ---- robustness

  private static final String DOCUMENT =
      "{\"push_date\": \"2024-01-31T12:00:00+00:00\", \"is_directory\": true, \"contents\":"
          + " [\"a\\u00e9.txt\", \"b/c\"], \"assetkit\": {\"format\": 1, \"files\": [{\"path\":"
          + " \"a\\u00e9.txt\", \"size\": 12, \"x\": -1.5e3}], \"ok\": false, \"n\": null}}";

  @Test
  void parse_everyTruncationOfAnObject_isRefused() {
    Json.parseObject(DOCUMENT); // the whole document is valid
    for (int length = 0; length < DOCUMENT.length(); length++) {
      String prefix = DOCUMENT.substring(0, length);
      assertThrows(
          JsonFormatException.class, () -> Json.parseObject(prefix), () -> "accepted " + prefix);
    }
  }

  @Test
  void parse_mutatedDocuments_failOnlyWithJsonFormatException() {
    Random random = new Random(7);
    String alphabet = "{}[]\",:\\u0123456789abcdefE.-+ \ntrueflsn\u00e9";
    int rejected = 0;
    for (int i = 0; i < 3000; i++) {
      StringBuilder text = new StringBuilder(DOCUMENT);
      for (int edit = 0; edit < 1 + random.nextInt(3); edit++) {
        int at = random.nextInt(text.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> text.insert(at, c);
          case 1 -> text.deleteCharAt(at);
          default -> text.setCharAt(at, c);
        }
      }
      try {
        Json.parse(text.toString());
      } catch (JsonFormatException e) {
        rejected++;
        assertTrue(e.getMessage().startsWith("malformed JSON at offset "), e.getMessage());
      } catch (RuntimeException e) {
        fail("'" + text + "' threw " + e, e);
      }
    }
    assertTrue(rejected > 1000, "rejected " + rejected);
  }
}
