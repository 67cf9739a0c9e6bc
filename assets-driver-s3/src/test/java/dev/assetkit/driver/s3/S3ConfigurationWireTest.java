package dev.assetkit.driver.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.Condition;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The configuration as it shows on the wire: which endpoint requests go to, the region they are
 * signed for, how the bucket is addressed, and the SSE-KMS headers of every write. Requests are
 * checked as the driver hands them, signed, to its HTTP client; S3Proxy accepts and ignores the
 * SSE-KMS headers, so what is checked is that they are sent, not that anything is encrypted.
 */
class S3ConfigurationWireTest extends RecordedBucketTest {
  private StorageDriver driver(Map<String, String> changes) {
    return openDriver(changes, Duration.ofSeconds(5), 5 << 20);
  }

  private String closedEndpoint() {
    return "http://127.0.0.1:" + S3ProxyExtension.freePort();
  }

  private static Map<String, String> env(String... namesAndValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      env.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return env;
  }

  @Test
  void s3Endpoint_winsOverBothAwsEndpointVariables() {
    String good = server.endpoint().toString();
    StorageDriver d =
        driver(
            env(
                "S3_ENDPOINT", good,
                "AWS_ENDPOINT_URL_S3", closedEndpoint(),
                "AWS_ENDPOINT_URL", closedEndpoint()));
    d.write("k", "via S3_ENDPOINT".getBytes(UTF_8), Condition.none());
    assertEquals("via S3_ENDPOINT", new String(d.read("k").orElseThrow().bytes(), UTF_8));
    assertEquals(server.endpoint().getPort(), recorder.sent().get(0).http().port());
  }

  @Test
  void awsEndpointUrlS3_winsOverAwsEndpointUrl() {
    StorageDriver d =
        driver(
            env(
                "S3_ENDPOINT", null,
                "AWS_ENDPOINT_URL_S3", server.endpoint().toString(),
                "AWS_ENDPOINT_URL", closedEndpoint()));
    d.write("k", "via AWS_ENDPOINT_URL_S3".getBytes(UTF_8), Condition.none());
    assertEquals("via AWS_ENDPOINT_URL_S3", new String(d.read("k").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void awsEndpointUrl_isUsedWhenAlone() {
    StorageDriver d =
        driver(env("S3_ENDPOINT", null, "AWS_ENDPOINT_URL", server.endpoint().toString()));
    d.write("k", "via AWS_ENDPOINT_URL".getBytes(UTF_8), Condition.none());
    assertEquals("via AWS_ENDPOINT_URL", new String(d.read("k").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void endpointVariablesOrder_isProvedByTheClosedOnesFailing() {
    // The same closed endpoint in S3_ENDPOINT must be used, and fail, even with a good fallback.
    StorageDriver d =
        driver(
            env("S3_ENDPOINT", closedEndpoint(), "AWS_ENDPOINT_URL", server.endpoint().toString()));
    StorageException e =
        assertThrows(StorageException.class, () -> d.write("k", new byte[1], Condition.none()));
    assertEquals(StorageException.Reason.UNAVAILABLE, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("S3_ENDPOINT"), e.getMessage());
  }

  @Test
  void endpointOnly_signsForUsEast1_withPathStyle() {
    StorageDriver d = driver(Map.of());
    d.write("some/key", new byte[1], Condition.none());
    RecordingInterceptor.Sent put = recorder.sent("PutObject").get(0);
    assertTrue(
        put.header("Authorization").orElseThrow().contains("/us-east-1/s3/aws4_request"),
        put.header("Authorization").orElseThrow());
    assertEquals("127.0.0.1", put.http().host());
    assertEquals("/" + bucket + "/some/key", put.http().encodedPath());
  }

  @Test
  void awsRegion_isTheSigningRegion_andWinsOverAwsDefaultRegion() {
    StorageDriver d = driver(env("AWS_REGION", "eu-west-3", "AWS_DEFAULT_REGION", "ap-south-1"));
    d.write("k", new byte[1], Condition.none());
    assertTrue(
        recorder
            .sent("PutObject")
            .get(0)
            .header("Authorization")
            .orElseThrow()
            .contains("/eu-west-3/s3/aws4_request"));
  }

  @Test
  void awsDefaultRegion_isUsedWhenAwsRegionIsUnset() {
    StorageDriver d = driver(env("AWS_DEFAULT_REGION", "ap-south-1"));
    d.write("k", new byte[1], Condition.none());
    assertTrue(
        recorder
            .sent("PutObject")
            .get(0)
            .header("Authorization")
            .orElseThrow()
            .contains("/ap-south-1/s3/aws4_request"));
  }

  @Test
  void forcePathStyleFalse_addressesTheBucketInTheHostName() {
    // "localhost", not an IP: the SDK keeps path style for IP endpoints whatever the setting.
    String endpoint = "http://localhost:" + server.endpoint().getPort();
    StorageDriver d = driver(env("S3_ENDPOINT", endpoint, "S3_FORCE_PATH_STYLE", "false"));
    try {
      d.write("some/key", new byte[1], Condition.none());
    } catch (StorageException e) {
      // bucket.localhost may not resolve here; the request as sent is what this test checks.
    }
    RecordingInterceptor.Sent put = recorder.sent("PutObject").get(0);
    assertEquals(bucket + ".localhost", put.http().host());
    assertEquals("/some/key", put.http().encodedPath());
  }

  @Test
  void kmsKeyId_encryptsSinglePutsWithSseKms() throws IOException {
    StorageDriver d = driver(env("AWS_KMS_KEY_ID", "arn:aws:kms:eu-west-1:111122223333:key/test"));
    d.write("written", "x".getBytes(UTF_8), Condition.ifAbsent());
    Path small = Files.write(tmp.resolve("small"), new byte[1000]);
    d.upload("uploaded", small, Condition.none());

    List<RecordingInterceptor.Sent> puts = recorder.sent("PutObject");
    assertEquals(2, puts.size());
    for (RecordingInterceptor.Sent put : puts) {
      assertEquals("aws:kms", put.header("x-amz-server-side-encryption").orElseThrow());
      assertEquals(
          "arn:aws:kms:eu-west-1:111122223333:key/test",
          put.header("x-amz-server-side-encryption-aws-kms-key-id").orElseThrow());
    }
  }

  @Test
  void kmsKeyId_encryptsMultipartUploadsWithSseKms() throws IOException {
    StorageDriver d = driver(env("AWS_KMS_KEY_ID", "alias/assets"));
    byte[] bytes = new byte[(5 << 20) * 2 + 17];
    new Random(1).nextBytes(bytes);
    Path large = Files.write(tmp.resolve("large"), bytes);
    d.upload("large", large, Condition.ifAbsent());

    RecordingInterceptor.Sent create = recorder.sent("CreateMultipartUpload").get(0);
    assertEquals("aws:kms", create.header("x-amz-server-side-encryption").orElseThrow());
    assertEquals(
        "alias/assets", create.header("x-amz-server-side-encryption-aws-kms-key-id").orElseThrow());
    assertEquals(3, recorder.sent("UploadPart").size());
    Path back = tmp.resolve("back");
    d.download("large", back);
    assertArrayEquals(bytes, Files.readAllBytes(back));
  }

  @Test
  void withoutKmsKeyId_writesCarryNoEncryptionHeader() {
    StorageDriver d = driver(Map.of());
    d.write("k", new byte[1], Condition.none());
    assertFalse(
        recorder.sent("PutObject").get(0).header("x-amz-server-side-encryption").isPresent());
  }

  @Test
  void byDefault_bodiesToAPlainHttpEndpointAreSigned() throws Exception {
    StorageDriver d = driver(Map.of());
    d.write("k", new byte[1], Condition.none());
    RecordingInterceptor.Sent put = recorder.sent("PutObject").get(0);
    assertTrue(put.direct());
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[1])),
        put.header("x-amz-content-sha256").orElseThrow(),
        "a direct PUT signs its body's SHA-256, as the SDK would, in one header");

    Path big = tmp.resolve("big");
    byte[] content = new byte[(5 << 20) + 1];
    Files.write(big, content);
    d.upload("big", big, Condition.none());
    // Two parts, sent in parallel: 5 MiB of zeros and 1 zero byte.
    Set<String> signed = new HashSet<>();
    for (RecordingInterceptor.Sent part : recorder.sent("UploadPart")) {
      assertTrue(part.direct());
      signed.add(part.header("x-amz-content-sha256").orElseThrow());
    }
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    assertEquals(
        Set.of(
            HexFormat.of().formatHex(sha256.digest(Arrays.copyOf(content, 5 << 20))),
            HexFormat.of().formatHex(sha256.digest(new byte[1]))),
        signed,
        "a direct part signs its body's SHA-256 too; S3_UNSIGNED_PAYLOAD exists because of this");
  }

  @Test
  void unsignedPayload_sendsSinglePutsAndPartsUnsigned_andTheServerAcceptsThem()
      throws IOException {
    StorageDriver d = driver(env("S3_UNSIGNED_PAYLOAD", "true"));
    d.write("written", "small".getBytes(UTF_8), Condition.ifAbsent());
    byte[] bytes = new byte[(5 << 20) * 2 + 17];
    new Random(2).nextBytes(bytes);
    Path large = Files.write(tmp.resolve("large"), bytes);
    d.upload("large", large, Condition.ifAbsent());

    List<RecordingInterceptor.Sent> bodies = new ArrayList<>(recorder.sent("PutObject"));
    bodies.addAll(recorder.sent("UploadPart"));
    assertEquals(4, bodies.size());
    for (RecordingInterceptor.Sent sent : bodies) {
      assertEquals("UNSIGNED-PAYLOAD", sent.header("x-amz-content-sha256").orElseThrow());
      assertFalse(sent.header("Content-Encoding").isPresent(), "no aws-chunked framing");
      assertEquals("http", sent.http().protocol());
      assertTrue(sent.header("Authorization").orElseThrow().startsWith("AWS4-HMAC-SHA256 "));
    }
    // S3Proxy checks each signature: reading back proves the requests were signed right.
    assertEquals("small", new String(d.read("written").orElseThrow().bytes(), UTF_8));
    Path back = tmp.resolve("back");
    d.download("large", back);
    assertArrayEquals(bytes, Files.readAllBytes(back));
  }

  @Test
  void unsignedPayload_withChecksums_sendsUnsignedChunksWithTheChecksumTrailer()
      throws IOException {
    StorageDriver d =
        driver(
            env(
                "S3_UNSIGNED_PAYLOAD",
                "true",
                "AWS_REQUEST_CHECKSUM_CALCULATION",
                "when_supported"));
    d.write("written", "small".getBytes(UTF_8), Condition.none());
    RecordingInterceptor.Sent put = recorder.sent("PutObject").get(0);
    assertEquals(
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER", put.header("x-amz-content-sha256").orElseThrow());
    assertEquals("small", new String(d.read("written").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void unsignedPayload_stillSignsTheRequest_soAWrongSecretIsRefused() {
    StorageDriver d =
        driver(env("S3_UNSIGNED_PAYLOAD", "true", "AWS_SECRET_ACCESS_KEY", "not-the-secret"));
    StorageException e =
        assertThrows(StorageException.class, () -> d.write("k", new byte[1], Condition.none()));
    assertEquals(StorageException.Reason.ACCESS_DENIED, e.reason());
  }

  @Test
  void credentialsFromAProfile_areUsedWhenNoKeysAreInTheEnvironment() throws IOException {
    Path credentials =
        Files.writeString(
            tmp.resolve("credentials"),
            "[assets-test]\naws_access_key_id = "
                + S3ProxyExtension.IDENTITY
                + "\naws_secret_access_key = "
                + S3ProxyExtension.CREDENTIAL
                + "\n");
    Map<String, String> changes = new HashMap<>();
    changes.put("AWS_ACCESS_KEY_ID", null);
    changes.put("AWS_SECRET_ACCESS_KEY", null);
    changes.put("AWS_PROFILE", "assets-test");
    changes.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
    changes.put("AWS_CONFIG_FILE", tmp.resolve("no-config").toString());
    StorageDriver d = driver(changes);
    d.write("k", "from a profile".getBytes(UTF_8), Condition.none());
    assertEquals("from a profile", new String(d.read("k").orElseThrow().bytes(), UTF_8));
    assertTrue(
        recorder
            .sent("PutObject")
            .get(0)
            .header("Authorization")
            .orElseThrow()
            .contains("Credential=" + S3ProxyExtension.IDENTITY + "/"));
  }

  @Test
  void sessionToken_isSent() {
    StorageDriver d = driver(env("AWS_SESSION_TOKEN", "a-session-token"));
    // S3Proxy ignores the token; the header is what this test checks.
    try {
      d.write("k", new byte[1], Condition.none());
    } catch (StorageException e) {
      // Whether the server accepts a token it does not know is not this test's question.
    }
    assertEquals(
        "a-session-token",
        recorder.sent("PutObject").get(0).header("x-amz-security-token").orElseThrow());
  }
}
