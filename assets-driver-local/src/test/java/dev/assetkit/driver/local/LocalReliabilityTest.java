package dev.assetkit.driver.local;

import dev.assetkit.testing.ReliabilityContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Concurrent processes and kills on a folder store (no network: no injected faults). */
class LocalReliabilityTest extends ReliabilityContract {
  @Override
  protected Map<String, String> newBucketEnvironment() throws Exception {
    Path bucket = Files.createDirectories(tmp.resolve("bucket"));
    return Map.of("ASSETS_STORAGE_PROVIDER", "local", "ASSETS_STORAGE_BUCKET", bucket.toString());
  }
}
