package dev.assetkit.driver.s3;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh S3Proxy bucket for each test, and drivers on it whose requests {@link #recorder} sees as
 * each driver hands them, signed, to its HTTP client. Every driver a test opens is closed after it.
 */
@ExtendWith(S3ProxyExtension.class)
abstract class RecordedBucketTest {
  @TempDir Path tmp;

  S3TestServer server;
  String bucket;
  RecordingInterceptor recorder;
  private final List<StorageDriver> opened = new ArrayList<>();

  @BeforeEach
  void createBucket() {
    server = S3ProxyExtension.server();
    bucket = server.createBucket();
    recorder = new RecordingInterceptor();
  }

  @AfterEach
  void closeDriversAndDeleteBucket() {
    opened.forEach(StorageDriver::close);
    server.deleteBucket(bucket);
  }

  /**
   * A recorded driver on the bucket, with 4 transfer threads.
   *
   * @param changes variables changed from the server's environment (a null value removes one)
   */
  StorageDriver openDriver(Map<String, String> changes, Duration timeout, long partSize) {
    return openDriver(changes, timeout, partSize, 4);
  }

  /** As above, with {@code parallelism} transfer threads. */
  StorageDriver openDriver(
      Map<String, String> changes, Duration timeout, long partSize, int parallelism) {
    StorageDriver driver =
        server.driver(
            new DriverConfig(bucket, server.environment(changes), timeout, parallelism, partSize),
            List.of(recorder));
    opened.add(driver);
    return driver;
  }
}
