package dev.assetkit.driver.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Error reasons and messages from a real server: wrong credentials and a missing bucket. */
@ExtendWith(S3ProxyExtension.class)
class S3ProxyErrorsTest {
  private static final String WRONG_SECRET = "wrong-secret-never-to-be-printed";

  @TempDir Path tmp;

  private final S3TestServer server = S3ProxyExtension.server();

  private StorageDriver driver(String bucket, Map<String, String> changes) {
    return server.driver(DriverConfig.of(bucket, server.environment(changes)), List.of());
  }

  @Test
  void unknownAccessKeyId_isAccessDenied_namingBucketAndCredentialSource() {
    String bucket = server.createBucket();
    try (StorageDriver driver = driver(bucket, Map.of("AWS_ACCESS_KEY_ID", "unknown-key-id"))) {
      StorageException e =
          assertThrows(
              StorageException.class, () -> driver.write("k", new byte[1], Condition.none()));
      assertEquals(StorageException.Reason.ACCESS_DENIED, e.reason(), e.getMessage());
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("bucket '" + bucket + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("environment AWS_ACCESS_KEY_ID"), e.getMessage());
    } finally {
      server.deleteBucket(bucket);
    }
  }

  @Test
  void wrongSecret_isAccessDenied_onEveryOperation_andNeverPrinted() throws IOException {
    String bucket = server.createBucket();
    Path file = Files.write(tmp.resolve("f"), new byte[10]);
    try (StorageDriver driver = driver(bucket, Map.of("AWS_SECRET_ACCESS_KEY", WRONG_SECRET))) {
      List<Consumer<StorageDriver>> operations =
          List.of(
              d -> d.stat("k"),
              d -> d.read("k"),
              d -> d.download("k", tmp.resolve("target")),
              d -> d.upload("k", file, Condition.ifAbsent()),
              d -> d.write("k", new byte[1], Condition.none()),
              d -> d.delete("k"),
              d -> {
                try (Stream<?> listing = d.list("")) {
                  listing.count();
                }
              });
      for (Consumer<StorageDriver> operation : operations) {
        StorageException e = assertThrows(StorageException.class, () -> operation.accept(driver));
        assertEquals(StorageException.Reason.ACCESS_DENIED, e.reason(), e.getMessage());
        assertFalse(e.getMessage().contains(WRONG_SECRET), e.getMessage());
        assertFalse(e.getMessage().contains(S3ProxyExtension.CREDENTIAL), e.getMessage());
      }
      assertFalse(Files.exists(tmp.resolve("target")));
    } finally {
      server.deleteBucket(bucket);
    }
  }

  @Test
  void missingBucket_isBucketNotFound_onEveryOperation() throws IOException {
    String bucket = server.missingBucket();
    Path file = Files.write(tmp.resolve("f"), new byte[10]);
    try (StorageDriver driver = driver(bucket, Map.of())) {
      List<Consumer<StorageDriver>> operations =
          List.of(
              d -> d.stat("k"),
              d -> d.read("k"),
              d -> d.download("k", tmp.resolve("target")),
              d -> d.upload("k", file, Condition.none()),
              d -> d.write("k", new byte[1], Condition.ifAbsent()),
              d -> d.delete("k"),
              d -> {
                try (Stream<?> listing = d.list("p/")) {
                  listing.count();
                }
              });
      for (Consumer<StorageDriver> operation : operations) {
        StorageException e = assertThrows(StorageException.class, () -> operation.accept(driver));
        assertEquals(StorageException.Reason.BUCKET_NOT_FOUND, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + bucket + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("ASSETS_STORAGE_BUCKET"), e.getMessage());
      }
      assertFalse(Files.exists(tmp.resolve("target")));
    }
  }

  @Test
  void closedDriver_refusesWork() {
    String bucket = server.createBucket();
    try {
      StorageDriver driver = driver(bucket, Map.of());
      driver.close();
      StorageException e = assertThrows(StorageException.class, () -> driver.stat("k"));
      assertTrue(e.getMessage().contains("closed"), e.getMessage());
    } finally {
      server.deleteBucket(bucket);
    }
  }
}
