package dev.assetkit.driver.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.AssetMeta;
import dev.assetkit.AssetsManager;
import dev.assetkit.AssetsSettings;
import dev.assetkit.FetchResult;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.RepairReport;
import dev.assetkit.testing.ChildProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate JVM processes racing each other and this one, and processes killed with SIGKILL in the
 * middle of a download or a publish: nobody ever sees a partial version, and the store stays
 * consistent.
 */
class MultiProcessTest {
  @TempDir Path tmp;
  private Path bucket;
  private Path assetsDir;

  @BeforeEach
  void setUp() throws IOException {
    bucket = Files.createDirectories(tmp.resolve("bucket"));
    assetsDir = Files.createDirectories(tmp.resolve("assets"));
  }

  private Map<String, String> childEnvironment() {
    return Map.of(
        "ASSETS_DIR", assetsDir.toString(),
        "ASSETS_STORAGE_PROVIDER", "local",
        "ASSETS_STORAGE_BUCKET", bucket.toString());
  }

  private AssetsSettings settings() {
    return AssetsSettings.builder()
        .environment(Map.of())
        .assetsDir(assetsDir)
        .storageProvider("local")
        .bucket(bucket.toString())
        .build();
  }

  @Test
  void twoProcessesAndFourThreads_fetchingOneVersion_downloadItOnce() throws Exception {
    Path source = tmp.resolve("src");
    for (int i = 0; i < 300; i++) {
      write(source.resolve("d" + (i % 5) + "/f" + i), "file " + i);
    }
    try (RemoteAssetsStore store = RemoteAssetsStore.builder().settings(settings()).build()) {
      store.create(source, "shared/dir", false);
    }
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      children.add(ChildProcesses.start(childEnvironment(), "fetch", "shared/dir:0.0"));
    }
    List<CompletableFuture<FetchResult>> threads = new ArrayList<>();
    try (AssetsManager manager = AssetsManager.builder().settings(settings()).build()) {
      for (int i = 0; i < 4; i++) {
        threads.add(CompletableFuture.supplyAsync(() -> manager.fetch("shared/dir:0.0", false)));
      }
      int downloads = 0;
      Set<String> paths = new HashSet<>();
      for (CompletableFuture<FetchResult> thread : threads) {
        FetchResult result = thread.get(120, TimeUnit.SECONDS);
        downloads += result.fromCache() ? 0 : 1;
        paths.add(result.path().toString());
      }
      for (Process child : children) {
        String line = lastLine(child, "FETCHED");
        String[] parts = line.split(" ", 3);
        downloads += Boolean.parseBoolean(parts[1]) ? 0 : 1;
        paths.add(parts[2]);
      }
      assertEquals(1, downloads, "exactly one of six fetchers downloaded");
      assertEquals(Set.of(assetsDir.resolve("shared/dir/0.0").toString()), paths);
      assertEquals("file 123", Files.readString(assetsDir.resolve("shared/dir/0.0/d3/f123")));
    }
  }

  @Test
  void twoProcessesAndThreads_publishingUpdates_getDistinctIndexedIntactVersions()
      throws Exception {
    try (RemoteAssetsStore store = RemoteAssetsStore.builder().settings(settings()).build()) {
      store.create(Files.writeString(tmp.resolve("first"), "first"), "race", false);
    }
    List<Process> children = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      children.add(ChildProcesses.start(childEnvironment(), "update", "race", "5", "process-" + p));
    }
    List<CompletableFuture<String>> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int index = t;
      threads.add(
          CompletableFuture.supplyAsync(
              () -> {
                try (RemoteAssetsStore store =
                    RemoteAssetsStore.builder().settings(settings()).build()) {
                  Path file = Files.writeString(tmp.resolve("thread" + index), "thread-" + index);
                  return store.update(file, "race", false, false).version() + " thread-" + index;
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }));
    }
    Map<String, String> expected = new HashMap<>();
    for (CompletableFuture<String> thread : threads) {
      String[] parts = thread.get(120, TimeUnit.SECONDS).split(" ", 2);
      assertEquals(null, expected.put(parts[0], parts[1]), "version given twice: " + parts[0]);
    }
    for (Process child : children) {
      for (String line : ChildProcesses.linesOfSuccess(child)) {
        if (line.startsWith("PUSHED ")) {
          String[] parts = line.split(" ", 3);
          assertEquals(null, expected.put(parts[1], parts[2]), "version given twice: " + parts[1]);
        }
      }
    }
    assertEquals(14, expected.size());
    try (RemoteAssetsStore store = RemoteAssetsStore.builder().settings(settings()).build();
        AssetsManager manager = AssetsManager.builder().settings(settings()).build()) {
      List<String> versions = store.versions("race");
      assertEquals(15, versions.size(), "all versions indexed: " + versions);
      for (Map.Entry<String, String> entry : expected.entrySet()) {
        assertEquals(
            entry.getValue(), Files.readString(manager.fetchAsset("race:" + entry.getKey())));
      }
    }
  }

  @Test
  void processKilledDuringDownload_neverLeavesAPartialVersion() throws Exception {
    Path source = tmp.resolve("src");
    for (int i = 0; i < 400; i++) {
      write(source.resolve("f" + i), ("content " + i + " ").repeat(2000));
    }
    try (RemoteAssetsStore store = RemoteAssetsStore.builder().settings(settings()).build()) {
      store.create(source, "big", false);
    }
    Random random = new Random(11);
    Path version = assetsDir.resolve("big/0.0");
    for (int run = 0; run < 5; run++) {
      deleteRecursively(assetsDir.resolve("big"));
      Process child = ChildProcesses.start(childEnvironment(), "fetch", "big:0.0");
      ChildProcesses.awaitLine(child, "START");
      Thread.sleep(random.nextInt(150));
      ChildProcesses.kill(child);
      if (Files.exists(version)) {
        assertTrue(
            Files.exists(version.resolve(".SUCCESS")), "run " + run + ": a version without marker");
        assertComplete(version, 400);
      }
      try (AssetsManager manager = AssetsManager.builder().settings(settings()).build()) {
        assertEquals(version, manager.fetchAsset("big:0.0"));
      }
      assertComplete(version, 400);
    }
  }

  @Test
  void processKilledDuringPublish_leavesTheStoreConsistent_andRepairable() throws Exception {
    Path source = tmp.resolve("src");
    for (int i = 0; i < 400; i++) {
      write(source.resolve("f" + i), ("content " + i + " ").repeat(2000));
    }
    try (RemoteAssetsStore store = RemoteAssetsStore.builder().settings(settings()).build()) {
      store.create(Files.writeString(tmp.resolve("first"), "first"), "pub", false);
    }
    Random random = new Random(5);
    for (int run = 0; run < 5; run++) {
      Process child = ChildProcesses.start(childEnvironment(), "push", "pub", source.toString());
      ChildProcesses.awaitLine(child, "START");
      Thread.sleep(100 + random.nextInt(400));
      ChildProcesses.kill(child);
      try (RemoteAssetsStore store = RemoteAssetsStore.builder().settings(settings()).build();
          AssetsManager manager = AssetsManager.builder().settings(settings()).build()) {
        RepairReport report = store.repair("pub", false);
        for (String v : store.versions("pub")) {
          Path fetched = manager.fetchAsset("pub:" + v);
          AssetMeta meta = store.meta("pub:" + v);
          if (meta.directory()) {
            assertComplete(fetched, 400);
          }
        }
        assertFalse(report.versions().isEmpty());
      }
    }
    try (RemoteAssetsStore store = RemoteAssetsStore.builder().settings(settings()).build()) {
      String next =
          store
              .update(Files.writeString(tmp.resolve("after"), "after"), "pub", false, false)
              .version();
      assertTrue(store.versions("pub").contains(next));
    }
  }

  // ---- helpers

  private static String lastLine(Process process, String prefix) throws Exception {
    List<String> matching =
        ChildProcesses.linesOfSuccess(process).stream().filter(l -> l.startsWith(prefix)).toList();
    assertFalse(matching.isEmpty(), "child printed no " + prefix);
    return matching.get(matching.size() - 1);
  }

  private static void assertComplete(Path version, int files) throws IOException {
    for (int i = 0; i < files; i += 37) {
      assertEquals(("content " + i + " ").repeat(2000), Files.readString(version.resolve("f" + i)));
    }
    try (Stream<Path> walk = Files.list(version)) {
      assertEquals(files + 1, walk.count(), "files and marker in " + version);
    }
  }

  private static void write(Path path, String content) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
  }

  private static void deleteRecursively(Path path) throws IOException {
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
