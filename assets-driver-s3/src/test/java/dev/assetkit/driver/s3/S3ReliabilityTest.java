package dev.assetkit.driver.s3;

import dev.assetkit.testing.ReliabilityContract;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Concurrent processes, kills and injected faults on the S3 driver and S3Proxy. S3Proxy's If-Match
 * is not atomic, so concurrent publishers are checked after {@code repair}, as users of such a
 * store would do.
 */
@ExtendWith(S3ProxyExtension.class)
class S3ReliabilityTest extends ReliabilityContract {

  @Override
  protected Map<String, String> newBucketEnvironment() {
    S3TestServer server = S3ProxyExtension.server();
    Map<String, String> env = new HashMap<>(server.environment());
    env.put("ASSETS_STORAGE_PROVIDER", "s3");
    env.put("ASSETS_STORAGE_BUCKET", server.createBucket());
    return env;
  }

  @Override
  protected boolean atomicIndexUpdates() {
    return !S3ProxyExtension.server().isS3Proxy();
  }

  @Override
  protected Optional<InetSocketAddress> serverAddress() {
    URI endpoint = S3ProxyExtension.server().endpoint();
    return Optional.of(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
  }

  @Override
  protected Map<String, String> throughProxy(Map<String, String> environment, int port) {
    Map<String, String> env = new HashMap<>(environment);
    URI endpoint = S3ProxyExtension.server().endpoint();
    env.put("S3_ENDPOINT", endpoint.getScheme() + "://127.0.0.1:" + port);
    return env;
  }

  @Override
  protected Optional<Map<String, String>> withBadCredentials(Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
    return Optional.of(env);
  }
}
