package dev.assetkit.driver.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverRegistry;
import dev.assetkit.spi.StorageException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/** How the environment becomes S3 settings; no server needed. */
class S3SettingsTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private static S3Settings settings(String... namesAndValues) {
    return settingsOf("bucket", namesAndValues);
  }

  private static S3Settings settingsOf(String bucket, String... namesAndValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      env.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return S3Settings.from(DriverConfig.of(bucket, env));
  }

  private static StorageException invalid(String... namesAndValues) {
    StorageException e = assertThrows(StorageException.class, () -> settings(namesAndValues));
    assertEquals(StorageException.Reason.INVALID_CONFIGURATION, e.reason(), e.getMessage());
    return e;
  }

  @Test
  void provider_isFoundByIdThroughServiceLoader() {
    assertInstanceOf(S3StorageDriverProvider.class, StorageDriverRegistry.load().provider("s3"));
  }

  @Test
  void provider_createsADriverWithoutTouchingTheNetwork() {
    StorageDriver driver =
        new S3StorageDriverProvider()
            .create(
                DriverConfig.of(
                    "b",
                    Map.of(
                        "S3_ENDPOINT", "http://127.0.0.1:1",
                        "AWS_ACCESS_KEY_ID", "id",
                        "AWS_SECRET_ACCESS_KEY", SECRET)));
    assertEquals("s3://b/some/key", driver.uri("some/key"));
    assertFalse(driver.toString().contains(SECRET), driver.toString());
    driver.close();
    driver.close();
  }

  @Test
  void endpoint_precedence_isS3EndpointThenAwsEndpointUrlS3ThenAwsEndpointUrl() {
    S3Settings all =
        settings(
            "S3_ENDPOINT", "http://one:1",
            "AWS_ENDPOINT_URL_S3", "http://two:2",
            "AWS_ENDPOINT_URL", "http://three:3");
    assertEquals(Optional.of(URI.create("http://one:1")), all.endpoint());
    assertEquals("S3_ENDPOINT", all.endpointVariable());

    S3Settings lastTwo =
        settings("AWS_ENDPOINT_URL_S3", "http://two:2", "AWS_ENDPOINT_URL", "http://three:3");
    assertEquals(Optional.of(URI.create("http://two:2")), lastTwo.endpoint());
    assertEquals("AWS_ENDPOINT_URL_S3", lastTwo.endpointVariable());

    S3Settings last = settings("AWS_ENDPOINT_URL", "https://three");
    assertEquals(Optional.of(URI.create("https://three")), last.endpoint());
    assertEquals("AWS_ENDPOINT_URL", last.endpointVariable());
  }

  @Test
  void blankEndpointVariables_areIgnored() {
    S3Settings s = settings("S3_ENDPOINT", "  ", "AWS_ENDPOINT_URL", "http://three:3");
    assertEquals(Optional.of(URI.create("http://three:3")), s.endpoint());
  }

  @Test
  void noEndpoint_meansAws_withVirtualHostsAndChecksums() {
    S3Settings s = settings();
    assertEquals(Optional.empty(), s.endpoint());
    assertFalse(s.pathStyle());
    assertTrue(s.checksums());
    assertEquals(Optional.empty(), s.region(), "left to the AWS default region chain");
  }

  @Test
  void endpointOnly_defaultsToUsEast1_pathStyle_andNoChecksums() {
    S3Settings s = settings("S3_ENDPOINT", "http://minio:9000");
    assertEquals(Optional.of("us-east-1"), s.region());
    assertTrue(s.pathStyle());
    assertFalse(s.checksums());
  }

  @Test
  void region_fromAwsRegion_thenAwsDefaultRegion() {
    assertEquals(
        Optional.of("eu-west-3"),
        settings("AWS_REGION", "eu-west-3", "AWS_DEFAULT_REGION", "ap-south-1").region());
    assertEquals(Optional.of("ap-south-1"), settings("AWS_DEFAULT_REGION", "ap-south-1").region());
    assertEquals(
        Optional.of("eu-west-3"),
        settings("S3_ENDPOINT", "http://minio:9000", "AWS_REGION", "eu-west-3").region());
  }

  @Test
  void forcePathStyle_overridesTheDefaultBothWays() {
    assertFalse(
        settings("S3_ENDPOINT", "http://m:9000", "S3_FORCE_PATH_STYLE", "false").pathStyle());
    assertTrue(settings("S3_FORCE_PATH_STYLE", "true").pathStyle());
    assertTrue(settings("S3_FORCE_PATH_STYLE", "1").pathStyle());
    StorageException e = invalid("S3_FORCE_PATH_STYLE", "sometimes");
    assertTrue(e.getMessage().contains("S3_FORCE_PATH_STYLE"), e.getMessage());
  }

  @Test
  void checksumCalculation_overridesTheDefaultBothWays() {
    assertTrue(
        settings(
                "S3_ENDPOINT",
                "http://m:9000",
                "AWS_REQUEST_CHECKSUM_CALCULATION",
                "WHEN_SUPPORTED")
            .checksums());
    assertFalse(settings("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required").checksums());
    StorageException e = invalid("AWS_REQUEST_CHECKSUM_CALCULATION", "always");
    assertTrue(e.getMessage().contains("AWS_REQUEST_CHECKSUM_CALCULATION"), e.getMessage());
  }

  @Test
  void unsignedPayload_isOff_unlessAskedFor() {
    assertFalse(settings().unsignedPayload());
    assertFalse(settings("S3_ENDPOINT", "http://m:9000").unsignedPayload());
    assertTrue(
        settings("S3_ENDPOINT", "http://m:9000", "S3_UNSIGNED_PAYLOAD", "true").unsignedPayload());
    assertFalse(settings("S3_UNSIGNED_PAYLOAD", "no").unsignedPayload());
    StorageException e = invalid("S3_UNSIGNED_PAYLOAD", "maybe");
    assertTrue(e.getMessage().contains("S3_UNSIGNED_PAYLOAD"), e.getMessage());
  }

  @Test
  void kmsKeyId_isRead() {
    assertEquals(
        Optional.of("alias/assets"), settings("AWS_KMS_KEY_ID", "alias/assets").kmsKeyId());
    assertEquals(Optional.empty(), settings().kmsKeyId());
  }

  @Test
  void badEndpoints_nameTheirVariable() {
    for (String bad : new String[] {"minio:9000", "ftp://host/", "not a url", "http:///path"}) {
      StorageException e = invalid("AWS_ENDPOINT_URL_S3", bad);
      assertTrue(e.getMessage().contains("AWS_ENDPOINT_URL_S3"), e.getMessage());
    }
  }

  @Test
  void endpointWithCredentials_isRefusedWithoutEchoingThem() {
    for (String password : new String[] {SECRET, "plain"}) {
      StorageException e = invalid("S3_ENDPOINT", "http://user:" + password + "@host:9000");
      assertFalse(e.getMessage().contains(password), e.getMessage());
      assertTrue(e.getMessage().contains("AWS_SECRET_ACCESS_KEY"), e.getMessage());
    }
  }

  @Test
  void bucket_mustBeGivenAndBeABucketName() {
    StorageException empty =
        assertThrows(StorageException.class, () -> settingsOf(" ", "S3_ENDPOINT", "http://m:1"));
    assertEquals(StorageException.Reason.INVALID_CONFIGURATION, empty.reason());
    assertTrue(empty.getMessage().contains("ASSETS_STORAGE_BUCKET"), empty.getMessage());

    StorageException withPrefix =
        assertThrows(StorageException.class, () -> settingsOf("bucket/prefix"));
    assertTrue(withPrefix.getMessage().contains("ASSETS_STORAGE_PREFIX"), withPrefix.getMessage());
  }

  @Test
  void credentials_fromEnvironmentKeys_withAndWithoutSessionToken() {
    S3Credentials keys =
        settings("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET).credentials();
    assertEquals("environment AWS_ACCESS_KEY_ID", keys.source());
    assertEquals("AKIDEXAMPLE", keys.provider().resolveCredentials().accessKeyId());
    assertEquals(SECRET, keys.provider().resolveCredentials().secretAccessKey());

    S3Credentials session =
        settings(
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", SECRET,
                "AWS_SESSION_TOKEN", "token")
            .credentials();
    assertEquals("environment AWS_ACCESS_KEY_ID and AWS_SESSION_TOKEN", session.source());
    assertEquals(
        "token", ((AwsSessionCredentials) session.provider().resolveCredentials()).sessionToken());
  }

  @Test
  void credentials_keysWinOverAProfile() {
    S3Credentials c =
        settings(
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", SECRET,
                "AWS_PROFILE", "other")
            .credentials();
    assertEquals("environment AWS_ACCESS_KEY_ID", c.source());
  }

  @Test
  void credentials_fromAProfile_orTheDefaultChain() {
    S3Credentials profile = settings("AWS_PROFILE", "prod").credentials();
    assertEquals("AWS profile 'prod' (AWS_PROFILE)", profile.source());
    assertInstanceOf(ProfileCredentialsProvider.class, profile.provider());

    S3Credentials chain = settings().credentials();
    assertEquals("the AWS default credential chain", chain.source());
    assertInstanceOf(DefaultCredentialsProvider.class, chain.provider());
  }

  @Test
  void credentials_halfGiven_isAConfigurationError() {
    StorageException noSecret = invalid("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    assertTrue(noSecret.getMessage().contains("AWS_SECRET_ACCESS_KEY"), noSecret.getMessage());
    StorageException noId = invalid("AWS_SECRET_ACCESS_KEY", SECRET);
    assertTrue(noId.getMessage().contains("AWS_ACCESS_KEY_ID"), noId.getMessage());
    assertFalse(noId.getMessage().contains(SECRET), noId.getMessage());
  }

  @Test
  void toString_showsNoSecret() {
    S3Settings s =
        settings(
            "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY", SECRET,
            "AWS_SESSION_TOKEN", "session-token-value",
            "S3_ENDPOINT", "http://m:9000");
    assertFalse(s.toString().contains(SECRET), s.toString());
    assertFalse(s.toString().contains("session-token-value"), s.toString());
    assertFalse(s.credentials().toString().contains(SECRET), s.credentials().toString());
    assertTrue(s.toString().contains("environment AWS_ACCESS_KEY_ID"), s.toString());
  }

  @Test
  void where_namesTheEndpointAndItsVariable_orAws() {
    assertEquals(
        "http://m:9000 (from AWS_ENDPOINT_URL)",
        settings("AWS_ENDPOINT_URL", "http://m:9000").where());
    assertEquals("AWS S3 in eu-west-1", settings("AWS_REGION", "eu-west-1").where());
  }
}
