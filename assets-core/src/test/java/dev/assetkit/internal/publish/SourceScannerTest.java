package dev.assetkit.internal.publish;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;
import dev.assetkit.internal.publish.SourceScanner.ListedFile;
import dev.assetkit.internal.publish.SourceScanner.Listing;
import dev.assetkit.internal.transfer.TransferPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk of a push's source, which lists the folders of each depth in parallel. */
class SourceScannerTest {
  @TempDir Path dir;
  private final TransferPool pool = new TransferPool("test", 4);

  @AfterEach
  void closePool() {
    pool.close();
  }

  private Path write(String relative, String content) throws IOException {
    Path file = dir.resolve("src").resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  /** Relative path to size, as listed. */
  private static Map<String, Long> sizes(Listing listing) {
    Map<String, Long> sizes = new TreeMap<>();
    for (ListedFile file : listing.files()) {
      sizes.put(file.path(), file.sizeHint());
    }
    return sizes;
  }

  @Test
  void list_aDeepTree_findsEveryFileWithItsRelativePath_hiddenOnesIncluded() throws IOException {
    Map<String, Long> expected = new TreeMap<>();
    for (int i = 0; i < 120; i++) {
      String path = "d" + (i % 7) + "/e" + (i % 3) + (i % 2 == 0 ? "/f" : "/.hidden/f") + i;
      write(path, "x".repeat(i));
      expected.put(path, (long) i);
    }
    write("top.txt", "top");
    expected.put("top.txt", 3L);
    Files.createDirectories(dir.resolve("src/empty/deeper"));

    Listing listing = SourceScanner.list(dir.resolve("src"), pool);

    assertTrue(listing.directory());
    assertEquals(expected, sizes(listing));
    for (ListedFile file : listing.files()) {
      assertEquals(dir.resolve("src").resolve(file.path()), file.local());
    }
  }

  @Test
  void list_isTheSameSetAsAWalk() throws IOException {
    for (int i = 0; i < 300; i++) {
      write("a" + (i % 10) + "/b" + (i % 4) + "/c" + i + ".bin", "c" + i);
    }
    Path src = dir.resolve("src");
    Map<String, Long> walked = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(src)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        walked.put(src.relativize(file).toString(), Files.size(file));
      }
    }

    assertEquals(walked, sizes(SourceScanner.list(src, pool)));
  }

  @Test
  void list_aLinkToAFile_isTheFile_aLinkToAFolderIsNotFollowed() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("target.txt"), "target bytes");
    write("plain.txt", "plain");
    Path src = dir.resolve("src");
    Files.createSymbolicLink(src.resolve("link.txt"), outside.resolve("target.txt"));
    Files.createSymbolicLink(src.resolve("folder-link"), outside);
    Files.createSymbolicLink(src.resolve("dangling"), dir.resolve("nowhere"));

    assertEquals(Map.of("link.txt", 12L, "plain.txt", 5L), sizes(SourceScanner.list(src, pool)));
  }

  @Test
  void list_aFileUnderAFolderWithABackslash_isRefusedNamingTheFile() throws IOException {
    Path file = write("ok/bad\\name/inner/file.txt", "x");

    AssetsException e =
        assertThrows(AssetsException.class, () -> SourceScanner.list(dir.resolve("src"), pool));

    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("rename it"), e.getMessage());
  }

  @Test
  void list_anEmptyFolderWithABackslash_holdsNothingToRefuse() throws IOException {
    write("fine.txt", "fine");
    Files.createDirectories(dir.resolve("src/bad\\name/empty"));

    assertEquals(Map.of("fine.txt", 4L), sizes(SourceScanner.list(dir.resolve("src"), pool)));
  }

  @Test
  void list_aFile_isOneEntryWithAnEmptyPath() throws IOException {
    Path file = write("one.bin", "12345");

    Listing listing = SourceScanner.list(file, pool);

    assertFalse(listing.directory());
    assertEquals(Map.of("", 5L), sizes(listing));
    assertEquals(file, listing.files().get(0).local());
  }

  @Test
  void list_nothingThere_saysSo() {
    AssetNotFoundException e =
        assertThrows(
            AssetNotFoundException.class, () -> SourceScanner.list(dir.resolve("missing"), pool));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void list_keepsEachFolderInTheOrderTheFileSystemGives_andIsRepeatable() throws IOException {
    for (int i = 0; i < 200; i++) {
      write("f" + (i % 20) + "/g" + i, "g".repeat(i % 5).getBytes(UTF_8).length + "");
    }
    Path src = dir.resolve("src");

    assertEquals(
        SourceScanner.list(src, pool).files().stream().map(ListedFile::path).toList(),
        SourceScanner.list(src, pool).files().stream().map(ListedFile::path).toList());
  }
}
