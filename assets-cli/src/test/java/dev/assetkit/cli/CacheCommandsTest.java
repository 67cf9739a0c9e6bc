package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.driver.local.LocalStorageDriverProvider;
import dev.assetkit.internal.cache.LocalCacheLayout;
import dev.assetkit.internal.fetch.VersionLock;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.testing.ModelkitFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CacheCommandsTest extends CliTest {
  private final LocalCacheLayout layout() {
    return new LocalCacheLayout(assets);
  }

  /** Three fetched versions of x, and one of y. */
  private void fetched() throws IOException {
    pushVersions("x", 3);
    pushVersions("cat/y", 1);
    for (String spec : List.of("x:0.0", "x:0.1", "x:0.2", "cat/y:0.0")) {
      assertEquals(0, run("fetch", spec).exitCode());
    }
  }

  /** A version folder without its marker, as a killed modelkit download leaves it. */
  private Path unmarked(String name, String version) throws IOException {
    Path dir = Files.createDirectories(assets.resolve(name).resolve(version));
    Files.writeString(dir.resolve("partial"), "half", StandardCharsets.UTF_8);
    return dir;
  }

  @Test
  void list_showsVersionsSizesAndCompleteness() throws IOException {
    fetched();
    Files.createDirectories(assets.resolve("not an asset/1.0")); // no valid asset name: skipped
    unmarked("x", "0.3");
    Run run = run("cache", "list");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(
        "cat/y\n"
            + "  0.0  complete    2 files    4 B\n"
            + "x\n"
            + "  0.3  INCOMPLETE  1 file     4 B\n"
            + "  0.2  complete    2 files    4 B\n"
            + "  0.1  complete    2 files    4 B\n"
            + "  0.0  complete    2 files    4 B\n"
            + "2 assets, 5 versions (1 incomplete), 20 B in "
            + assets
            + "\n",
        run.out());
  }

  @Test
  void listJson_describesEveryVersion_andNeedsNoStore() throws IOException {
    fetched();
    Run run =
        Run.of(
            CliContext.of(Map.of("ASSETS_DIR", assets.toString()), work),
            "cache",
            "list",
            "--json");
    assertEquals(0, run.exitCode(), run::toString);
    Map<?, ?> json = (Map<?, ?>) run.json();
    assertEquals(assets.toString(), json.get("assets_dir"));
    List<?> all = (List<?>) json.get("assets");
    Map<?, ?> y = (Map<?, ?>) all.get(0);
    assertEquals("cat/y", y.get("name"));
    assertEquals(
        Map.of(
            "version",
            "0.0",
            "path",
            assets.resolve("cat/y/0.0").toString(),
            "complete",
            true,
            "directory",
            true,
            "files",
            2L,
            "size",
            4L),
        ((List<?>) y.get("versions")).get(0));
    assertEquals(List.of(), json.get("leftovers"));
  }

  @Test
  void verify_passesOnAnIntactCache() throws IOException {
    fetched();
    Run run = run("cache", "verify");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("ok         x:0.2\n"), run.out());
    assertTrue(run.out().endsWith("4 versions verified in " + assets + "\n"), run.out());
  }

  @Test
  void verify_reportsAlteredMissingAndExtraFiles_exit5() throws IOException {
    fetched();
    Files.writeString(assets.resolve("x/0.1/a.txt"), "A1", StandardCharsets.UTF_8); // same size
    Files.delete(assets.resolve("x/0.1/sub/b.txt"));
    Files.writeString(assets.resolve("x/0.1/intruder"), "!", StandardCharsets.UTF_8);
    Run run = run("cache", "verify", "x");
    assertEquals(5, run.exitCode(), run::toString);
    assertTrue(run.out().contains("ok         x:0.2\n"), run.out());
    assertTrue(run.out().contains("MISMATCH   x:0.1\n  a.txt: sha256 "), run.out());
    assertTrue(run.out().contains("\n  intruder: not in the meta\n"), run.out());
    assertTrue(run.out().contains("\n  sub/b.txt: missing\n"), run.out());
    assertEquals(
        "error: 1 of 3 local versions do not match their meta: x:0.1; download them again with"
            + " 'assets fetch SPEC --download'\n",
        run.err());

    Run one = run("cache", "verify", "x:0.1", "--json");
    assertEquals(5, one.exitCode());
    Map<?, ?> entry = (Map<?, ?>) ((List<?>) one.json()).get(0);
    assertEquals("mismatch", entry.get("status"));
    assertEquals(3, ((List<?>) entry.get("problems")).size());
  }

  @Test
  void verify_ofModelkitVersions_checksPresenceOnly() throws IOException {
    try (StorageDriver driver = LocalStorageDriverProvider.open(bucket)) {
      ModelkitFixture.seed(driver);
    }
    assertEquals(0, run("fetch", "category/dir-asset:0.0").exitCode());
    Run run = run("cache", "verify", "category/dir-asset");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.out().contains("ok         category/dir-asset:0.0  (the meta has no checksums"),
        run.out());
  }

  @Test
  void verify_needsTheStore_exit2() {
    Run run =
        Run.of(CliContext.of(Map.of("ASSETS_DIR", assets.toString()), work), "cache", "verify");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("'assets cache verify' needs a remote store"), run.err());
  }

  @Test
  void verify_ofSomethingNotCached_isNotFound_exit3() {
    Run run = run("cache", "verify", "nothing");
    assertEquals(3, run.exitCode(), run::toString);
    assertTrue(run.err().contains("no complete local version of 'nothing'"), run.err());
  }

  @Test
  void prune_removesIncompleteVersionsTheStoreHas_andLeftovers() throws IOException {
    fetched();
    Files.delete(assets.resolve("x/0.1/.SUCCESS")); // as if the download had died
    Path stranger = unmarked("x", "7.7"); // not in the store: someone else's
    Path staging = Files.createDirectories(layout().stagingDir("x", "0.2").resolve("tree"));
    Files.writeString(staging.resolve("f"), "leftover", StandardCharsets.UTF_8);
    Path trash = Files.createDirectories(layout().trashDir().resolve("dead"));
    Files.writeString(trash.resolve("g"), "old", StandardCharsets.UTF_8);

    Run dry = run("cache", "prune", "--dry-run");
    assertEquals(0, dry.exitCode(), dry::toString);
    assertTrue(
        dry.out().contains("would remove incomplete version x:0.1  " + assets.resolve("x/0.1")),
        dry.out());
    assertTrue(dry.out().contains("Dry run: would remove 3 items, freeing 15 B"), dry.out());
    assertTrue(
        Files.exists(assets.resolve("x/0.1/a.txt"))
            && Files.exists(staging)
            && Files.exists(trash));

    Run real = run("cache", "prune");
    assertEquals(0, real.exitCode(), real::toString);
    assertTrue(
        real.out().contains("removed staging leftover  " + layout().stagingDir("x", "0.2")),
        real.out());
    assertTrue(real.out().contains("removed trash leftover  " + trash), real.out());
    assertTrue(
        real.out()
            .contains(
                "kept " + stranger + ": no .SUCCESS marker, but the store has no such version"),
        real.out());
    assertFalse(Files.exists(assets.resolve("x/0.1")));
    assertFalse(Files.exists(layout().stagingDir("x", "0.2")));
    assertFalse(Files.exists(trash));
    assertTrue(Files.exists(stranger));
    assertTrue(Files.exists(assets.resolve("x/0.2/.SUCCESS")));
  }

  @Test
  void prune_withoutProvider_keepsUnmarkedVersions() throws IOException {
    Path placed = unmarked("pre", "1.0");
    Run run =
        Run.of(CliContext.of(Map.of("ASSETS_DIR", assets.toString()), work), "cache", "prune");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.out().contains("kept " + placed + ": no .SUCCESS marker, but without a provider"),
        run.out());
    assertTrue(Files.exists(placed.resolve("partial")));
  }

  @Test
  void prune_keepLatest_removesOlderCompleteVersions() throws IOException {
    fetched();
    Run run = run("cache", "prune", "--keep-latest", "1", "--json");
    assertEquals(0, run.exitCode(), run::toString);
    Map<?, ?> json = (Map<?, ?>) run.json();
    List<?> removed = (List<?>) json.get("removed");
    assertEquals(2, removed.size(), json.toString());
    assertEquals(8L, json.get("freed"));
    assertEquals(false, json.get("dry_run"));
    assertFalse(Files.exists(assets.resolve("x/0.0")));
    assertFalse(Files.exists(assets.resolve("x/0.1")));
    assertTrue(Files.exists(assets.resolve("x/0.2/a.txt")));
    assertTrue(Files.exists(assets.resolve("cat/y/0.0/a.txt")));
    assertEquals(assets.resolve("x/0.2").toString(), run("fetch", "x").out().trim());
  }

  @Test
  void prune_keepLatestForOneAsset_leavesTheOthers() throws IOException {
    fetched();
    Run run = run("cache", "prune", "cat/y", "--keep-latest", "0");
    assertEquals(0, run.exitCode(), run::toString);
    assertFalse(Files.exists(assets.resolve("cat/y/0.0")));
    assertTrue(Files.exists(assets.resolve("x/0.0")));
  }

  @Test
  @SuppressWarnings("try")
  void prune_leavesAStagingFolderWhoseLockIsHeld() throws Exception {
    fetched();
    Path staging = Files.createDirectories(layout().stagingDir("x", "0.2"));
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread downloader =
        new Thread(
            () -> {
              try (VersionLock lock =
                  VersionLock.acquire(
                      layout().lockFile("x", "0.2"), Duration.ofSeconds(5), "x:0.2")) {
                locked.countDown();
                done.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    downloader.start();
    try {
      assertTrue(locked.await(10, TimeUnit.SECONDS));
      Run run = run("cache", "prune");
      assertEquals(0, run.exitCode(), run::toString);
      assertTrue(
          run.out().contains("kept " + staging + ": a running process is downloading into it"),
          run.out());
      assertTrue(Files.exists(staging));
    } finally {
      done.countDown();
      downloader.join();
    }
  }

  @Test
  void prune_negativeKeepLatest_isInvalid() {
    Run run = run("cache", "prune", "--keep-latest", "-1");
    assertEquals(2, run.exitCode(), run::toString);
  }
}
