package dev.assetkit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assetkit.AssetsException;
import dev.assetkit.AssetsManager;
import dev.assetkit.AssetsSettings;
import dev.assetkit.ErrorKind;
import dev.assetkit.FetchResult;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.RepairReport;
import dev.assetkit.testing.FaultProxy.Fault;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent publisher and fetcher processes, processes killed with SIGKILL, and injected network
 * faults, on one backend. Each backend's module extends this class and says how to reach a fresh,
 * empty bucket through its environment variables (so child JVMs configure themselves as a deployed
 * process would).
 */
@Tag("reliability")
public abstract class ReliabilityContract {

  /** For subclasses. */
  protected ReliabilityContract() {}

  /**
   * The environment that points {@code ASSETS_STORAGE_PROVIDER}, {@code ASSETS_STORAGE_BUCKET} and
   * the driver's own variables at a fresh, empty bucket. Called once per test.
   */
  protected abstract Map<String, String> newBucketEnvironment() throws Exception;

  /** The server's address, for the fault-injecting proxy; empty where there is no network. */
  protected Optional<InetSocketAddress> serverAddress() {
    return Optional.empty();
  }

  /** {@code environment} changed to reach the server through {@code 127.0.0.1:port}. */
  protected Map<String, String> throughProxy(Map<String, String> environment, int port) {
    throw new UnsupportedOperationException("no network to inject faults into");
  }

  /** The same bucket with credentials the server rejects; empty where there are none. */
  protected Optional<Map<String, String>> withBadCredentials(Map<String, String> environment) {
    return Optional.empty();
  }

  /**
   * Whether the store's compare-and-swap is atomic; when it is not (S3Proxy), concurrent publishers
   * still get distinct versions, and {@code repair} completes the index.
   */
  protected boolean atomicIndexUpdates() {
    return true;
  }

  /** Runs of each kill test. */
  protected int killRuns() {
    return 20;
  }

  @TempDir protected Path tmp;
  protected Map<String, String> environment;
  protected Path assetsDir;

  @BeforeEach
  void createBucket() throws Exception {
    assetsDir = Files.createDirectories(tmp.resolve("assets"));
    Map<String, String> env = new HashMap<>(newBucketEnvironment());
    env.put("ASSETS_DIR", assetsDir.toString());
    env.put("ASSETS_STORAGE_TIMEOUT_S", "60");
    environment = Map.copyOf(env);
  }

  protected AssetsSettings settings(Map<String, String> env) {
    return AssetsSettings.builder().environment(env).build();
  }

  protected RemoteAssetsStore store() {
    return RemoteAssetsStore.builder().settings(settings(environment)).build();
  }

  protected AssetsManager manager() {
    return manager(environment);
  }

  protected AssetsManager manager(Map<String, String> env) {
    return AssetsManager.builder().settings(settings(env)).build();
  }

  // ---- concurrent publishers

  @Test
  void eightPublisherProcesses_fiveUpdatesEach_getFortyDistinctIntactVersions() throws Exception {
    try (RemoteAssetsStore store = store()) {
      store.create(Files.writeString(tmp.resolve("first"), "first"), "race", false);
    }
    List<Process> children = new ArrayList<>();
    for (int p = 0; p < 8; p++) {
      children.add(ChildProcesses.start(environment, "update", "race", "5", "process-" + p));
    }
    Map<String, String> pushed = new HashMap<>();
    for (Process child : children) {
      for (String line : ChildProcesses.linesOfSuccess(child)) {
        if (line.startsWith("PUSHED ")) {
          String[] parts = line.split(" ", 3);
          assertNull(pushed.put(parts[1], parts[2]), "version " + parts[1] + " given twice");
        }
      }
    }
    assertEquals(40, pushed.size());
    try (RemoteAssetsStore store = store();
        AssetsManager manager = manager()) {
      if (!atomicIndexUpdates()) {
        store.repair("race", false);
      }
      List<String> versions = store.versions("race");
      assertEquals(41, versions.size(), "indexed: " + versions);
      assertTrue(versions.containsAll(pushed.keySet()));
      for (Map.Entry<String, String> entry : pushed.entrySet()) {
        assertEquals(
            entry.getValue(), Files.readString(manager.fetchAsset("race:" + entry.getKey())));
      }
    }
  }

  // ---- concurrent fetchers

  @Test
  void sixteenFetchers_threadsAndProcesses_downloadOnce_andAgree() throws Exception {
    Path source = tmp.resolve("src");
    for (int i = 0; i < 50; i++) {
      write(source.resolve("d" + (i % 3) + "/f" + i), "file " + i);
    }
    try (RemoteAssetsStore store = store()) {
      store.create(source, "shared", false);
    }
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      children.add(ChildProcesses.start(environment, "fetch", "shared:0.0"));
    }
    int downloads = 0;
    Set<String> paths = new HashSet<>();
    try (AssetsManager manager = manager()) {
      List<CompletableFuture<FetchResult>> threads = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        threads.add(CompletableFuture.supplyAsync(() -> manager.fetch("shared:0.0", false)));
      }
      for (CompletableFuture<FetchResult> thread : threads) {
        FetchResult result = thread.get(300, TimeUnit.SECONDS);
        downloads += result.fromCache() ? 0 : 1;
        paths.add(result.path().toString());
      }
    }
    for (Process child : children) {
      List<String> fetched =
          ChildProcesses.linesOfSuccess(child).stream()
              .filter(l -> l.startsWith("FETCHED "))
              .toList();
      String[] parts = fetched.get(0).split(" ", 3);
      downloads += Boolean.parseBoolean(parts[1]) ? 0 : 1;
      paths.add(parts[2]);
    }
    assertEquals(1, downloads, "one download among sixteen fetchers");
    assertEquals(Set.of(assetsDir.resolve("shared/0.0").toString()), paths);
    assertEquals("file 42", Files.readString(assetsDir.resolve("shared/0.0/d0/f42")));
  }

  // ---- kills

  @Test
  void fetchingProcessesKilledAtRandomMoments_neverLeaveAPartialVersion() throws Exception {
    Path source = tmp.resolve("src");
    int files = 120;
    for (int i = 0; i < files; i++) {
      write(source.resolve("f" + i), ("content " + i + " ").repeat(4000));
    }
    try (RemoteAssetsStore store = store()) {
      store.create(source, "big", false);
    }
    Random random = new Random(17);
    Path version = assetsDir.resolve("big/0.0");
    for (int run = 0; run < killRuns(); run++) {
      deleteRecursively(assetsDir.resolve("big"));
      Process child = ChildProcesses.start(environment, "fetch", "big:0.0");
      ChildProcesses.awaitLine(child, "START");
      Thread.sleep(random.nextInt(1500));
      ChildProcesses.kill(child);
      if (Files.exists(version)) {
        assertTrue(
            Files.exists(version.resolve(".SUCCESS")), "run " + run + ": version without marker");
        assertComplete(version, files);
      }
      try (AssetsManager manager = manager()) {
        assertEquals(version, manager.fetchAsset("big:0.0"));
      }
      assertComplete(version, files);
    }
  }

  @Test
  void publishingProcessesKilledAtRandomMoments_leaveAConsistentRepairableStore() throws Exception {
    Path source = tmp.resolve("src");
    int files = 120;
    for (int i = 0; i < files; i++) {
      write(source.resolve("f" + i), ("content " + i + " ").repeat(4000));
    }
    try (RemoteAssetsStore store = store()) {
      store.create(Files.writeString(tmp.resolve("first"), "first"), "pub", false);
    }
    Random random = new Random(23);
    for (int run = 0; run < killRuns(); run++) {
      Process child = ChildProcesses.start(environment, "push", "pub", source.toString());
      ChildProcesses.awaitLine(child, "START");
      Thread.sleep(random.nextInt(2500));
      ChildProcesses.kill(child);
      try (RemoteAssetsStore store = store();
          AssetsManager manager = manager()) {
        RepairReport report = store.repair("pub", false);
        for (String v : report.versions()) {
          Path fetched = manager.fetchAsset("pub:" + v);
          if (!v.equals("0.0")) {
            assertComplete(fetched, files);
          }
        }
      }
    }
    try (RemoteAssetsStore store = store()) {
      String next =
          store
              .update(Files.writeString(tmp.resolve("after"), "after"), "pub", false, false)
              .version();
      assertTrue(store.versions("pub").contains(next));
    }
  }

  // ---- injected faults

  @Test
  void transientFaults_areRetried_andTheFetchCompletes() throws Exception {
    assumeTrue(serverAddress().isPresent(), "no network between driver and store");
    publishSmallDirectory("faulty");
    for (Fault fault : List.of(Fault.RESET, Fault.HTTP_503, Fault.HTTP_500)) {
      deleteRecursively(assetsDir.resolve("faulty"));
      try (FaultProxy proxy = FaultProxy.start(serverAddress().get(), everyThird(fault));
          AssetsManager manager = manager(throughProxy(environment, proxy.port()))) {
        Path fetched = manager.fetchAsset("faulty:0.0");
        assertEquals("file 3", Files.readString(fetched.resolve("f3")), "under " + fault);
        assertTrue(proxy.connections() > 1, "the faults were exercised: " + fault);
      }
    }
  }

  @Test
  void stalledServer_hitsTheDeadline_withAClearError() throws Exception {
    assumeTrue(serverAddress().isPresent(), "no network between driver and store");
    publishSmallDirectory("stalled");
    Map<String, String> env = new HashMap<>(environment);
    env.put("ASSETS_STORAGE_TIMEOUT_S", "3");
    try (FaultProxy proxy = FaultProxy.start(serverAddress().get(), n -> Fault.STALL)) {
      long start = System.nanoTime();
      AssetsException e;
      try (AssetsManager manager = manager(throughProxy(env, proxy.port()))) {
        e = assertThrows(AssetsException.class, () -> manager.fetchAsset("stalled:0.0"));
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertEquals(ErrorKind.UNAVAILABLE, e.kind(), e.getMessage());
      assertTrue(seconds < 60, "gave up after " + seconds + " s");
      assertFalse(Files.exists(assetsDir.resolve("stalled/0.0")));
    }
  }

  @Test
  void truncatedDownloads_areNeverInstalled() throws Exception {
    assumeTrue(serverAddress().isPresent(), "no network between driver and store");
    publishSmallDirectory("cut");
    try (FaultProxy proxy = FaultProxy.start(serverAddress().get(), everyThird(Fault.TRUNCATE));
        AssetsManager manager = manager(throughProxy(environment, proxy.port()))) {
      Path fetched = manager.fetchAsset("cut:0.0");
      for (int i = 0; i < 10; i++) {
        assertEquals("file " + i, Files.readString(fetched.resolve("f" + i)));
      }
    }
  }

  @Test
  void accessDenied_isReportedAtOnce_notRetried() throws Exception {
    publishSmallDirectory("guarded");
    Optional<Map<String, String>> bad = withBadCredentials(environment);
    assumeTrue(bad.isPresent(), "backend has no credentials to get wrong");
    Map<String, String> env = new HashMap<>(bad.get());
    env.put("ASSETS_STORAGE_TIMEOUT_S", "120");
    long start = System.nanoTime();
    try (AssetsManager manager = manager(env)) {
      AssetsException e = assertThrows(AssetsException.class, () -> manager.fetchAsset("guarded"));
      assertEquals(ErrorKind.ACCESS_DENIED, e.kind(), e.getMessage());
      assertFalse(e.getMessage().contains("gave up"), "not retried: " + e.getMessage());
    }
    assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 30);
  }

  // ---- helpers

  private void publishSmallDirectory(String name) throws IOException {
    Path source = tmp.resolve("small-" + name);
    for (int i = 0; i < 10; i++) {
      write(source.resolve("f" + i), "file " + i);
    }
    try (RemoteAssetsStore store = store()) {
      store.create(source, name, false);
    }
  }

  private static IntFunction<Fault> everyThird(Fault fault) {
    return n -> n % 3 == 0 ? fault : Fault.PASS;
  }

  private static void assertComplete(Path version, int files) throws IOException {
    for (int i = 0; i < files; i += 11) {
      assertEquals(("content " + i + " ").repeat(4000), Files.readString(version.resolve("f" + i)));
    }
    try (Stream<Path> children = Files.list(version)) {
      assertEquals(files + 1, children.count(), "files and marker in " + version);
    }
    assertNotEquals(0, Files.size(version.resolve("f0")));
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
