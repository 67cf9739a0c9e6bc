package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.assetkit.driver.gcs.fake.FakeGcsServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
    JarProcess.pushListAndFetch(env(), tmp, 20 << 20, 9);
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
