package dev.assetkit.driver.s3;

import static java.time.ZoneOffset.UTC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The signer's GETs carry the very headers and {@code Authorization} that the SDK's SigV4 signer
 * gives them, signed as {@link DirectRequests} had the SDK sign them; S3Proxy's checks of real
 * signatures are in the contract and engine suites.
 */
class BodilessSignerTest {
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
    return AwsV4HttpSigner.create()
        .sign(
            r ->
                r.identity(identity)
                    .request(request)
                    .payload(null)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                    .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, false)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, UTC)))
        .request();
  }

  private static SdkHttpRequest ours(
      SdkHttpRequest request, AwsCredentialsIdentity identity, Instant at, String region) {
    return new BodilessSigner(region, Clock.fixed(at, UTC)).sign(request, identity);
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
    assertEquals("a b c", BodilessSigner.trimAll("  a   b  c "));
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
    BodilessSigner signer = new BodilessSigner("us-east-1", clock);
    SdkHttpRequest request = get("http://localhost:9000/bucket/key");
    AwsCredentialsIdentity rotated = AwsCredentialsIdentity.create("AKIDEXAMPLE", "other");

    SdkHttpRequest before = signer.sign(request, KEYS);
    now.set(NOW.plusSeconds(1)); // 2026-11-25T00:00:00Z: a new day, a new signing key
    SdkHttpRequest after = signer.sign(request, KEYS);
    SdkHttpRequest afterRotation = signer.sign(request, rotated);

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
    assertTrue(BodilessSigner.canSign(get("http://localhost:9000/bucket/key")));
    assertFalse(BodilessSigner.canSign(get("http://localhost:9000/bucket/key?partNumber=1")));
  }
}
