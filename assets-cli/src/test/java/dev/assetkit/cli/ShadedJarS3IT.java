package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.assetkit.driver.s3.S3ProxyExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar against S3 (S3Proxy on loopback, started as in assets-driver-s3): what the jar
 * merges of the AWS SDK (service files, interceptors, the Apache 5 client) is enough for every
 * request kind a push and a fetch make, multipart upload and ranged download included.
 */
@ExtendWith(S3ProxyExtension.class)
class ShadedJarS3IT {
  @TempDir Path tmp;

  private Map<String, String> env(String bucket) {
    Map<String, String> env = new HashMap<>(S3ProxyExtension.server().environment());
    env.put("ASSETS_STORAGE_PROVIDER", "s3");
    env.put("ASSETS_STORAGE_BUCKET", bucket);
    env.put("ASSETS_DIR", tmp.resolve("assets").toString());
    env.put("ASSETS_TRANSFER_PART_SIZE_MB", "5");
    return env;
  }

  @Test
  void jar_pushesListsAndFetchesThroughS3_bigFileAndFolder() throws Exception {
    Map<String, String> env = env(S3ProxyExtension.server().createBucket());
    // 12 MiB in 5 MiB parts: a multipart upload, and a download in three ranges.
    JarProcess.pushListAndFetch(env, tmp, 12 << 20, 11);
  }

  @Test
  void jar_wrongSecret_isOneLineWithExitCode7() throws Exception {
    Map<String, String> env = env(S3ProxyExtension.server().createBucket());
    env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
    Run run = JarProcess.assets(env, tmp, "fetch", "w:0.0");
    assertEquals(7, run.exitCode(), run::toString);
    assertEquals(1, run.err().split("\n").length, run.err());
  }
}
