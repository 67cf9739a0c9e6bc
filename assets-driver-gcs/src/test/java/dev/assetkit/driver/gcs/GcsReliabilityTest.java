package dev.assetkit.driver.gcs;

import dev.assetkit.testing.ReliabilityContract;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Concurrent processes, kills and injected faults on the GCS driver and the fake GCS server. */
class GcsReliabilityTest extends ReliabilityContract {
  @Override
  protected Map<String, String> newBucketEnvironment() {
    GcsTestServer server = GcsTestServer.get();
    Map<String, String> env = new HashMap<>(server.environment());
    env.put("ASSETS_STORAGE_PROVIDER", "gcs");
    env.put("ASSETS_STORAGE_BUCKET", server.newBucket());
    return env;
  }

  @Override
  protected Optional<InetSocketAddress> serverAddress() {
    URI uri = URI.create(GcsSettings.parseEmulatorHost(GcsTestServer.get().emulatorHost()));
    return Optional.of(new InetSocketAddress(uri.getHost(), uri.getPort()));
  }

  @Override
  protected Map<String, String> throughProxy(Map<String, String> environment, int port) {
    Map<String, String> env = new HashMap<>(environment);
    env.put(GcsSettings.EMULATOR_HOST, "127.0.0.1:" + port);
    return env;
  }

  @Override
  protected Optional<Map<String, String>> withBadCredentials(Map<String, String> environment) {
    // An emulator takes any credentials; the fake refuses them on demand for one bucket, as GCS
    // does for credentials without access.
    GcsTestServer server = GcsTestServer.get();
    return server
        .fake()
        .map(
            fake -> {
              Map<String, String> env = new HashMap<>(environment);
              String guarded = server.newBucket();
              fake.faults().failAlways(guarded, 401, "authError", "Invalid Credentials");
              env.put("ASSETS_STORAGE_BUCKET", guarded);
              return env;
            });
  }
}
