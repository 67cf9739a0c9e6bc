package dev.assetkit.driver.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.assetkit.driver.gcs.fake.FakeGcsServer;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.testing.Emulators;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The GCS server the tests of this module talk to: the emulator named by {@code
 * STORAGE_EMULATOR_HOST} in the test environment when set, else the in-process {@link
 * FakeGcsServer}, started once per test JVM on a free loopback port and stopped when it exits.
 */
final class GcsTestServer {
  private static GcsTestServer instance;

  private final String emulatorHost;
  private final Optional<FakeGcsServer> fake;
  private final Storage admin;

  private GcsTestServer(String emulatorHost, Optional<FakeGcsServer> fake) {
    this.emulatorHost = emulatorHost;
    this.fake = fake;
    this.admin =
        StorageOptions.http()
            .setHost(GcsSettings.parseEmulatorHost(emulatorHost))
            .setProjectId("assetkit-tests")
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService();
  }

  /** The shared server; skips (or fails on CI) the calling test when it cannot be had. */
  static synchronized GcsTestServer get() {
    if (instance == null) {
      String external = System.getenv(GcsSettings.EMULATOR_HOST);
      if (external != null && !external.isBlank()) {
        requireReachable(external);
        instance = new GcsTestServer(external.trim(), Optional.empty());
      } else {
        FakeGcsServer server;
        try {
          server = FakeGcsServer.start();
        } catch (IOException e) {
          Emulators.unavailable("the in-process fake GCS server", e.toString());
          throw new AssertionError("unreachable");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fake-gcs-stop"));
        instance = new GcsTestServer(server.hostAndPort(), Optional.of(server));
      }
    }
    return instance;
  }

  private static void requireReachable(String hostValue) {
    URI uri = URI.create(GcsSettings.parseEmulatorHost(hostValue));
    int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), 2_000);
    } catch (IOException e) {
      Emulators.unavailable(
          "the GCS emulator at STORAGE_EMULATOR_HOST=" + hostValue,
          e + "; start it, or unset STORAGE_EMULATOR_HOST to use the in-process fake");
    }
  }

  /** The in-process fake, when that is what runs. */
  Optional<FakeGcsServer> fake() {
    return fake;
  }

  /** {@code host:port} of the server. */
  String emulatorHost() {
    return emulatorHost;
  }

  /** A client for setting up tests. */
  Storage admin() {
    return admin;
  }

  /** Creates a new empty bucket with a random name. */
  String newBucket() {
    String bucket = "assetkit-" + UUID.randomUUID();
    admin.create(BucketInfo.of(bucket));
    return bucket;
  }

  /** The environment of a driver on this server. */
  Map<String, String> environment() {
    return Map.of(GcsSettings.EMULATOR_HOST, emulatorHost);
  }

  /** A driver config on {@code bucket} of this server. */
  DriverConfig config(String bucket, Duration timeout, int parallelism, long partSize) {
    return new DriverConfig(bucket, environment(), timeout, parallelism, partSize);
  }

  /** A loopback port nothing listens on. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
