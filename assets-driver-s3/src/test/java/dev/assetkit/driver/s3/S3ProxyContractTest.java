package dev.assetkit.driver.s3;

import static org.junit.jupiter.api.Assumptions.abort;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverContract;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The driver contract against S3Proxy (or the server named by {@code S3_ENDPOINT}), one fresh
 * bucket per test.
 */
@ExtendWith(S3ProxyExtension.class)
class S3ProxyContractTest extends StorageDriverContract {

  /**
   * Skips the if-tag-matches race on S3Proxy only. The contract's test methods are package-private
   * in {@code dev.assetkit.spi}, so a subclass here cannot override one: this interceptor does what
   * the override would, an assumption with the reason, before the test body runs.
   */
  @RegisterExtension
  static final InvocationInterceptor IF_MATCH_RACE_ON_S3PROXY =
      new InvocationInterceptor() {
        @Override
        public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
          if (invocationContext
                  .getExecutable()
                  .getName()
                  .equals("ifTagMatches_race_hasExactlyOneWinner")
              && S3ProxyExtension.server().isS3Proxy()) {
            invocation.skip();
            abort(
                "S3Proxy 4.1.0 checks If-Match and then writes, not atomically: several writers"
                    + " holding one ETag were measured to win the race; real S3 and MinIO apply it"
                    + " atomically, and the MinIO cross-check runs this test");
          }
          invocation.proceed();
        }
      };

  private final List<String> buckets = new ArrayList<>();

  private S3TestServer server() {
    return S3ProxyExtension.server();
  }

  /** Variables set on top of the server's environment for every driver of the suite. */
  Map<String, String> settings() {
    return Map.of();
  }

  private StorageDriver driver(String bucket, Map<String, String> changes) {
    Map<String, String> all = new HashMap<>(settings());
    all.putAll(changes);
    return server().driver(DriverConfig.of(bucket, server().environment(all)), List.of());
  }

  @Override
  protected StorageDriver newDriver() {
    String bucket = server().createBucket();
    buckets.add(bucket);
    return driver(bucket, Map.of());
  }

  @AfterEach
  void deleteBuckets() {
    buckets.forEach(server()::deleteBucket);
  }

  @Override
  protected Optional<StorageDriver> driverWithBadCredentials() {
    String bucket = server().createBucket();
    buckets.add(bucket);
    return Optional.of(driver(bucket, Map.of("AWS_SECRET_ACCESS_KEY", "not-the-secret")));
  }

  @Override
  protected Optional<StorageDriver> driverOnMissingBucket() {
    return Optional.of(driver(server().missingBucket(), Map.of()));
  }

  @Override
  protected Optional<StorageDriver> driverOnUnreachableServer() {
    int closedPort = S3ProxyExtension.freePort();
    DriverConfig config =
        new DriverConfig(
            "any-bucket",
            server().environment(Map.of("S3_ENDPOINT", "http://127.0.0.1:" + closedPort)),
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
