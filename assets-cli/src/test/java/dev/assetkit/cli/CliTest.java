package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.assetkit.driver.local.LocalStorageDriverProvider;
import dev.assetkit.spi.StorageDriverProvider;
import dev.assetkit.spi.StorageDriverRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the black-box CLI tests: a local store in a temporary folder, an assets directory, a
 * working directory, and helpers to run commands against them.
 */
abstract class CliTest {
  @TempDir Path tmp;
  Path bucket;
  Path assets;
  Path work;

  @BeforeEach
  void folders() throws IOException {
    bucket = Files.createDirectories(tmp.resolve("bucket"));
    assets = Files.createDirectories(tmp.resolve("assets"));
    work = Files.createDirectories(tmp.resolve("work"));
  }

  /** The environment of a configured local store. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("ASSETS_STORAGE_PROVIDER", "local");
    env.put("ASSETS_STORAGE_BUCKET", bucket.toString());
    env.put("ASSETS_DIR", assets.toString());
    return env;
  }

  CliContext context() {
    return CliContext.of(env(), work).withTempDir(tmp.resolve("temp"));
  }

  /** Runs with the configured store (and only the local driver plus {@code extra}). */
  Run run(String... args) {
    return Run.of(context().withRegistry(registry()), args);
  }

  /** Runs with no environment at all: the store comes from the options only. */
  Run runWithOptions(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--provider",
            "local",
            "--bucket",
            bucket.toString(),
            "--assets-dir",
            assets.toString()));
    return Run.of(
        CliContext.of(Map.of(), work).withRegistry(registry()), all.toArray(String[]::new));
  }

  static StorageDriverRegistry registry(StorageDriverProvider... extra) {
    List<StorageDriverProvider> providers = new ArrayList<>();
    providers.add(new LocalStorageDriverProvider());
    providers.addAll(List.of(extra));
    return StorageDriverRegistry.of(providers);
  }

  /** A folder with two files (one in a sub-folder) to push. */
  Path sourceDir(String name, String a, String b) throws IOException {
    Path dir = work.resolve(name);
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("a.txt"), a, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("sub/b.txt"), b, StandardCharsets.UTF_8);
    return dir;
  }

  /** Pushes {@code versions} versions of {@code name} (0.0, 0.1, ...), each with its own bytes. */
  void pushVersions(String name, int versions) throws IOException {
    for (int i = 0; i < versions; i++) {
      Path source = sourceDir("src-" + name.replace('/', '-') + i, "a" + i, "b" + i);
      Run run = run(i == 0 ? "new" : "update", source.toString(), name, "-y");
      assertEquals(0, run.exitCode(), run::toString);
    }
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** A store object's path in the local bucket. */
  Path object(String key) {
    return bucket.resolve("modelkit-assets").resolve(key);
  }
}
