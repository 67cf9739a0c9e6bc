package dev.assetkit.driver.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Configuration from the driver environment: emulator host, project, credentials, bucket. */
class GcsSettingsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({
    "localhost:4443, http://localhost:4443",
    "127.0.0.1:9023, http://127.0.0.1:9023",
    "http://127.0.0.1:9023, http://127.0.0.1:9023",
    "http://127.0.0.1:9023/, http://127.0.0.1:9023",
    "HTTPS://gcs.example.test:8443, https://gcs.example.test:8443",
    "'  emulator:80  ', http://emulator:80",
    "[::1]:4443, http://[::1]:4443",
    "fake-gcs, http://fake-gcs",
  })
  void emulatorHost_acceptsHostPortAndUrls(String value, String endpoint) {
    assertEquals(endpoint, GcsSettings.parseEmulatorHost(value));
    GcsSettings settings = settings(Map.of("STORAGE_EMULATOR_HOST", value));
    assertEquals(Optional.of(endpoint), settings.emulatorEndpoint());
    assertEquals(endpoint, settings.endpoint());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://host:21",
        "http://host:1/storage/v1",
        "http://",
        "http:///",
        "http://u:p@h:1"
      })
  void emulatorHost_rejectsWhatIsNotAnAddress(String value) {
    StorageException e =
        assertThrows(
            StorageException.class, () -> settings(Map.of("STORAGE_EMULATOR_HOST", value)));
    assertEquals(Reason.INVALID_CONFIGURATION, e.reason());
    assertTrue(e.getMessage().contains("STORAGE_EMULATOR_HOST"), e.getMessage());
    assertFalse(e.getMessage().contains("u:p@"), "no credentials echoed: " + e.getMessage());
  }

  @Test
  void noEmulator_meansGoogleItself() {
    GcsSettings settings = settings(Map.of("STORAGE_EMULATOR_HOST", "  "));
    assertEquals(Optional.empty(), settings.emulatorEndpoint());
    assertEquals("https://storage.googleapis.com", settings.endpoint());
  }

  @Test
  void project_fromGoogleCloudProjectThenGcloudProject() {
    assertEquals(
        Optional.of("p1"),
        settings(Map.of("GOOGLE_CLOUD_PROJECT", "p1", "GCLOUD_PROJECT", "p2")).projectId());
    assertEquals(Optional.of("p2"), settings(Map.of("GCLOUD_PROJECT", "p2")).projectId());
    assertEquals(Optional.empty(), settings(Map.of()).projectId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "gs://bucket", "bucket/prefix"})
  void bucket_mustBeABucketName(String bucket) {
    StorageException e =
        assertThrows(
            StorageException.class, () -> GcsSettings.from(DriverConfig.of(bucket, Map.of())));
    assertEquals(Reason.INVALID_CONFIGURATION, e.reason());
    assertTrue(e.getMessage().contains("ASSETS_STORAGE_BUCKET"), e.getMessage());
  }

  @Test
  void emulator_usesNoCredentials_andAProjectOfItsOwn_soNothingIsLookedUp() throws Exception {
    // A credentials file that does not exist: with an emulator it is never read.
    GcsSettings settings =
        settings(
            Map.of(
                "STORAGE_EMULATOR_HOST",
                "127.0.0.1:1",
                "GOOGLE_APPLICATION_CREDENTIALS",
                tmp.resolve("absent.json").toString()));
    GcsCredentials credentials = GcsCredentials.load(settings);
    assertEquals(NoCredentials.getInstance(), credentials.credentials());
    assertTrue(credentials.source().contains("emulator at http://127.0.0.1:1"));
    StorageOptions options = options(settings, credentials);
    assertEquals("http://127.0.0.1:1", options.getHost());
    assertEquals(GcsClients.EMULATOR_PROJECT, options.getProjectId());
    assertEquals(NoCredentials.getInstance(), options.getCredentials());
    assertEquals(3, options.getRetrySettings().getMaxAttempts());
    assertEquals(config(Map.of()).timeout(), options.getRetrySettings().getTotalTimeoutDuration());
  }

  @Test
  void credentialsFile_serviceAccount_isLoaded_withItsProject() throws Exception {
    Path key = serviceAccountKey();
    GcsSettings settings = settings(Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString()));
    GcsCredentials credentials = GcsCredentials.load(settings);
    ServiceAccountCredentials account =
        assertInstanceOf(ServiceAccountCredentials.class, credentials.credentials());
    assertEquals("tester@key-project.iam.gserviceaccount.com", account.getClientEmail());
    assertEquals(Optional.of("key-project"), credentials.projectId());
    assertTrue(credentials.source().contains(key.toString()), credentials.source());
    assertTrue(credentials.source().contains("tester@key-project"), credentials.source());
    assertFalse(credentials.toString().contains("PRIVATE KEY"), credentials.toString());

    assertEquals("key-project", options(settings, credentials).getProjectId());
    assertTrue(
        options(settings, credentials).getHost().startsWith("https://storage.googleapis.com"));
    GcsSettings withProject =
        settings(
            Map.of(
                "GOOGLE_APPLICATION_CREDENTIALS",
                key.toString(),
                "GOOGLE_CLOUD_PROJECT",
                "env-project"));
    assertEquals(
        "env-project", options(withProject, GcsCredentials.load(withProject)).getProjectId());
    // Creating a driver makes no request: nothing here can reach Google.
    try (StorageDriver driver =
        new GcsStorageDriverProvider()
            .create(config(Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString())))) {
      assertEquals("gs://bucket/k", driver.uri("k"));
    }
  }

  @Test
  void credentialsFile_missing_isInvalidConfigurationNamingTheVariable() {
    Path absent = tmp.resolve("absent.json");
    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                new GcsStorageDriverProvider()
                    .create(config(Map.of("GOOGLE_APPLICATION_CREDENTIALS", absent.toString()))));
    assertEquals(Reason.INVALID_CONFIGURATION, e.reason());
    assertTrue(e.getMessage().contains("GOOGLE_APPLICATION_CREDENTIALS"), e.getMessage());
    assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
  }

  @Test
  void credentialsFile_ofAnotherKind_isRefused_withoutEchoingIt() throws Exception {
    Path file =
        Files.writeString(
            tmp.resolve("other.json"), "{\"type\": \"api_key\", \"key\": \"s3cr3t\"}");
    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                GcsCredentials.load(
                    settings(Map.of("GOOGLE_APPLICATION_CREDENTIALS", file.toString()))));
    assertEquals(Reason.INVALID_CONFIGURATION, e.reason());
    assertTrue(e.getMessage().contains("api_key"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());

    Path broken =
        Files.writeString(
            tmp.resolve("broken.json"),
            "{\"type\": \"service_account\", \"private_key\": \"s3cr3t\"}");
    StorageException brokenError =
        assertThrows(
            StorageException.class,
            () ->
                GcsCredentials.load(
                    settings(Map.of("GOOGLE_APPLICATION_CREDENTIALS", broken.toString()))));
    assertEquals(Reason.INVALID_CONFIGURATION, brokenError.reason());
    assertFalse(brokenError.getMessage().contains("s3cr3t"), brokenError.getMessage());
  }

  private Path serviceAccountKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\\n"
            + Base64.getEncoder()
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\\n-----END PRIVATE KEY-----\\n";
    String json =
        "{\"type\": \"service_account\", \"project_id\": \"key-project\","
            + " \"private_key_id\": \"0123456789abcdef\", \"private_key\": \""
            + pem
            + "\", \"client_email\": \"tester@key-project.iam.gserviceaccount.com\","
            + " \"client_id\": \"1234567890\","
            + " \"token_uri\": \"https://oauth2.googleapis.com/token\"}";
    return Files.writeString(tmp.resolve("key.json"), json);
  }

  /** The options of a client built from these settings; the client is closed again. */
  private static StorageOptions options(GcsSettings settings, GcsCredentials credentials)
      throws Exception {
    Storage storage = GcsClients.create(settings, credentials, config(Map.of()));
    try {
      return storage.getOptions();
    } finally {
      storage.close();
    }
  }

  private static GcsSettings settings(Map<String, String> environment) {
    return GcsSettings.from(config(environment));
  }

  private static DriverConfig config(Map<String, String> environment) {
    return DriverConfig.of("bucket", environment);
  }
}
