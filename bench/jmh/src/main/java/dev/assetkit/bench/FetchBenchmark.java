package dev.assetkit.bench;

import dev.assetkit.AssetsManager;
import dev.assetkit.AssetsSettings;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.driver.local.LocalStorageDriverProvider;
import dev.assetkit.spi.StorageDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Figure 1: a cached pinned {@code fetchAsset} in-process, against its baseline {@code
 * Files.exists} of the same path (the least a cache check on disk could do). Both run in the same
 * JMH invocation, forks interleaved by JMH's ordering, so their ratio holds on a noisy machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FetchBenchmark {
  private Path root;
  private StorageDriver driver;
  private AssetsManager manager;
  private Path cached;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    root = Files.createTempDirectory("assetkit-jmh");
    Path source = Files.writeString(root.resolve("w.bin"), "weights");
    driver = LocalStorageDriverProvider.open(Files.createDirectories(root.resolve("bucket")));
    AssetsSettings settings =
        AssetsSettings.builder()
            .environment(Map.of())
            .assetsDir(Files.createDirectories(root.resolve("assets")))
            .build();
    try (RemoteAssetsStore store =
        RemoteAssetsStore.builder().settings(settings).driver(driver).build()) {
      store.create(source, "bench/model", false);
    }
    manager = AssetsManager.builder().settings(settings).driver(driver).build();
    cached = manager.fetchAsset("bench/model:0.0");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    manager.close();
    driver.close();
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Figure 1. */
  @Benchmark
  public Path fetchCachedPinned() {
    return manager.fetchAsset("bench/model:0.0");
  }

  /**
   * Figure 1 without the in-memory memo of pinned paths: {@code fetch} parses the spec and checks
   * the cache on disk each call.
   */
  @Benchmark
  public Path fetchCachedPinnedOnDisk() {
    return manager.fetch("bench/model:0.0", false).path();
  }

  /** Baseline of figure 1: one stat of the cached path. */
  @Benchmark
  public boolean baselineFilesExists() {
    return Files.exists(cached);
  }
}
