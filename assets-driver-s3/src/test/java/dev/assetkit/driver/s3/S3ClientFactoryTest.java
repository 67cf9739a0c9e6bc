package dev.assetkit.driver.s3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.assetkit.spi.DriverConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;

/** Which HTTP client the direct requests use; no server needed. */
class S3ClientFactoryTest {
  private static SdkHttpClient directClientFor(Map<String, String> env) {
    DriverConfig config = DriverConfig.of("bucket", env);
    S3Settings settings = S3Settings.from(config);
    Lazy<SdkHttpClient> pool = new Lazy<>(() -> S3ClientFactory.httpClient(settings, config));
    SdkHttpClient direct = S3ClientFactory.directHttpClient(settings, config, pool, env);
    boolean shared = pool.built() && direct == pool.get();
    if (!shared) {
      assertFalse(pool.built(), "the plain client leaves the pool to the SDK client");
      direct.close();
    }
    pool.ifBuilt(SdkHttpClient::close);
    return shared ? null : direct;
  }

  @Test
  void aPlainHttpEndpoint_getsThePlainClient() {
    assertInstanceOf(
        PlainHttpClient.class, directClientFor(Map.of("S3_ENDPOINT", "http://127.0.0.1:9000")));
  }

  @Test
  void httpsEndpoints_andAws_keepThePool() {
    assertSame(null, directClientFor(Map.of("S3_ENDPOINT", "https://s3.example.com")));
    assertSame(null, directClientFor(Map.of("AWS_REGION", "eu-west-1")));
  }

  @Test
  void aProxy_keepsThePool_whichHonoursIt() {
    assertSame(
        null,
        directClientFor(
            Map.of("S3_ENDPOINT", "http://127.0.0.1:9000", "HTTP_PROXY", "http://proxy:3128")));
    assertSame(
        null,
        directClientFor(
            Map.of("S3_ENDPOINT", "http://127.0.0.1:9000", "http_proxy", "http://proxy:3128")));
  }
}
