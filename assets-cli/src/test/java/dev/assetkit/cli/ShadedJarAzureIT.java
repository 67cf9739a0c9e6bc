package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.driver.azure.AzuriteExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar against Azure Blob Storage (Azurite from npm, started as in assets-driver-azure):
 * what the jar merges of the Azure SDK (its Netty HTTP client, Reactor, service files) is enough
 * for every request kind a push and a fetch make, block upload and ranged download included.
 */
class ShadedJarAzureIT {
  @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();

  @TempDir Path tmp;

  private Map<String, String> env() {
    String container = "jar-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    AZURITE.account().serviceClient().createBlobContainer(container);
    Map<String, String> env = new HashMap<>(AZURITE.account().environment());
    env.put("ASSETS_STORAGE_PROVIDER", "az");
    env.put("ASSETS_STORAGE_BUCKET", container);
    env.put("ASSETS_DIR", tmp.resolve("assets").toString());
    env.put("ASSETS_TRANSFER_PART_SIZE_MB", "4");
    return env;
  }

  @Test
  void jar_pushesListsAndFetchesThroughAzure_bigFileAndFolder() throws Exception {
    Map<String, String> env = env();
    // 10 MiB in 4 MiB parts: a staged block upload, and a download in three ranges.
    byte[] big = new byte[10 << 20];
    new Random(13).nextBytes(big);
    Path file = Files.write(tmp.resolve("weights.bin"), big);
    Path folder = Files.createDirectories(tmp.resolve("vocab/sub"));
    Files.writeString(folder.resolve("a.txt"), "alpha", StandardCharsets.UTF_8);
    Files.writeString(tmp.resolve("vocab/b.txt"), "beta", StandardCharsets.UTF_8);

    Run pushFile = JarProcess.assets(env, tmp, "new", file.toString(), "w", "-y", "-q");
    assertEquals(0, pushFile.exitCode(), pushFile::toString);
    Run pushFolder =
        JarProcess.assets(env, tmp, "new", tmp.resolve("vocab").toString(), "v", "-y", "-q");
    assertEquals(0, pushFolder.exitCode(), pushFolder::toString);
    Run update =
        JarProcess.assets(env, tmp, "update", tmp.resolve("vocab").toString(), "v", "-y", "-q");
    assertEquals(0, update.exitCode(), update::toString);

    Run list = JarProcess.assets(env, tmp, "list");
    assertEquals(0, list.exitCode(), list::toString);
    assertTrue(list.out().contains("v") && list.out().contains("0.1"), list.out());

    Run fetchFile = JarProcess.assets(env, tmp, "fetch", "w");
    assertEquals(0, fetchFile.exitCode(), fetchFile::toString);
    assertArrayEquals(big, Files.readAllBytes(Path.of(fetchFile.out().strip())));

    Run fetchSub = JarProcess.assets(env, tmp, "fetch", "v:0.1[sub/a.txt]");
    assertEquals(0, fetchSub.exitCode(), fetchSub::toString);
    assertEquals("alpha", Files.readString(Path.of(fetchSub.out().strip())));
    assertEquals("", fetchSub.err());
  }

  @Test
  void jar_missingContainer_isOneLineWithExitCode3() throws Exception {
    Map<String, String> env = env();
    env.put("ASSETS_STORAGE_BUCKET", "no-such-container");
    Run run = JarProcess.assets(env, tmp, "fetch", "w:0.0");
    assertEquals(3, run.exitCode(), run::toString);
    assertEquals(1, run.err().split("\n").length, run.err());
  }
}
