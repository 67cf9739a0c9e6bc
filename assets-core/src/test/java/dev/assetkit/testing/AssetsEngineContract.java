package dev.assetkit.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.AssetExistsException;
import dev.assetkit.AssetMeta;
import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetVersions;
import dev.assetkit.AssetsException;
import dev.assetkit.AssetsManager;
import dev.assetkit.AssetsSettings;
import dev.assetkit.ErrorKind;
import dev.assetkit.FetchResult;
import dev.assetkit.IntegrityException;
import dev.assetkit.InvalidAssetSpecException;
import dev.assetkit.PushResult;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.RepairReport;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StorageDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetch and publish engines end to end over one driver. Every driver's end-to-end test extends
 * this class and supplies {@link #newDriver()}: a fresh driver on an empty bucket.
 */
public abstract class AssetsEngineContract {

  /** For subclasses. */
  protected AssetsEngineContract() {}

  /** A fresh driver on an empty, isolated bucket. Called once per test; closed after it. */
  protected abstract StorageDriver newDriver() throws Exception;

  /** Size of the large file asset test (200 MiB by default). */
  protected long largeFileSize() {
    return 200L << 20;
  }

  /** Files in the many-files directory test. */
  protected int manyFiles() {
    return 1_000;
  }

  protected static final String PREFIX = "modelkit-assets";

  @TempDir protected Path tmp;
  protected StorageDriver rawDriver;
  protected CountingStorageDriver driver;
  protected Path assetsDir;

  @BeforeEach
  void openDriver() throws Exception {
    rawDriver = newDriver();
    driver = new CountingStorageDriver(rawDriver);
    assetsDir = Files.createDirectories(tmp.resolve("assets"));
  }

  @AfterEach
  void closeDriver() {
    rawDriver.close();
  }

  protected AssetsSettings settings(Map<String, String> environment) {
    return AssetsSettings.builder()
        .environment(environment)
        .assetsDir(assetsDir)
        .prefix(PREFIX)
        .build();
  }

  protected AssetsSettings settings() {
    return settings(Map.of());
  }

  protected RemoteAssetsStore store() {
    return store(settings());
  }

  protected RemoteAssetsStore store(AssetsSettings settings) {
    return RemoteAssetsStore.builder().settings(settings).driver(driver).build();
  }

  protected AssetsManager manager() {
    return manager(settings());
  }

  protected AssetsManager manager(AssetsSettings settings) {
    return AssetsManager.builder().settings(settings).driver(driver).build();
  }

  // ---- file assets

  @Test
  void create_thenFetchPinned_installsTheFileWithItsMarker() throws IOException {
    Path source = Files.writeString(tmp.resolve("weights.bin"), "weights v0");
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      PushResult pushed = store.create(source, "models/encoder", false);
      assertEquals("0.0", pushed.version());

      FetchResult fetched = manager.fetch("models/encoder:0.0");
      assertEquals(assetsDir.resolve("models/encoder/0.0"), fetched.path());
      assertEquals("weights v0", Files.readString(fetched.path()));
      assertFalse(fetched.fromCache());
      assertTrue(Files.exists(assetsDir.resolve("models/encoder/.0.0.SUCCESS")));
      assertEquals(
          HexFormat.of().formatHex(sha256("weights v0".getBytes(UTF_8))),
          fetched.meta().orElseThrow().files().get(0).sha256().orElseThrow());

      FetchResult again = manager.fetch("models/encoder:0.0");
      assertTrue(again.fromCache());
      assertEquals(fetched.path(), again.path());
    }
  }

  @Test
  void update_bumpsMinor_majorGiven_andBumpMajor_andFetchResolvesPartialAndLatest()
      throws IOException {
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      store.create(file("v", "0.0"), "a", false);
      assertEquals("0.1", store.update(file("v", "0.1"), "a", false, false).version());
      assertEquals("1.0", store.update(file("v", "1.0"), "a", true, false).version());
      assertEquals("0.2", store.update(file("v", "0.2"), "a:0", false, false).version());
      assertEquals("1.1", store.update(file("v", "1.1"), "a", false, false).version());
      assertEquals(List.of("1.1", "1.0", "0.2", "0.1", "0.0"), store.versions("a"));

      assertEquals("1.1", Files.readString(manager.fetchAsset("a")));
      assertEquals("0.2", Files.readString(manager.fetchAsset("a:0")));
      assertEquals("1.0", Files.readString(manager.fetchAsset("a:1.0")));
      AssetNotFoundException missingMajor =
          assertThrows(AssetNotFoundException.class, () -> manager.fetchAsset("a:5"));
      assertTrue(missingMajor.getMessage().contains("1.1, 1.0, 0.2"), missingMajor.getMessage());
      assertThrows(
          AssetNotFoundException.class, () -> store.update(file("v", "x"), "a:7", false, false));
    }
  }

  @Test
  void create_ofAnExistingAsset_isRefused_andNothingIsOverwritten() throws IOException {
    try (RemoteAssetsStore store = store()) {
      store.create(file("v", "first"), "a", false);
      AssetExistsException e =
          assertThrows(
              AssetExistsException.class, () -> store.create(file("v", "again"), "a", false));
      assertTrue(e.getMessage().contains("update"), e.getMessage());
      assertEquals(ErrorKind.CONFLICT, e.kind());
      assertEquals(
          "first", new String(driver.read(PREFIX + "/a/0.0").orElseThrow().bytes(), UTF_8));
    }
  }

  @Test
  void create_withAVersionInTheName_isRefused() throws IOException {
    try (RemoteAssetsStore store = store()) {
      assertThrows(
          InvalidAssetSpecException.class, () -> store.create(file("v", "x"), "a:1.0", false));
      assertEquals(0, driver.calls("write"));
    }
  }

  @Test
  void dryRun_writesNothing() throws IOException {
    try (RemoteAssetsStore store = store()) {
      PushResult planned = store.create(file("v", "x"), "a", true);
      assertTrue(planned.dryRun());
      assertEquals("0.0", planned.version());
      assertEquals(0, driver.calls("write") + driver.calls("upload"));
      assertThrows(AssetNotFoundException.class, () -> store.versions("a"));
    }
  }

  // ---- what is written

  @Test
  void storedDocuments_haveModelkitsShape() throws IOException {
    Path dir = tmp.resolve("src");
    write(dir.resolve("b.txt"), "b");
    write(dir.resolve("a/c.txt"), "c");
    try (RemoteAssetsStore store = store()) {
      store.create(dir, "cat/dir", false);
      store.update(dir, "cat/dir", false, false);
    }
    String index =
        new String(driver.read(PREFIX + "/cat/dir.versions").orElseThrow().bytes(), UTF_8);
    assertEquals("{\"versions\": [\"0.1\", \"0.0\"]}", index);
    String meta =
        new String(driver.read(PREFIX + "/cat/dir/0.0.meta").orElseThrow().bytes(), UTF_8);
    assertTrue(
        meta.matches(
            "\\{\"push_date\": \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00\","
                + " \"is_directory\": true, \"contents\": \\[\"a/c.txt\", \"b.txt\"\\], \"assetkit\": .*"),
        meta);
    assertTrue(
        meta.contains("\"sha256\": \"" + HexFormat.of().formatHex(sha256("c".getBytes(UTF_8)))),
        meta);
    assertEquals(
        "c", new String(driver.read(PREFIX + "/cat/dir/0.0/a/c.txt").orElseThrow().bytes(), UTF_8));
  }

  // ---- directory assets

  @Test
  void directoryAsset_withHiddenFilesAndNestedFolders_roundTrips() throws IOException {
    Path dir = tmp.resolve("src");
    write(dir.resolve(".hidden"), "h");
    write(dir.resolve("top.txt"), "top");
    write(dir.resolve("deep/er/file.bin"), "deep");
    write(dir.resolve(".git/config"), "cfg");
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      PushResult pushed = store.create(dir, "dirs/tree", false);
      assertEquals(
          List.of(".git/config", ".hidden", "deep/er/file.bin", "top.txt"),
          pushed.meta().files().stream().map(AssetMeta.FileEntry::path).toList());
      Path fetched = manager.fetchAsset("dirs/tree:0.0");
      assertEquals("h", Files.readString(fetched.resolve(".hidden")));
      assertEquals("deep", Files.readString(fetched.resolve("deep/er/file.bin")));
      assertEquals("cfg", Files.readString(fetched.resolve(".git/config")));
      assertTrue(Files.exists(fetched.resolve(".SUCCESS")));
      assertEquals("top", Files.readString(manager.fetchAsset("dirs/tree:0.0[top.txt]")));
      assertEquals("deep", Files.readString(manager.fetchAsset("dirs/tree:0[/deep/er/file.bin]")));
      AssetNotFoundException missing =
          assertThrows(
              AssetNotFoundException.class, () -> manager.fetchAsset("dirs/tree:0.0[nope]"));
      assertTrue(missing.getMessage().contains("top.txt"), missing.getMessage());
      assertTrue(missing.getMessage().contains("deep/"), missing.getMessage());
    }
  }

  @Test
  void emptyDirectory_isAValidAsset() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      store.create(empty, "empty", false);
      Path fetched = manager.fetchAsset("empty:0.0");
      assertTrue(Files.isDirectory(fetched));
      try (Stream<Path> children = Files.list(fetched)) {
        assertEquals(List.of(fetched.resolve(".SUCCESS")), children.toList());
      }
    }
  }

  @Test
  void manyFilesDirectory_roundTrips() throws IOException {
    Path dir = tmp.resolve("many");
    for (int i = 0; i < manyFiles(); i++) {
      write(dir.resolve(String.format("d%02d/f%05d.txt", i % 10, i)), "file " + i);
    }
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      store.create(dir, "many", false);
      Path fetched = manager.fetchAsset("many:0.0");
      for (int i = 0; i < manyFiles(); i += 97) {
        assertEquals(
            "file " + i,
            Files.readString(fetched.resolve(String.format("d%02d/f%05d.txt", i % 10, i))));
      }
      try (Stream<Path> files = Files.walk(fetched)) {
        assertEquals(manyFiles() + 1, files.filter(Files::isRegularFile).count());
      }
    }
  }

  @Test
  void largeFile_roundTripsAndIsVerified() throws Exception {
    Path source = tmp.resolve("large.bin");
    byte[] digest = writeRandom(source, largeFileSize(), 7);
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      store.create(source, "large", false);
      Files.delete(source);
      Path fetched = manager.fetchAsset("large:0.0");
      assertEquals(largeFileSize(), Files.size(fetched));
      assertArrayEquals(digest, sha256(fetched));
    }
  }

  // ---- what fetches cost

  @Test
  void pinnedCachedFetch_makesNoDriverCall_andWritesNothing() throws IOException {
    try (RemoteAssetsStore store = store()) {
      store.create(file("v", "x"), "a", false);
    }
    try (AssetsManager warm = manager()) {
      warm.fetchAsset("a:0.0");
    }
    deleteRecursively(assetsDir.resolve(".cache"));
    driver.reset();
    try (AssetsManager manager = manager()) {
      assertEquals("x", Files.readString(manager.fetchAsset("a:0.0")));
      assertEquals("x", Files.readString(manager.fetch("a:0.0").path()));
      assertTrue(manager.fetch("a:0.0").fromCache());
    }
    assertEquals(0, driver.total(), "driver calls for a pinned cached fetch");
    assertFalse(Files.exists(assetsDir.resolve(".cache")), "no lock or staging was created");
  }

  @Test
  void unpinnedCachedFetch_makesOneDriverCall() throws IOException {
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      store.create(file("v", "x"), "a", false);
      manager.fetchAsset("a");
      driver.reset();
      assertEquals(assetsDir.resolve("a/0.0"), manager.fetchAsset("a"));
      assertEquals(1, driver.total(), "driver calls for an unpinned cached fetch");
      assertEquals(1, driver.calls("read"));
    }
  }

  // ---- integrity and crashes

  @Test
  void corruptedObject_isDetected_nothingInstalled_goodCopyKept() throws IOException {
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      store.create(file("v", "good bytes"), "a", false);
      Path good = manager.fetchAsset("a:0.0");
      tamper(PREFIX + "/a/0.0", "evil bytes".getBytes(UTF_8));

      IntegrityException e =
          assertThrows(IntegrityException.class, () -> manager.fetchAsset("a:0.0", true));
      assertTrue(e.getMessage().contains("sha256"), e.getMessage());
      assertEquals("good bytes", Files.readString(good), "the good copy is kept");

      deleteRecursively(assetsDir.resolve("a"));
      assertThrows(IntegrityException.class, () -> manager.fetchAsset("a:0.0"));
      assertFalse(Files.exists(assetsDir.resolve("a/0.0")), "nothing installed");
      assertFalse(Files.exists(assetsDir.resolve("a/.0.0.SUCCESS")));
    }
  }

  @Test
  void truncatedObject_isDetectedBySize() throws IOException {
    assertReplacedFileIsRefused("full content", "full".getBytes(UTF_8), "bytes");
  }

  @Test
  void objectLargerThanItsMeta_isDetected_withoutReadingItAll() throws IOException {
    assertReplacedFileIsRefused("short", new byte[200_000], "larger than the 5 bytes");
  }

  /** Publishes a folder holding {@code f.txt}, replaces that object, and expects a refusal. */
  private void assertReplacedFileIsRefused(String content, byte[] replacement, String message)
      throws IOException {
    Path dir = tmp.resolve("src");
    write(dir.resolve("f.txt"), content);
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      store.create(dir, "a", false);
      tamper(PREFIX + "/a/0.0/f.txt", replacement);
      IntegrityException e =
          assertThrows(IntegrityException.class, () -> manager.fetchAsset("a:0.0"));
      assertTrue(e.getMessage().contains(message), e.getMessage());
      assertFalse(Files.exists(assetsDir.resolve("a/0.0")), "nothing installed");
    }
  }

  /**
   * Small files are checked in memory, mid-sized ones read back after their download, large ones
   * hashed while they download: a changed byte is caught on every path.
   */
  @Test
  void alteredBytes_areDetected_atEverySize() throws IOException {
    int[] sizes = {1000, 2 << 20, 5 << 20};
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      for (int i = 0; i < sizes.length; i++) {
        Path source = tmp.resolve("sized-" + i + ".bin");
        TestFiles.writeRandom(source, sizes[i], i);
        store.create(source, "sized" + i, false);
        byte[] altered = Files.readAllBytes(source);
        altered[altered.length / 2] ^= 1;
        tamper(PREFIX + "/sized" + i + "/0.0", altered);
        String spec = "sized" + i + ":0.0";
        IntegrityException e =
            assertThrows(IntegrityException.class, () -> manager.fetchAsset(spec), spec);
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        assertFalse(Files.exists(assetsDir.resolve("sized" + i + "/0.0")), spec);
      }
    }
  }

  @Test
  void forceDownload_replacesTheCopy_afterTheNewOneIsComplete() throws IOException {
    Path dir = tmp.resolve("src");
    write(dir.resolve("f.txt"), "v0");
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      store.create(dir, "a", false);
      Path fetched = manager.fetchAsset("a:0.0");
      Files.writeString(fetched.resolve("f.txt"), "locally damaged");
      FetchResult forced = manager.fetch("a:0.0", true);
      assertFalse(forced.fromCache());
      assertEquals("v0", Files.readString(fetched.resolve("f.txt")));
      assertTrue(Files.exists(fetched.resolve(".SUCCESS")));
    }
  }

  @Test
  void leftoverStaging_andUnmarkedCopies_areReplacedSafely() throws IOException {
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      store.create(file("v", "real"), "a", false);
      Path staging = Files.createDirectories(assetsDir.resolve(".cache/staging/a/0.0"));
      Files.writeString(staging.resolve("data"), "half a download");
      Files.createDirectories(assetsDir.resolve("a"));
      Files.writeString(assetsDir.resolve("a/0.0"), "partial, no marker");
      assertEquals("real", Files.readString(manager.fetchAsset("a:0.0")));
      assertFalse(Files.exists(staging));
    }
  }

  @Test
  void metaEntriesEscapingTheVersion_areRefused_nothingWrittenOutside() throws IOException {
    driver.write(
        PREFIX + "/evil.versions", "{\"versions\": [\"0.0\"]}".getBytes(UTF_8), Condition.none());
    driver.write(
        PREFIX + "/evil/0.0.meta",
        "{\"push_date\": \"2021-01-01T00:00:00+00:00\", \"is_directory\": true, \"contents\": [\"../../../escaped\"]}"
            .getBytes(UTF_8),
        Condition.none());
    try (AssetsManager manager = manager()) {
      AssetsException e = assertThrows(AssetsException.class, () -> manager.fetchAsset("evil"));
      assertEquals(ErrorKind.INTEGRITY, e.kind());
      assertTrue(e.getMessage().contains("leave the version folder"), e.getMessage());
    }
    assertFalse(Files.exists(tmp.resolve("escaped")));
    assertFalse(Files.exists(assetsDir.resolve("evil/0.0")));
  }

  @Test
  void malformedIndex_isAClearError() {
    driver.write(
        PREFIX + "/broken.versions", "{\"versions\": [\"0.0\"".getBytes(UTF_8), Condition.none());
    try (AssetsManager manager = manager()) {
      AssetsException e = assertThrows(AssetsException.class, () -> manager.fetchAsset("broken"));
      assertEquals(ErrorKind.INTEGRITY, e.kind());
      assertTrue(e.getMessage().contains("repair"), e.getMessage());
    }
  }

  // ---- not found

  @Test
  void missingAssetAndVersion_sayWhatExists() throws IOException {
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      store.create(file("v", "x"), "a", false);
      AssetNotFoundException asset =
          assertThrows(AssetNotFoundException.class, () -> manager.fetchAsset("nope"));
      assertTrue(asset.getMessage().contains("'nope'"), asset.getMessage());
      AssetNotFoundException version =
          assertThrows(AssetNotFoundException.class, () -> manager.fetchAsset("a:3.1"));
      assertTrue(version.getMessage().contains("3.1"), version.getMessage());
      assertThrows(InvalidAssetSpecException.class, () -> manager.fetchAsset("a//b"));
    }
  }

  // ---- concurrency

  @Test
  void concurrentPublishers_getDistinctVersions_allIndexed_dataIntact() throws Exception {
    try (RemoteAssetsStore store = store()) {
      store.create(file("v", "initial"), "shared", false);
    }
    int publishers = 8;
    List<PushResult> results =
        runConcurrently(
            publishers,
            i -> {
              try (RemoteAssetsStore store = store()) {
                return store.update(file("p" + i, "publisher " + i), "shared", false, false);
              }
            });
    Set<String> versions = new HashSet<>();
    results.forEach(r -> versions.add(r.version()));
    assertEquals(publishers, versions.size(), "distinct versions: " + versions);
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      assertEquals(publishers + 1, store.versions("shared").size());
      assertTrue(store.versions("shared").containsAll(versions));
      for (int i = 0; i < publishers; i++) {
        PushResult result = results.get(i);
        assertEquals(
            "publisher " + i, Files.readString(manager.fetchAsset("shared:" + result.version())));
      }
    }
  }

  @Test
  void concurrentFetchers_downloadOnce_andAgree() throws Exception {
    Path dir = tmp.resolve("src");
    for (int i = 0; i < 20; i++) {
      write(dir.resolve("f" + i), "content " + i);
    }
    try (RemoteAssetsStore store = store()) {
      store.create(dir, "a", false);
    }
    driver.reset();
    List<Path> paths;
    try (AssetsManager manager = manager()) {
      paths = runConcurrently(8, i -> manager.fetchAsset("a:0.0"));
    }
    assertEquals(1, new HashSet<>(paths).size());
    assertEquals(20, driver.calls("download"), "each file downloaded exactly once");
    assertEquals("content 7", Files.readString(paths.get(0).resolve("f7")));
  }

  @Test
  void lostClaim_movesToTheNextVersion_andSaysSo() throws IOException {
    try (RemoteAssetsStore store = store()) {
      store.create(file("v", "x"), "a", false);
      // Another publisher claimed 0.1 and has not updated the index yet.
      driver.write(
          PREFIX + "/a/0.1.meta",
          "{\"push_date\": \"2021-01-01T00:00:00+00:00\", \"is_directory\": false}".getBytes(UTF_8),
          Condition.ifAbsent());
      PushResult result = store.update(file("v", "mine"), "a", false, false);
      assertEquals("0.2", result.version());
      assertEquals(List.of("0.1"), result.lostVersions());
      assertEquals(List.of("0.2", "0.0"), store.versions("a"));
    }
  }

  @Test
  void new_afterAPushThatStoppedAfterItsClaim_takesTheNextVersion() throws IOException {
    // A 'new' killed after its claim (or failed on a full store) left 0.0's meta and no index.
    driver.write(
        PREFIX + "/a/0.0.meta",
        "{\"push_date\": \"2021-01-01T00:00:00+00:00\", \"is_directory\": false}".getBytes(UTF_8),
        Condition.ifAbsent());
    try (RemoteAssetsStore store = store()) {
      PushResult result = store.create(file("v", "mine"), "a", false);
      assertEquals("0.1", result.version());
      assertEquals(List.of("0.0"), result.lostVersions());
      assertEquals(List.of("0.1"), store.versions("a"));
    }
  }

  @Test
  void new_racingAnotherNewThatFinishedFirst_isRefused() throws IOException {
    String theirMeta = PREFIX + "/a/0.0.meta";
    // The other publisher claims 0.0 and lists it between this push's index check and its claim.
    StorageDriver racing =
        new ForwardingStorageDriver(driver) {
          @Override
          public ObjectInfo write(String key, byte[] content, Condition condition) {
            if (key.equals(theirMeta) && delegate.stat(key).isEmpty()) {
              delegate.write(
                  key,
                  "{\"push_date\": \"2021-01-01T00:00:00+00:00\", \"is_directory\": false}"
                      .getBytes(UTF_8),
                  Condition.ifAbsent());
              delegate.write(
                  PREFIX + "/a.versions",
                  "{\"versions\": [\"0.0\"]}".getBytes(UTF_8),
                  Condition.ifAbsent());
            }
            return delegate.write(key, content, condition);
          }
        };
    try (RemoteAssetsStore store =
        RemoteAssetsStore.builder().settings(settings()).driver(racing).build()) {
      AssetExistsException e =
          assertThrows(
              AssetExistsException.class, () -> store.create(file("v", "mine"), "a", false));
      assertTrue(e.getMessage().contains("created by another publisher"), e.getMessage());
      assertEquals(List.of("0.0"), store.versions("a"));
    }
  }

  // ---- repair

  @Test
  void repair_restoresAMissingIndexEntry_andReportsIncompleteVersions() throws IOException {
    try (RemoteAssetsStore store = store()) {
      store.create(file("v", "0"), "a", false);
      store.update(file("v", "1"), "a", false, false);
      store.update(file("v", "2"), "a", false, false);
      // Damage: the index lost 0.1, and a killed publisher left a meta without data (0.3).
      driver.write(
          PREFIX + "/a.versions",
          "{\"versions\": [\"0.2\", \"0.0\"]}".getBytes(UTF_8),
          Condition.none());
      driver.write(
          PREFIX + "/a/0.3.meta",
          "{\"push_date\": \"2021-01-01T00:00:00+00:00\", \"is_directory\": false}".getBytes(UTF_8),
          Condition.none());
      RepairReport dry = store.repair("a", true);
      assertEquals(List.of("0.1"), dry.added());
      assertEquals(List.of("0.2", "0.0"), store.versions("a"));

      RepairReport report = store.repair("a", false);
      assertEquals(List.of("0.1"), report.added());
      assertEquals(List.of("0.3"), report.incomplete());
      assertEquals(List.of("0.2", "0.1", "0.0"), store.versions("a"));
    }
  }

  /** A first push killed after its claim leaves a meta and no index: repair sees and reports it. */
  @Test
  void repair_ofAnAssetWithOnlyAnIncompleteFirstVersion_reportsIt_andWritesNoIndex() {
    driver.write(
        PREFIX + "/a/0.0.meta",
        "{\"push_date\": \"2021-01-01T00:00:00+00:00\", \"is_directory\": false}".getBytes(UTF_8),
        Condition.none());
    try (RemoteAssetsStore store = store()) {
      RepairReport report = store.repair("a", false);

      assertEquals(List.of(), report.added());
      assertEquals(List.of("0.0"), report.incomplete());
      assertEquals(List.of(), report.versions());
      assertEquals(Optional.empty(), driver.stat(PREFIX + "/a.versions"), "an index was written");
      assertThrows(AssetNotFoundException.class, () -> store.repair("b", false));
    }
  }

  @Test
  void listAssets_findsEveryAssetWithItsVersions_butNotDataNamedLikeAnIndex() throws IOException {
    Path dir = tmp.resolve("src");
    write(dir.resolve("tricky.versions"), "data, not an index");
    try (RemoteAssetsStore store = store()) {
      store.create(file("v", "x"), "b/one", false);
      store.create(dir, "a", false);
      store.update(dir, "a", false, false);
      assertEquals(
          List.of(
              new AssetVersions("a", List.of("0.1", "0.0")),
              new AssetVersions("b/one", List.of("0.0"))),
          store.listAssets());
    }
  }

  // ---- modelkit compatibility

  @Test
  void modelkitBucket_isFetchedPinnedPartialAndLatest() throws IOException {
    ModelkitFixture.seed(driver);
    try (AssetsManager manager = manager()) {
      assertEquals(
          "file asset version 1.0\n", Files.readString(manager.fetchAsset("category/file-asset")));
      assertEquals(
          "file asset version 0.1\n",
          Files.readString(manager.fetchAsset("category/file-asset:0")));
      assertEquals(
          "file asset version 0.0\n",
          Files.readString(manager.fetchAsset("category/file-asset:0.0")));
      assertEquals("numeric 1.1", Files.readString(manager.fetchAsset("numeric:1")));
      assertEquals("numeric 10.0", Files.readString(manager.fetchAsset("numeric")));
      Path dir = manager.fetchAsset("category/dir-asset:0.0");
      assertEquals("alpha\n", Files.readString(dir.resolve("a.txt")));
      assertEquals("beta\n", Files.readString(dir.resolve("sub/b.txt")));
      assertEquals("key=value\n", Files.readString(dir.resolve(".config/settings")));
      assertEquals("beta\n", Files.readString(manager.fetchAsset("category/dir-asset[sub/b.txt]")));
    }
    try (AssetsManager dated =
        manager(settings(Map.of("ASSETS_VERSIONING_SYSTEM", "simple_date")))) {
      assertEquals("dated 2021-06-01T00-00-00Z", Files.readString(dated.fetchAsset("dated")));
      assertEquals(
          "dated 2021-05-01T00-00-00Z",
          Files.readString(dated.fetchAsset("dated:2021-05-01T00-00-00Z")));
    }
    try (RemoteAssetsStore store = store()) {
      assertEquals(List.of("1.0", "0.1", "0.0"), store.versions("category/file-asset"));
      assertEquals(
          List.of(".config/settings", "a.txt", "sub/b.txt"),
          store.meta("category/dir-asset:0.0").files().stream()
              .map(AssetMeta.FileEntry::path)
              .toList());
      assertEquals("1.2", store.update(file("v", "new"), "numeric:1", false, false).version());
    }
  }

  @Test
  void simpleDate_versionsAreIncreasing_evenWithinOneSecond() throws IOException {
    AssetsSettings dated = settings(Map.of("MODELKIT_ASSETS_VERSIONING_SYSTEM", "simple_date"));
    try (RemoteAssetsStore store = store(dated);
        AssetsManager manager = manager(dated)) {
      String first = store.create(file("v", "a"), "d", false).version();
      String second = store.update(file("v", "b"), "d", false, false).version();
      String third = store.update(file("v", "c"), "d", false, false).version();
      assertTrue(
          first.compareTo(second) < 0 && second.compareTo(third) < 0,
          first + " " + second + " " + third);
      assertEquals("c", Files.readString(manager.fetchAsset("d")));
      assertEquals(List.of(third, second, first), store.versions("d"));
    }
  }

  // ---- offline mode

  @Test
  void offline_usesLocalVersions_includingUnmarkedOnes_andLocalPaths() throws IOException {
    write(assetsDir.resolve("pre/loaded/1.0/file.txt"), "by hand");
    write(assetsDir.resolve("pre/loaded/0.9/file.txt"), "older");
    Path standalone = Files.writeString(tmp.resolve("standalone.txt"), "a local file");
    try (AssetsManager offline = AssetsManager.builder().settings(settings()).build()) {
      assertEquals(assetsDir.resolve("pre/loaded/1.0"), offline.fetchAsset("pre/loaded"));
      assertEquals("older", Files.readString(offline.fetchAsset("pre/loaded:0[file.txt]")));
      assertEquals(standalone, offline.fetchAsset(standalone.toString()));
      AssetNotFoundException e =
          assertThrows(AssetNotFoundException.class, () -> offline.fetchAsset("not/here"));
      assertTrue(e.getMessage().contains("ASSETS_STORAGE_PROVIDER"), e.getMessage());
    }
  }

  // ---- helpers

  protected Path file(String name, String content) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("sources"));
    return Files.writeString(Files.createTempFile(dir, name, ".txt"), content);
  }

  protected static void write(Path path, String content) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
  }

  /** Replaces an object's bytes in the store, as a corrupting tool would. */
  protected void tamper(String key, byte[] bytes) {
    driver.write(key, bytes, Condition.none());
  }

  protected interface Job<T> {
    T run(int index) throws Exception;
  }

  protected static <T> List<T> runConcurrently(int threads, Job<T> job) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        Callable<T> task =
            () -> {
              start.await();
              return job.run(index);
            };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(300, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  protected static byte[] sha256(byte[] bytes) {
    return TestFiles.sha256(bytes);
  }

  protected static byte[] sha256(Path file) throws IOException {
    return TestFiles.sha256(file);
  }

  protected static byte[] writeRandom(Path target, long size, long seed) throws IOException {
    return TestFiles.writeRandom(target, size, seed);
  }

  protected static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
