package dev.assetkit.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionsDocumentTest {

  @Test
  void write_hasModelkitsExactShape() {
    assertEquals(
        "{\"versions\": [\"0.1\", \"0.0\"]}", VersionsDocument.write(List.of("0.1", "0.0")));
  }

  @Test
  void write_noVersion_isAnEmptyArray() {
    assertEquals("{\"versions\": []}", VersionsDocument.write(List.of()));
  }

  @Test
  void write_copiesTheListItIsGiven() {
    List<String> versions = new ArrayList<>(List.of("1.0"));
    String written = VersionsDocument.write(versions);
    versions.add("2.0");

    assertEquals("{\"versions\": [\"1.0\"]}", written);
  }

  @Test
  void read_thenWrite_roundTripsInDocumentOrder() {
    List<String> versions = List.of("2024-01-31T12-00-00Z", "10.0", "9.3", "1.0", "0.0");

    assertEquals(versions, VersionsDocument.read(VersionsDocument.write(versions)));
  }

  @Test
  void read_prettyPrintedIndexWithUnknownKeys() {
    String json =
        "{\n  \"updated_by\": {\"tool\": \"x\"},\n  \"versions\": [\n    \"1.1\",\n    \"1.0\"\n  ]\n}\n";

    assertEquals(List.of("1.1", "1.0"), VersionsDocument.read(json));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|no 'versions' key",
        "{\"version\": [\"1.0\"]}|no 'versions' key",
        "{\"versions\": \"1.0\"}|'versions' is a string, not an array",
        "{\"versions\": null}|'versions' is null, not an array",
        "{\"versions\": {\"1.0\": true}}|'versions' is an object, not an array",
        "{\"versions\": [\"1.0\", 1]}|'versions' holds a number, not a version",
        "{\"versions\": [[\"1.0\"]]}|'versions' holds an array, not a version",
        "[\"1.0\"]|expected a JSON object",
        "{\"versions\": [\"1.0\",]}|malformed JSON at offset 20"
      })
  void read_invalidIndex_isRefusedSayingWhy(String json, String why) {
    JsonFormatException e =
        assertThrows(JsonFormatException.class, () -> VersionsDocument.read(json));

    assertTrue(e.getMessage().contains(why), e.getMessage());
  }
}
