package dev.assetkit.testing;

import dev.assetkit.AssetsException;
import dev.assetkit.AssetsManager;
import dev.assetkit.FetchResult;
import dev.assetkit.PushResult;
import dev.assetkit.RemoteAssetsStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A separate JVM for multi-process tests, configured only by its environment ({@code ASSETS_*} and
 * the driver's own variables), as a deployed process would be. Prints one line per result.
 *
 * <pre>
 * fetch  SPEC               prints "FETCHED fromCache path"
 * update NAME COUNT TAG     pushes COUNT file versions "TAG i", prints "PUSHED version TAG i"
 * push   NAME SOURCE        one update of SOURCE, prints "PUSHED version"
 * </pre>
 *
 * Exits with the error kind's exit code on an {@link AssetsException}.
 */
public final class EngineChild {
  private EngineChild() {}

  /** Runs one mode. */
  public static void main(String[] args) throws Exception {
    System.out.println("START");
    System.out.flush();
    try {
      run(args);
    } catch (AssetsException e) {
      System.out.println("ERROR " + e.kind() + " " + e.getMessage());
      System.out.flush();
      System.exit(e.kind().exitCode());
    }
  }

  private static void run(String[] args) throws Exception {
    switch (args[0]) {
      case "fetch" -> {
        try (AssetsManager manager = AssetsManager.fromEnvironment()) {
          FetchResult result = manager.fetch(args[1], false);
          System.out.println("FETCHED " + result.fromCache() + " " + result.path());
        }
      }
      case "update" -> {
        int count = Integer.parseInt(args[2]);
        Path sources = Files.createTempDirectory("child-sources");
        try (RemoteAssetsStore store = RemoteAssetsStore.fromEnvironment()) {
          for (int i = 0; i < count; i++) {
            Path file = Files.writeString(sources.resolve("v" + i), args[3] + " " + i);
            try {
              PushResult result = store.update(file, args[1], false, false);
              System.out.println("PUSHED " + result.version() + " " + args[3] + " " + i);
              System.out.flush();
            } finally {
              Files.deleteIfExists(file);
            }
          }
        } finally {
          Files.deleteIfExists(sources); // a killed child leaves it, with at most one file
        }
      }
      case "push" -> {
        try (RemoteAssetsStore store = RemoteAssetsStore.fromEnvironment()) {
          PushResult result = store.update(Path.of(args[2]), args[1], false, false);
          System.out.println("PUSHED " + result.version());
        }
      }
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }
}
