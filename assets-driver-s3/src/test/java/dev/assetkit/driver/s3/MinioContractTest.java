package dev.assetkit.driver.s3;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverContract;
import dev.assetkit.testing.Emulators;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.testcontainers.containers.MinIOContainer;

/**
 * Cross-check: the whole driver contract against MinIO, whose conditional writes (both of them) are
 * atomic, so the if-tag-matches race runs here. Needs a Docker engine; skipped without one, on CI
 * too (there is none there).
 */
class MinioContractTest extends StorageDriverContract {
  private static final String IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

  private static MinIOContainer minio;
  private static S3TestServer server;

  private final List<String> buckets = new ArrayList<>();

  private static Boolean dockerAvailable;

  /**
   * MinIO, started on first use. The assumption runs per test (from {@link #newDriver()}), so that
   * without Docker every test shows as skipped with the reason rather than the class vanishing.
   */
  private static synchronized S3TestServer server() {
    if (dockerAvailable == null) {
      dockerAvailable = Emulators.dockerAvailable();
    }
    assumeTrue(dockerAvailable, "no Docker engine: the MinIO cross-check is skipped");
    if (server == null) {
      minio = new MinIOContainer(IMAGE);
      minio.start();
      URI endpoint = URI.create(minio.getS3URL());
      server =
          new S3TestServer(
              "MinIO " + IMAGE + " at " + endpoint,
              endpoint,
              S3TestServer.environmentFor(endpoint, minio.getUserName(), minio.getPassword()),
              false,
              minio::stop);
    }
    return server;
  }

  @AfterAll
  static synchronized void stopMinio() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  protected StorageDriver newDriver() {
    String bucket = server().createBucket();
    buckets.add(bucket);
    return server().driver(bucket);
  }

  @AfterEach
  void deleteBuckets() {
    if (!buckets.isEmpty()) {
      buckets.forEach(server()::deleteBucket);
    }
  }

  @Override
  protected Optional<StorageDriver> driverWithBadCredentials() {
    String bucket = server().createBucket();
    buckets.add(bucket);
    return Optional.of(
        server()
            .driver(
                DriverConfig.of(
                    bucket,
                    server().environment(Map.of("AWS_SECRET_ACCESS_KEY", "not-the-secret"))),
                List.of()));
  }

  @Override
  protected Optional<StorageDriver> driverOnMissingBucket() {
    return Optional.of(server().driver(server().missingBucket()));
  }

  @Override
  protected Optional<StorageDriver> driverOnUnreachableServer() {
    DriverConfig config =
        new DriverConfig(
            "any-bucket",
            server()
                .environment(
                    Map.of("S3_ENDPOINT", "http://127.0.0.1:" + S3ProxyExtension.freePort())),
            Duration.ofSeconds(3),
            DriverConfig.DEFAULT_PARALLELISM,
            DriverConfig.DEFAULT_PART_SIZE);
    return Optional.of(server().driver(config, List.of()));
  }

  @Override
  protected boolean refusesOversizedReadsUnread() {
    return true;
  }
}
