package dev.assetkit.driver.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.AssetsException;
import dev.assetkit.AssetsManager;
import dev.assetkit.ErrorKind;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.testing.AssetsEngineContract;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The engines end to end on a real folder store. */
class LocalEnginesTest extends AssetsEngineContract {
  private Path bucket;

  @Override
  protected StorageDriver newDriver() throws Exception {
    bucket = Files.createDirectories(tmp.resolve("bucket"));
    return LocalStorageDriverProvider.open(bucket);
  }

  @Test
  void hugeMeta_isRefused_andNothingIsInstalled() throws Exception {
    Path assetDir = Files.createDirectories(bucket.resolve(PREFIX).resolve("huge"));
    Files.writeString(bucket.resolve(PREFIX).resolve("huge.versions"), "{\"versions\": [\"0.0\"]}");
    // A syntactically plausible meta of 65 MiB: larger than any real one.
    try (OutputStream out = Files.newOutputStream(assetDir.resolve("0.0.meta"))) {
      out.write(
          "{\"push_date\": \"2021-01-01T00:00:00+00:00\", \"is_directory\": true, \"contents\": [\""
              .getBytes(StandardCharsets.US_ASCII));
      byte[] block = "a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 65; i++) {
        out.write(block);
      }
      out.write("\"]}".getBytes(StandardCharsets.US_ASCII));
    }
    try (AssetsManager manager = manager()) {
      AssetsException e = assertThrows(AssetsException.class, () -> manager.fetchAsset("huge"));
      assertEquals(ErrorKind.INTEGRITY, e.kind());
      assertTrue(e.getMessage().contains("larger than any real meta"), e.getMessage());
      // Refused from its size, before 65 MiB were loaded into a test heap of 256 MiB.
      assertTrue(e.getMessage().contains("it was not read"), e.getMessage());
    }
    assertFalse(Files.exists(assetsDir.resolve("huge/0.0")));
  }
}
