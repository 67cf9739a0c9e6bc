package dev.assetkit.driver.s3;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.testing.AssetsEngineContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The engines end to end on the S3 driver and S3Proxy, a fresh bucket per test. */
@ExtendWith(S3ProxyExtension.class)
class S3EnginesTest extends AssetsEngineContract {
  private final List<String> buckets = new ArrayList<>();

  @Override
  protected StorageDriver newDriver() {
    S3TestServer server = S3ProxyExtension.server();
    String bucket = server.createBucket();
    buckets.add(bucket);
    return server.driver(
        server.config(bucket, DriverConfig.DEFAULT_PARALLELISM, DriverConfig.DEFAULT_PART_SIZE),
        List.of());
  }

  @AfterEach
  void deleteBuckets() {
    buckets.forEach(S3ProxyExtension.server()::deleteBucket);
    buckets.clear();
  }
}
