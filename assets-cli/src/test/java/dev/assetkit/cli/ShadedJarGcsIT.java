package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.driver.gcs.fake.FakeGcsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar against GCS (the in-process JSON API fake on loopback): the jar leaves out the GCS
 * client's gRPC transport (see assets-driver-gcs/pom.xml), so this checks that what it keeps is all
 * the HTTP path needs, through every request kind a push and a fetch make.
 */
class ShadedJarGcsIT {
  private static final String BUCKET = "jar-bucket";
  private static FakeGcsServer gcs;

  @TempDir Path tmp;

  @BeforeAll
  static void startFake() throws Exception {
    gcs = FakeGcsServer.start();
    gcs.createBucket(BUCKET);
  }

  @AfterAll
  static void stopFake() {
    gcs.close();
  }

  private Map<String, String> env() {
    return Map.of(
        "ASSETS_STORAGE_PROVIDER",
        "gcs",
        "ASSETS_STORAGE_BUCKET",
        BUCKET,
        "STORAGE_EMULATOR_HOST",
        gcs.hostAndPort(),
        "ASSETS_DIR",
        tmp.resolve("assets").toString());
  }

  @Test
  void jar_pushesListsAndFetchesThroughGcs_bigFileAndFolder() throws Exception {
    // 20 MiB: above the single-request upload limit (resumable session) and split into ranges.
    byte[] big = new byte[20 << 20];
    new Random(9).nextBytes(big);
    Path file = Files.write(tmp.resolve("weights.bin"), big);
    Path folder = Files.createDirectories(tmp.resolve("vocab/sub"));
    Files.writeString(folder.resolve("a.txt"), "alpha", StandardCharsets.UTF_8);
    Files.writeString(tmp.resolve("vocab/b.txt"), "beta", StandardCharsets.UTF_8);

    Run pushFile = JarProcess.assets(env(), tmp, "new", file.toString(), "w", "-y", "-q");
    assertEquals(0, pushFile.exitCode(), pushFile::toString);
    Run pushFolder =
        JarProcess.assets(env(), tmp, "new", tmp.resolve("vocab").toString(), "v", "-y", "-q");
    assertEquals(0, pushFolder.exitCode(), pushFolder::toString);
    Run update =
        JarProcess.assets(env(), tmp, "update", tmp.resolve("vocab").toString(), "v", "-y", "-q");
    assertEquals(0, update.exitCode(), update::toString);

    Run list = JarProcess.assets(env(), tmp, "list");
    assertEquals(0, list.exitCode(), list::toString);
    assertTrue(list.out().contains("v") && list.out().contains("0.1"), list.out());

    Run fetchFile = JarProcess.assets(env(), tmp, "fetch", "w");
    assertEquals(0, fetchFile.exitCode(), fetchFile::toString);
    assertArrayEquals(big, Files.readAllBytes(Path.of(fetchFile.out().strip())));

    Run fetchSub = JarProcess.assets(env(), tmp, "fetch", "v:0.1[sub/a.txt]");
    assertEquals(0, fetchSub.exitCode(), fetchSub::toString);
    assertEquals("alpha", Files.readString(Path.of(fetchSub.out().strip())));
    assertEquals("", fetchSub.err());
  }

  @Test
  void jar_missingBucket_isOneLineWithExitCode3() throws Exception {
    Map<String, String> env = new HashMap<>(env());
    env.put("ASSETS_STORAGE_BUCKET", "no-such-bucket");
    Run run = JarProcess.assets(env, tmp, "fetch", "w:0.0");
    assertEquals(3, run.exitCode(), run::toString);
    assertEquals(1, run.err().split("\n").length, run.err());
  }
}
