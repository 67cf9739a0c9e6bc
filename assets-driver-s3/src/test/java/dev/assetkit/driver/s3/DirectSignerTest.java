package dev.assetkit.driver.s3;

import static java.time.ZoneOffset.UTC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The signer's GETs and PUTs carry the very headers and {@code Authorization} that the SDK's SigV4
 * signers give them, signed as {@link DirectRequests} had the SDK sign them; S3Proxy's checks of
 * real signatures are in the contract and engine suites.
 */
class DirectSignerTest {
  private static final AwsCredentialsIdentity KEYS =
      AwsCredentialsIdentity.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  private static final Instant NOW = Instant.parse("2026-11-24T23:59:59Z");

  private static SdkHttpRequest get(String url, String... headers) {
    SdkHttpRequest.Builder get = SdkHttpRequest.builder().method(SdkHttpMethod.GET);
    get.uri(URI.create(url));
    for (int i = 0; i < headers.length; i += 2) {
      get.putHeader(headers[i], headers[i + 1]);
    }
    return get.build();
  }

  /** As {@code DirectRequests} had the SDK sign its GETs. */
  private static SdkHttpRequest sdkSigned(
      SdkHttpRequest request, AwsCredentialsIdentity identity, Instant at, String region) {
    return sdkSigned(AwsV4HttpSigner.create(), request, null, identity, at, region);
  }

  /** As {@code DirectRequests} has {@code signer} sign its requests. */
  private static SdkHttpRequest sdkSigned(
      HttpSigner<AwsCredentialsIdentity> signer,
      SdkHttpRequest request,
      ContentStreamProvider payload,
      AwsCredentialsIdentity identity,
      Instant at,
      String region) {
    return DirectRequests.sdkSign(signer, request, identity, payload, region, Clock.fixed(at, UTC))
        .request();
  }

  private static SdkHttpRequest ours(
      SdkHttpRequest request, AwsCredentialsIdentity identity, Instant at, String region) {
    return new DirectSigner(region, Clock.fixed(at, UTC))
        .sign(request, identity, DirectSigner.UNSIGNED_PAYLOAD);
  }

  private static SdkHttpRequest put(String url, int length) {
    return get(url, "Content-Length", String.valueOf(length), "If-None-Match", "*").toBuilder()
        .method(SdkHttpMethod.PUT)
        .build();
  }

  private static ContentStreamProvider body(byte[] bytes) {
    return () -> new ByteArrayInputStream(bytes);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:18080/bucket/modelkit-assets/tree/0.0/d00/f00000.bin",
        "http://minio.local/bucket/key",
        "https://bucket.s3.eu-west-3.amazonaws.com/modelkit-assets/model/1.2",
        "https://s3.amazonaws.com:8443/bucket/a%20b/%C3%A9t%C3%A9/%2Bplus~tilde",
      })
  void get_isSignedAsTheSdkSignsIt(String url) {
    SdkHttpRequest request =
        get(url, "Range", "bytes=0-4095", "If-Match", "\"9b2cf535f27731c974343645a3985328\"");

    SdkHttpRequest expected = sdkSigned(request, KEYS, NOW, "eu-west-3");
    SdkHttpRequest actual = ours(request, KEYS, NOW, "eu-west-3");

    assertEquals(expected.headers(), actual.headers());
    assertEquals(expected.getUri(), actual.getUri());
  }

  @Test
  void anEncodedKey_isSignedAsSent() {
    String key = "modelkit-assets/a b/été/+plus~tilde*star";
    SdkHttpRequest request =
        get("http://127.0.0.1:9000/bucket/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key));

    assertEquals(
        sdkSigned(request, KEYS, NOW, "us-east-1").headers(),
        ours(request, KEYS, NOW, "us-east-1").headers());
  }

  @Test
  void sessionCredentials_signTheirToken() {
    AwsSessionCredentialsIdentity session =
        AwsSessionCredentialsIdentity.create("ASIAEXAMPLE", "secret", "token/with+chars=");
    SdkHttpRequest request = get("https://s3.us-east-1.amazonaws.com/bucket/key");

    SdkHttpRequest actual = ours(request, session, NOW, "us-east-1");

    assertEquals(sdkSigned(request, session, NOW, "us-east-1").headers(), actual.headers());
    assertTrue(
        actual.firstMatchingHeader("Authorization").orElseThrow().contains("x-amz-security-token"));
  }

  @Test
  void headerValues_areTrimmedAndTheirSpacesFolded_asTheSdkDoes() {
    SdkHttpRequest request = get("http://localhost:9000/bucket/key", "Range", "  bytes=0-1   ");

    assertEquals(
        sdkSigned(request, KEYS, NOW, "us-east-1").headers(),
        ours(request, KEYS, NOW, "us-east-1").headers());
    assertEquals("a b c", DirectSigner.trimAll("  a   b  c "));
  }

  @Test
  void oneSigner_acrossMidnightAndAKeyChange_derivesTheKeyAgain() {
    AtomicReference<Instant> now = new AtomicReference<>(NOW);
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now.get();
          }

          @Override
          public java.time.ZoneId getZone() {
            return UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
          }
        };
    DirectSigner signer = new DirectSigner("us-east-1", clock);
    SdkHttpRequest request = get("http://localhost:9000/bucket/key");
    AwsCredentialsIdentity rotated = AwsCredentialsIdentity.create("AKIDEXAMPLE", "other");

    String unsigned = DirectSigner.UNSIGNED_PAYLOAD;
    SdkHttpRequest before = signer.sign(request, KEYS, unsigned);
    now.set(NOW.plusSeconds(1)); // 2026-11-25T00:00:00Z: a new day, a new signing key
    SdkHttpRequest after = signer.sign(request, KEYS, unsigned);
    SdkHttpRequest afterRotation = signer.sign(request, rotated, unsigned);

    assertEquals(sdkSigned(request, KEYS, NOW, "us-east-1").headers(), before.headers());
    assertEquals(
        sdkSigned(request, KEYS, NOW.plusSeconds(1), "us-east-1").headers(), after.headers());
    assertEquals(
        sdkSigned(request, rotated, NOW.plusSeconds(1), "us-east-1").headers(),
        afterRotation.headers());
    assertNotEquals(
        after.firstMatchingHeader("Authorization"),
        afterRotation.firstMatchingHeader("Authorization"));
  }

  @Test
  void canSign_onlyRequestsWithoutAQuery() {
    assertTrue(DirectSigner.canSign(get("http://localhost:9000/bucket/key")));
    assertFalse(DirectSigner.canSign(get("http://localhost:9000/bucket/key?partNumber=1")));
  }

  @Test
  void putOverHttp_signsTheBodysSha256_asTheSdkDoes() throws IOException {
    byte[] bytes = new byte[200_000];
    new Random(3).nextBytes(bytes);
    SdkHttpRequest request =
        put("http://127.0.0.1:9000/bucket/modelkit-assets/a/0.0", bytes.length);

    String hash = DirectSigner.sha256Hex(body(bytes));
    SdkHttpRequest actual =
        new DirectSigner("us-east-1", Clock.fixed(NOW, UTC)).sign(request, KEYS, hash);

    SdkHttpRequest expected =
        sdkSigned(AwsV4HttpSigner.create(), request, body(bytes), KEYS, NOW, "us-east-1");
    assertEquals(expected.headers(), actual.headers());
    assertEquals(hash, actual.firstMatchingHeader("x-amz-content-sha256").orElseThrow());
  }

  @Test
  void putWithAnUnsignedPayload_isSignedAsUnsignedPayloadSignerSignsIt() {
    byte[] bytes = "body".getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request = put("http://minio.local:9000/bucket/key", bytes.length);

    SdkHttpRequest actual = ours(request, KEYS, NOW, "us-east-1");

    SdkHttpRequest expected =
        sdkSigned(new UnsignedPayloadSigner(), request, body(bytes), KEYS, NOW, "us-east-1");
    assertEquals(expected.headers(), actual.headers());
  }

  @Test
  void putOverHttps_leavesTheBodyUnsigned_asTheSdkDoes() {
    byte[] bytes = "body".getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request = put("https://s3.eu-west-3.amazonaws.com/bucket/key", bytes.length);

    SdkHttpRequest actual = ours(request, KEYS, NOW, "eu-west-3");

    SdkHttpRequest expected =
        sdkSigned(AwsV4HttpSigner.create(), request, body(bytes), KEYS, NOW, "eu-west-3");
    assertEquals(expected.headers(), actual.headers());
  }

  @Test
  void sha256Hex_ofABody_isItsSha256() throws IOException {
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        DirectSigner.sha256Hex(body("abc".getBytes(StandardCharsets.US_ASCII))));
  }
}
