package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.assetkit.driver.azure.AzuriteExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
    // 10 MiB in 4 MiB parts: a staged block upload, and a download in three ranges.
    JarProcess.pushListAndFetch(env(), tmp, 10 << 20, 13);
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
