package dev.assetkit.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.AssetMeta;
import dev.assetkit.AssetMeta.FileEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetaDocumentTest {
  private static final String PUSH_DATE = "2024-01-31T12:00:00.123456+00:00";
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "0123456789abcdef".repeat(4);

  private static AssetMeta directoryMeta(List<FileEntry> files) {
    return new AssetMeta(
        PUSH_DATE,
        true,
        files,
        Optional.of("major_minor"),
        Optional.of("assetkit 0.1.0"),
        Optional.of("alice"),
        Optional.of("p-1"));
  }

  private static AssetMeta modelkitMeta(boolean directory, List<FileEntry> files) {
    return new AssetMeta(
        PUSH_DATE,
        directory,
        files,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static FileEntry bare(String path) {
    return new FileEntry(path, OptionalLong.empty(), Optional.empty());
  }

  // ---- writing

  @Test
  void write_directory_putsModelkitsKeysFirstWithSortedContents() {
    AssetMeta meta =
        directoryMeta(
            List.of(FileEntry.of("sub/b.bin", 4, SHA_B), FileEntry.of("a.txt", 3, SHA_A)));

    String json = MetaDocument.write(meta);

    assertTrue(
        json.startsWith(
            "{\"push_date\": \""
                + PUSH_DATE
                + "\", \"is_directory\": true, \"contents\": [\"a.txt\", \"sub/b.bin\"], "),
        json);
    assertEquals(
        "{\"push_date\": \""
            + PUSH_DATE
            + "\", \"is_directory\": true, \"contents\": [\"a.txt\", \"sub/b.bin\"],"
            + " \"assetkit\": {\"format\": 1, \"files\": [{\"path\": \"a.txt\", \"size\": 3,"
            + " \"sha256\": \""
            + SHA_A
            + "\"}, {\"path\": \"sub/b.bin\", \"size\": 4, \"sha256\": \""
            + SHA_B
            + "\"}], \"total_size\": 7, \"versioning_system\": \"major_minor\", \"tool\":"
            + " \"assetkit 0.1.0\", \"user\": \"alice\", \"publish_id\": \"p-1\"}}",
        json);
  }

  @Test
  void write_file_hasNoContentsAndKeepsSizeAndChecksumUnderAssetkit() {
    AssetMeta meta =
        new AssetMeta(
            PUSH_DATE,
            false,
            List.of(FileEntry.of("", 5, SHA_B)),
            Optional.of("simple_date"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    assertEquals(
        "{\"push_date\": \""
            + PUSH_DATE
            + "\", \"is_directory\": false, \"assetkit\": {\"format\": 1, \"size\": 5,"
            + " \"sha256\": \""
            + SHA_B
            + "\", \"total_size\": 5, \"versioning_system\": \"simple_date\"}}",
        MetaDocument.write(meta));
  }

  @Test
  void write_emptyDirectory_hasEmptyContents() {
    String json = MetaDocument.write(modelkitMeta(true, List.of()));

    assertTrue(
        json.startsWith(
            "{\"push_date\": \"" + PUSH_DATE + "\", \"is_directory\": true, \"contents\": [], "),
        json);
  }

  @Test
  void write_nonAsciiPaths_areEscapedLikePython() {
    String json =
        MetaDocument.write(
            modelkitMeta(true, List.of(bare("donn\u00e9es/\u00e9t\u00e9 \ud83d\ude00.txt"))));

    assertTrue(
        json.contains("\"contents\": [\"donn\\u00e9es/\\u00e9t\\u00e9 \\ud83d\\ude00.txt\"]"),
        json);
    assertTrue(json.chars().allMatch(c -> c >= 0x20 && c < 0x7f), json);
  }

  @Test
  void write_thenRead_givesTheSameDirectoryMeta() {
    AssetMeta meta =
        directoryMeta(
            List.of(
                FileEntry.of(".hidden", 0, SHA_A),
                FileEntry.of("a b/\u00e9.txt", 3, SHA_B),
                FileEntry.of("z", Long.MAX_VALUE / 2, SHA_A)));

    AssetMeta read = MetaDocument.read(MetaDocument.write(meta));

    assertEquals(meta, read);
    assertTrue(read.verifiable());
  }

  @Test
  void write_thenRead_givesTheSameFileMeta() {
    AssetMeta meta =
        new AssetMeta(
            PUSH_DATE,
            false,
            List.of(FileEntry.of("", 123, SHA_A)),
            Optional.of("major_minor"),
            Optional.of("assetkit 0.1.0"),
            Optional.of("bob"),
            Optional.of("p-2"));

    assertEquals(meta, MetaDocument.read(MetaDocument.write(meta)));
  }

  // ---- reading modelkit's metas

  @Test
  void read_modelkitDirectoryMeta_hasPathsWithoutSizesOrChecksums() {
    AssetMeta meta =
        MetaDocument.read(
            "{\"push_date\": \"2021-03-04T10:11:12.131415+00:00\", \"is_directory\": true,"
                + " \"contents\": [\"b/c.txt\", \"a.txt\"]}");

    assertEquals("2021-03-04T10:11:12.131415+00:00", meta.pushDate());
    assertTrue(meta.directory());
    assertEquals(List.of(bare("a.txt"), bare("b/c.txt")), meta.files());
    assertFalse(meta.verifiable());
    assertEquals(OptionalLong.empty(), meta.totalSize());
    assertEquals(Optional.empty(), meta.versioningSystem());
    assertEquals(Optional.empty(), meta.tool());
  }

  @Test
  void read_modelkitFileMeta_hasOneFileWithAnEmptyPath() {
    AssetMeta meta =
        MetaDocument.read(
            "{\"push_date\": \"2021-03-04T10:11:12+00:00\", \"is_directory\": false}");

    assertFalse(meta.directory());
    assertEquals(List.of(bare("")), meta.files());
    assertFalse(meta.verifiable());
  }

  @Test
  void read_legacyContentsWithLeadingSlash_areMadeRelative() {
    AssetMeta meta =
        MetaDocument.read(
            "{\"push_date\": \"d\", \"is_directory\": true, \"contents\": [\"/sub/b\", \"/a.txt\"]}");

    assertEquals(List.of(bare("a.txt"), bare("sub/b")), meta.files());
  }

  @Test
  void read_unknownKeys_areIgnored() {
    AssetMeta meta =
        MetaDocument.read(
            "{\"push_date\": \"d\", \"future\": {\"x\": [1, 2.5, null]}, \"is_directory\": true,"
                + " \"contents\": [\"a\"], \"assetkit\": {\"format\": 2, \"shiny\": true,"
                + " \"files\": [{\"path\": \"a\", \"size\": 1, \"sha256\": \""
                + SHA_A
                + "\", \"mode\": 420}]}}");

    assertEquals(List.of(FileEntry.of("a", 1, SHA_A)), meta.files());
  }

  @Test
  void read_sizesAndChecksums_attachToTheContentsEntryOfTheSamePath() {
    AssetMeta meta =
        MetaDocument.read(
            "{\"push_date\": \"d\", \"is_directory\": true, \"contents\": [\"b\", \"/a\"],"
                + " \"assetkit\": {\"files\": [{\"path\": \"a\", \"size\": 2, \"sha256\": \""
                + SHA_B
                + "\"}]}}");

    assertEquals(List.of(FileEntry.of("a", 2, SHA_B), bare("b")), meta.files());
    assertEquals(OptionalLong.empty(), meta.totalSize());
  }

  @Test
  void read_filesOutsideContents_areIgnored_butEveryFileCountsWhenThereIsNoContents() {
    String files =
        " \"assetkit\": {\"files\": [{\"path\": \"z\", \"size\": 1, \"sha256\": \""
            + SHA_A
            + "\"}, {\"path\": \"a\", \"size\": 2, \"sha256\": \""
            + SHA_B
            + "\"}]}}";

    assertEquals(
        List.of(FileEntry.of("a", 2, SHA_B)),
        MetaDocument.read("{\"is_directory\": true, \"contents\": [\"a\"]," + files).files());
    assertEquals(
        List.of(FileEntry.of("a", 2, SHA_B), FileEntry.of("z", 1, SHA_A)),
        MetaDocument.read("{\"is_directory\": true," + files).files(),
        "in path order");
  }

  @Test
  void read_duplicateContentsEntries_giveOneFile() {
    assertEquals(
        List.of(bare("a"), bare("b")),
        MetaDocument.read("{\"is_directory\": true, \"contents\": [\"b\", \"a\", \"/b\"]}")
            .files());
  }

  @Test
  void read_withoutIsDirectory_infersItFromContents() {
    assertTrue(MetaDocument.read("{\"contents\": [\"a\"]}").directory());
    assertFalse(MetaDocument.read("{\"push_date\": \"d\"}").directory());
  }

  @Test
  void read_assetkitMetaWithSizes_computesTheTotal() {
    AssetMeta meta =
        MetaDocument.read(
            MetaDocument.write(
                directoryMeta(List.of(FileEntry.of("a", 2, SHA_A), FileEntry.of("b", 40, SHA_B)))));

    assertEquals(OptionalLong.of(42), meta.totalSize());
  }

  // ---- refusing unsafe or malformed metas

  @ParameterizedTest
  @ValueSource(strings = {".hidden", "..a", "a..", "...", ".a/.b", "a/..b/c.", "x/.../y"})
  void read_contentsEntryWithDotsThatStayInside_isAccepted(String path) {
    String json =
        "{\"push_date\": \"d\", \"is_directory\": true, \"contents\": [\"" + path + "\"]}";

    assertEquals(path, MetaDocument.read(json).files().get(0).path());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        "../x",
        "a/../b",
        "a/..",
        ".",
        "./a",
        "a/./b",
        "//x",
        "a//b",
        "a/",
        "",
        "/",
        "a\\u0000b",
        "a\\u001fb",
        "a\\u007f",
        "a\\\\b",
        "..\\\\x"
      })
  void read_contentsEntryThatCouldLeaveTheVersion_isRefused(String jsonPath) {
    String json =
        "{\"push_date\": \"d\", \"is_directory\": true, \"contents\": [\"ok\", \""
            + jsonPath
            + "\"]}";

    assertThrows(JsonFormatException.class, () -> MetaDocument.read(json));
  }

  @Test
  void read_unsafePathInAssetkitFiles_isRefused() {
    String json =
        "{\"is_directory\": true, \"contents\": [], \"assetkit\": {\"files\": [{\"path\":"
            + " \"../etc/passwd\", \"size\": 1}]}}";

    assertThrows(JsonFormatException.class, () -> MetaDocument.read(json));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"abc\"",
        "\"a\"",
        "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"",
        "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
        "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
        "\"gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg\"",
        "\" aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
        "12",
        "true",
        "[]"
      })
  void read_sha256ThatIsNot64LowercaseHex_isRefused(String sha) {
    String file = "{\"is_directory\": false, \"assetkit\": {\"sha256\": " + sha + "}}";
    String directory =
        "{\"is_directory\": true, \"contents\": [\"a\"], \"assetkit\": {\"files\":"
            + " [{\"path\": \"a\", \"sha256\": "
            + sha
            + "}]}}";

    for (String json : List.of(file, directory)) {
      JsonFormatException e =
          assertThrows(JsonFormatException.class, () -> MetaDocument.read(json));
      assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1.5", "\"3\"", "true", "1e3", "99999999999999999999", "[]"})
  void read_sizeThatIsNotAByteCount_isRefused(String size) {
    String file = "{\"is_directory\": false, \"assetkit\": {\"size\": " + size + "}}";
    String directory =
        "{\"is_directory\": true, \"contents\": [\"a\"], \"assetkit\": {\"files\":"
            + " [{\"path\": \"a\", \"size\": "
            + size
            + "}]}}";

    for (String json : List.of(file, directory)) {
      JsonFormatException e =
          assertThrows(JsonFormatException.class, () -> MetaDocument.read(json));
      assertTrue(e.getMessage().contains("size"), e.getMessage());
    }
  }

  @Test
  void read_nullSizeAndChecksum_meanUnknown() {
    AssetMeta meta =
        MetaDocument.read(
            "{\"is_directory\": false, \"assetkit\": {\"size\": null, \"sha256\": null}}");

    assertEquals(List.of(bare("")), meta.files());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"is_directory\": true, \"contents\": \"a\"}",
        "{\"is_directory\": true, \"contents\": [\"a\", 3]}",
        "{\"is_directory\": true, \"contents\": [[\"a\"]]}",
        "{\"is_directory\": true, \"contents\": [\"a\"], \"assetkit\": {\"files\": {}}}"
      })
  void read_contentsOfTheWrongType_areRefused(String json) {
    assertThrows(JsonFormatException.class, () -> MetaDocument.read(json));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "{\"push_date\": \"d\",", "{\"is_directory\": tru}"})
  void read_malformedDocument_isRefusedWithAnOffset(String json) {
    JsonFormatException e = assertThrows(JsonFormatException.class, () -> MetaDocument.read(json));

    assertTrue(e.getMessage().contains("at offset "), e.getMessage());
  }

  @Test
  void read_acceptsWhatTheJsonReaderProducesForEveryModelkitShape() {
    // is_directory written by Python as a JSON boolean; anything else is inferred from contents.
    Map<String, Boolean> expected =
        Map.of(
            "{\"is_directory\": true}", true,
            "{\"is_directory\": false, \"contents\": [\"a\"]}", false,
            "{\"is_directory\": null, \"contents\": [\"a\"]}", true,
            "{\"contents\": null}", false);
    expected.forEach(
        (json, directory) -> assertEquals(directory, MetaDocument.read(json).directory(), json));
  }
}
