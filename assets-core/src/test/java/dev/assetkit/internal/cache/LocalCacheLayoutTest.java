package dev.assetkit.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.assetkit.spi.VersioningSystem;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LocalCacheLayoutTest {
  private static final VersioningSystem MAJOR_MINOR = VersioningSystem.named("major_minor");
  private static final VersioningSystem SIMPLE_DATE = VersioningSystem.named("simple_date");

  private FileSystem fs;

  /** Unix and Windows flavours of an in-memory file system, with the assets directory in each. */
  static Stream<Arguments> flavours() {
    return Stream.of(
        Arguments.of("unix", Configuration.unix(), "/srv/assets"),
        Arguments.of("windows", Configuration.windows(), "C:\\srv\\assets"),
        Arguments.of("osx", Configuration.osX(), "/Users/me/assets"));
  }

  private LocalCacheLayout layout(Configuration configuration, String assetsDir) {
    fs = Jimfs.newFileSystem(configuration);
    return new LocalCacheLayout(fs.getPath(assetsDir));
  }

  @AfterEach
  void closeFileSystem() throws IOException {
    if (fs != null) {
      fs.close();
    }
  }

  private static String nativePath(Path root, String relative) {
    String separator = root.getFileSystem().getSeparator();
    return root + separator + relative.replace("/", separator);
  }

  // ---- pure mapping

  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void paths_followModelkitsLayoutAndPutInternalFilesUnderDotCache(
      String flavour, Configuration configuration, String assetsDir) {
    LocalCacheLayout layout = layout(configuration, assetsDir);
    Path root = layout.assetsDir();

    assertEquals(nativePath(root, "some/asset"), layout.assetDir("some/asset").toString());
    assertEquals(
        nativePath(root, "some/asset/0.0"), layout.versionPath("some/asset", "0.0").toString());
    assertEquals(
        nativePath(root, "some/asset/.0.0.SUCCESS"),
        layout.fileMarker("some/asset", "0.0").toString());
    assertEquals(
        nativePath(root, "some/dir/asset/0.1/.SUCCESS"),
        layout.directoryMarker("some/dir/asset", "0.1").toString());
    assertEquals(
        nativePath(root, ".cache/locks/some/asset/0.0.lock"),
        layout.lockFile("some/asset", "0.0").toString());
    assertEquals(
        nativePath(root, ".cache/staging/some/asset/0.0"),
        layout.stagingDir("some/asset", "0.0").toString());
    assertEquals(nativePath(root, ".cache/trash"), layout.trashDir().toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void paths_areSiblingsAndChildrenAsTheLayoutSays(
      String flavour, Configuration configuration, String assetsDir) {
    LocalCacheLayout layout = layout(configuration, assetsDir);

    Path version = layout.versionPath("a/b", "1.2");
    assertEquals(version.getParent(), layout.fileMarker("a/b", "1.2").getParent());
    assertEquals(version, layout.directoryMarker("a/b", "1.2").getParent());
    assertTrue(layout.lockFile("a/b", "1.2").startsWith(layout.assetsDir().resolve(".cache")));
    assertTrue(layout.stagingDir("a/b", "1.2").startsWith(layout.assetsDir().resolve(".cache")));
    List<String> segments = new ArrayList<>();
    for (Path p = version; !p.equals(layout.assetsDir()); p = p.getParent()) {
      segments.add(0, p.getFileName().toString());
    }
    assertEquals(List.of("a", "b", "1.2"), segments);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void paths_touchNothingOnDisk(String flavour, Configuration configuration, String assetsDir) {
    LocalCacheLayout layout = layout(configuration, assetsDir);

    layout.versionPath("a", "0.0");
    layout.fileMarker("a", "0.0");
    layout.directoryMarker("a", "0.0");
    layout.lockFile("a", "0.0");
    layout.stagingDir("a", "0.0");
    layout.trashDir();

    assertFalse(Files.exists(layout.assetsDir()));
  }

  // ---- isComplete and isPresent

  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void isComplete_fileVersion_needsTheFileAndItsMarkerBesideIt(
      String flavour, Configuration configuration, String assetsDir) throws IOException {
    LocalCacheLayout layout = layout(configuration, assetsDir);
    Path file = layout.versionPath("a/b", "0.0");

    assertFalse(layout.isComplete("a/b", "0.0"));
    assertFalse(layout.isPresent("a/b", "0.0"));

    Files.createDirectories(file.getParent());
    Files.writeString(file, "data");
    assertFalse(layout.isComplete("a/b", "0.0"));
    assertTrue(layout.isPresent("a/b", "0.0"));

    Files.createFile(layout.fileMarker("a/b", "0.0"));
    assertTrue(layout.isComplete("a/b", "0.0"));

    Files.delete(file);
    assertFalse(layout.isComplete("a/b", "0.0"), "a marker without its file");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void isComplete_directoryVersion_needsTheMarkerInsideIt(
      String flavour, Configuration configuration, String assetsDir) throws IOException {
    LocalCacheLayout layout = layout(configuration, assetsDir);
    Path dir = layout.versionPath("a/b", "0.1");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/f.txt"), "x");

    assertTrue(layout.isPresent("a/b", "0.1"));
    assertFalse(layout.isComplete("a/b", "0.1"));

    Files.createFile(layout.fileMarker("a/b", "0.1"));
    assertFalse(layout.isComplete("a/b", "0.1"), "a file-style marker does not complete a folder");

    Files.createFile(layout.directoryMarker("a/b", "0.1"));
    assertTrue(layout.isComplete("a/b", "0.1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void isComplete_markerThatIsAFolder_doesNotCount(
      String flavour, Configuration configuration, String assetsDir) throws IOException {
    LocalCacheLayout layout = layout(configuration, assetsDir);
    Files.createDirectories(layout.directoryMarker("d", "1.0")); // d/1.0/.SUCCESS/
    fileVersion(layout, "f", "1.0", false);
    Files.createDirectories(layout.fileMarker("f", "1.0")); // f/.1.0.SUCCESS/

    assertFalse(layout.isComplete("d", "1.0"));
    assertFalse(layout.isComplete("f", "1.0"));
  }

  // ---- localVersions

  private static void fileVersion(
      LocalCacheLayout layout, String name, String version, boolean marked) throws IOException {
    Path file = layout.versionPath(name, version);
    Files.createDirectories(file.getParent());
    Files.writeString(file, version);
    if (marked) {
      Files.createFile(layout.fileMarker(name, version));
    }
  }

  private static void directoryVersion(
      LocalCacheLayout layout, String name, String version, boolean marked) throws IOException {
    Path dir = layout.versionPath(name, version);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("f.txt"), version);
    if (marked) {
      Files.createFile(layout.directoryMarker(name, version));
    }
  }

  private static LocalCacheLayout populated(LocalCacheLayout layout) throws IOException {
    String name = "models/enc";
    fileVersion(layout, name, "0.0", true);
    fileVersion(layout, name, "0.1", false);
    directoryVersion(layout, name, "1.0", true);
    directoryVersion(layout, name, "1.10", true);
    directoryVersion(layout, name, "1.9", false);
    directoryVersion(layout, name, "10.0", false);
    fileVersion(layout, name, "latest", true);
    directoryVersion(layout, name, "1.2.3", true);
    directoryVersion(layout, name, "2", true);
    directoryVersion(layout, name, ".cache", true);
    Files.createDirectories(layout.assetDir(name).resolve("enc-sub"));
    // Internal files of an in-flight download of this very asset.
    Files.createDirectories(layout.stagingDir(name, "2.0"));
    Files.createDirectories(layout.lockFile(name, "2.0").getParent());
    Files.createFile(layout.lockFile(name, "2.0"));
    return layout;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void localVersions_complete_areLatestFirstAndIgnoreEverythingElse(
      String flavour, Configuration configuration, String assetsDir) throws IOException {
    LocalCacheLayout layout = populated(layout(configuration, assetsDir));

    assertEquals(
        List.of("1.10", "1.0", "0.0"), layout.localVersions("models/enc", MAJOR_MINOR, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void localVersions_includeUnmarked_addsVersionsWithoutMarker(
      String flavour, Configuration configuration, String assetsDir) throws IOException {
    LocalCacheLayout layout = populated(layout(configuration, assetsDir));

    assertEquals(
        List.of("10.0", "1.10", "1.9", "1.0", "0.1", "0.0"),
        layout.localVersions("models/enc", MAJOR_MINOR, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void localVersions_missingAssetOrFileInsteadOfFolder_isEmpty(
      String flavour, Configuration configuration, String assetsDir) throws IOException {
    LocalCacheLayout layout = layout(configuration, assetsDir);

    assertEquals(List.of(), layout.localVersions("nothing/here", MAJOR_MINOR, true));

    Files.createDirectories(layout.assetsDir());
    Files.writeString(layout.assetDir("plain"), "a file where an asset folder would be");
    assertEquals(List.of(), layout.localVersions("plain", MAJOR_MINOR, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void localVersions_versionStillInStaging_isNotListed(
      String flavour, Configuration configuration, String assetsDir) throws IOException {
    LocalCacheLayout layout = layout(configuration, assetsDir);
    fileVersion(layout, "top", "0.0", true);
    Files.createDirectories(layout.stagingDir("top", "0.1"));

    assertEquals(List.of("0.0"), layout.localVersions("top", MAJOR_MINOR, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void localVersions_simpleDate(String flavour, Configuration configuration, String assetsDir)
      throws IOException {
    LocalCacheLayout layout = layout(configuration, assetsDir);
    fileVersion(layout, "d", "2024-01-31T12-00-00Z", true);
    directoryVersion(layout, "d", "2025-06-01T00-00-00Z", true);
    directoryVersion(layout, "d", "2026-01-01T00-00-00Z", false);
    fileVersion(layout, "d", "1.0", true);

    assertEquals(
        List.of("2025-06-01T00-00-00Z", "2024-01-31T12-00-00Z"),
        layout.localVersions("d", SIMPLE_DATE, false));
    assertEquals(
        List.of("2026-01-01T00-00-00Z", "2025-06-01T00-00-00Z", "2024-01-31T12-00-00Z"),
        layout.localVersions("d", SIMPLE_DATE, true));
  }
}
