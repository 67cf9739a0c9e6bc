package dev.assetkit.driver.gcs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverContract;
import dev.assetkit.testing.Emulators;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The driver contract against fake-gcs-server in a container, a cross-check of the in-process fake
 * against an emulator written by others. Skipped where no Docker engine answers (there is none on
 * this project's machines), even on CI.
 */
class FakeGcsServerContainerTest extends StorageDriverContract {
  private static final DockerImageName IMAGE =
      DockerImageName.parse("fsouza/fake-gcs-server:1.52.2");
  private static final int PORT = 4443;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static FakeGcsServerContainer container;
  private static String emulatorHost;
  private static Storage admin;

  /** fake-gcs-server speaking plain HTTP on its usual port. */
  private static final class FakeGcsServerContainer
      extends GenericContainer<FakeGcsServerContainer> {
    FakeGcsServerContainer() {
      super(IMAGE);
      withExposedPorts(PORT);
      withCommand("-scheme", "http", "-port", Integer.toString(PORT));
      waitingFor(Wait.forHttp("/storage/v1/b").forPort(PORT).forStatusCode(200));
    }
  }

  private static Boolean dockerAvailable;

  // Started from newDriver(), not @BeforeAll: without Docker every test then shows as skipped.
  private static synchronized void startContainer() throws Exception {
    if (dockerAvailable == null) {
      dockerAvailable = Emulators.dockerAvailable();
    }
    assumeTrue(dockerAvailable, "no Docker engine: fake-gcs-server cross-check skipped");
    if (container != null) {
      return;
    }
    container = new FakeGcsServerContainer();
    container.start();
    emulatorHost = container.getHost() + ":" + container.getMappedPort(PORT);
    // Resumable upload sessions are URLs the server makes from its external URL: make it the
    // address the tests reach it on, mapped port included.
    HttpResponse<String> configured =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + emulatorHost + "/_internal/config"))
                    .header("Content-Type", "application/json")
                    .PUT(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"externalUrl\": \"http://" + emulatorHost + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (configured.statusCode() / 100 != 2) {
      Emulators.unavailable(
          "fake-gcs-server at " + emulatorHost,
          "setting its external URL answered " + configured.statusCode());
    }
    admin =
        StorageOptions.http()
            .setHost("http://" + emulatorHost)
            .setProjectId("assetkit-tests")
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService();
  }

  @AfterAll
  static void stopContainer() throws Exception {
    if (admin != null) {
      admin.close();
    }
    if (container != null) {
      container.stop();
    }
  }

  @Override
  protected StorageDriver newDriver() throws Exception {
    startContainer();
    String bucket = "assetkit-" + UUID.randomUUID();
    admin.create(BucketInfo.of(bucket));
    return open(bucket, emulatorHost, TIMEOUT);
  }

  @Override
  protected Optional<StorageDriver> driverOnMissingBucket() throws Exception {
    startContainer();
    return Optional.of(open("missing-" + UUID.randomUUID(), emulatorHost, TIMEOUT));
  }

  @Override
  protected Optional<StorageDriver> driverOnUnreachableServer() throws Exception {
    return Optional.of(
        open("any-bucket", "127.0.0.1:" + GcsTestServer.closedPort(), Duration.ofSeconds(5)));
  }

  private static StorageDriver open(String bucket, String host, Duration timeout) {
    return new GcsStorageDriverProvider()
        .create(
            new DriverConfig(
                bucket,
                Map.of(GcsSettings.EMULATOR_HOST, host),
                timeout,
                DriverConfig.DEFAULT_PARALLELISM,
                DriverConfig.DEFAULT_PART_SIZE));
  }

  @Override
  protected boolean refusesOversizedReadsUnread() {
    return true;
  }
}
