package dev.assetkit.bench;

import dev.assetkit.AssetsManager;
import dev.assetkit.AssetsSettings;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.driver.local.LocalStorageDriverProvider;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.testing.CountingStorageDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Figure 8: the requests that reach the store per fetch, counted by {@link CountingStorageDriver}
 * (from assets-core's test-jar) around the local driver. Prints one tab-separated line per case:
 * case, expected, counted.
 */
public final class RequestCounts {
  private RequestCounts() {}

  public static void main(String[] args) throws Exception {
    Path root = Files.createTempDirectory("assetkit-counts");
    Path source = Files.writeString(root.resolve("w.bin"), "weights");
    try (StorageDriver raw =
        LocalStorageDriverProvider.open(Files.createDirectories(root.resolve("bucket")))) {
      CountingStorageDriver driver = new CountingStorageDriver(raw);
      AssetsSettings settings =
          AssetsSettings.builder()
              .environment(Map.of())
              .assetsDir(Files.createDirectories(root.resolve("assets")))
              .build();
      try (RemoteAssetsStore store =
          RemoteAssetsStore.builder().settings(settings).driver(driver).build()) {
        store.create(source, "bench/model", false);
      }
      try (AssetsManager manager =
          AssetsManager.builder().settings(settings).driver(driver).build()) {
        driver.reset();
        manager.fetchAsset("bench/model:0.0");
        print("cold pinned fetch (reference)", "-", driver.total());
        driver.reset();
        manager.fetchAsset("bench/model:0.0");
        print("cached pinned fetch", "0", driver.total());
        driver.reset();
        manager.fetchAsset("bench/model");
        print("cached unpinned fetch", "1", driver.total());
      }
    }
  }

  private static void print(String name, String expected, int counted) {
    System.out.println(name + "\t" + expected + "\t" + counted);
  }
}
