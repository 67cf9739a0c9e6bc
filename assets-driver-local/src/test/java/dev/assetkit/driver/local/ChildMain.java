package dev.assetkit.driver.local;

import dev.assetkit.AssetsManager;
import dev.assetkit.AssetsSettings;
import dev.assetkit.FetchResult;
import dev.assetkit.PushResult;
import dev.assetkit.RemoteAssetsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A separate JVM for the multi-process tests: fetches or publishes through the real engines and the
 * local driver found by ServiceLoader, printing one line per result.
 *
 * <pre>
 * fetch  ASSETS_DIR BUCKET SPEC
 * update ASSETS_DIR BUCKET NAME COUNT TAG   (pushes COUNT file versions with content "TAG i")
 * push   ASSETS_DIR BUCKET NAME SOURCE      (one update of SOURCE)
 * </pre>
 */
public final class ChildMain {
  private ChildMain() {}

  /** Runs one mode; exits non-zero on failure. */
  public static void main(String[] args) throws Exception {
    AssetsSettings settings =
        AssetsSettings.builder()
            .environment(Map.of())
            .assetsDir(Path.of(args[1]))
            .storageProvider("local")
            .bucket(args[2])
            .build();
    System.out.println("START");
    System.out.flush();
    switch (args[0]) {
      case "fetch" -> {
        try (AssetsManager manager = AssetsManager.builder().settings(settings).build()) {
          FetchResult result = manager.fetch(args[3], false);
          System.out.println("FETCHED " + result.fromCache() + " " + result.path());
        }
      }
      case "update" -> {
        int count = Integer.parseInt(args[4]);
        Path sources = Files.createTempDirectory("child-sources");
        try (RemoteAssetsStore store = RemoteAssetsStore.builder().settings(settings).build()) {
          for (int i = 0; i < count; i++) {
            Path file = Files.writeString(sources.resolve("v" + i), args[5] + " " + i);
            PushResult result = store.update(file, args[3], false, false);
            System.out.println("PUSHED " + result.version() + " " + args[5] + " " + i);
          }
        }
      }
      case "push" -> {
        try (RemoteAssetsStore store = RemoteAssetsStore.builder().settings(settings).build()) {
          PushResult result = store.update(Path.of(args[4]), args[3], false, false);
          System.out.println("PUSHED " + result.version());
        }
      }
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }
}
