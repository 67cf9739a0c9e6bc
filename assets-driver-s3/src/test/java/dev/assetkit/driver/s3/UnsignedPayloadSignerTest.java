package dev.assetkit.driver.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.ZoneOffset.UTC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The signer signs the headers of an http request as the SDK would, with the body unsigned, and
 * sends it where it was going; https requests are the SDK's business.
 */
class UnsignedPayloadSignerTest {
  private static final AwsCredentialsIdentity KEYS = AwsCredentialsIdentity.create("id", "secret");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), UTC);
  private final UnsignedPayloadSigner signer = new UnsignedPayloadSigner();

  private static SignRequest<AwsCredentialsIdentity> put(String url, boolean signPayload) {
    byte[] body = "body".getBytes(UTF_8);
    SdkHttpRequest http =
        SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(URI.create(url)).build();
    ContentStreamProvider payload = () -> new ByteArrayInputStream(body);
    return SignRequest.builder(KEYS)
        .request(http)
        .payload(payload)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, signPayload)
        .putProperty(HttpSigner.SIGNING_CLOCK, CLOCK)
        .build();
  }

  private static String header(SignedRequest signed, String name) {
    return signed.request().firstMatchingHeader(name).orElseThrow();
  }

  @Test
  void httpOnACustomPort_keepsSchemeAndPort_withAnUnsignedBody() {
    SignedRequest signed = signer.sign(put("http://minio.local:9000/bucket/key", true));
    assertEquals("http", signed.request().protocol());
    assertEquals(9000, signed.request().port());
    assertEquals("minio.local:9000", header(signed, "Host"));
    assertEquals("UNSIGNED-PAYLOAD", header(signed, "x-amz-content-sha256"));
  }

  @Test
  void httpOnPort80_signsTheHostWithoutAPort_asItIsSent() {
    SignedRequest signed = signer.sign(put("http://minio.local/bucket/key", true));
    assertEquals("http", signed.request().protocol());
    assertEquals(80, signed.request().port());
    assertEquals("minio.local", header(signed, "Host"));
    assertEquals("UNSIGNED-PAYLOAD", header(signed, "x-amz-content-sha256"));
  }

  @Test
  void theSignatureIsTheOneOfTheSameRequestOverHttps_withPayloadSigningOff() {
    SignedRequest http = signer.sign(put("http://minio.local:9000/bucket/key", true));
    SignedRequest https =
        AwsV4HttpSigner.create().sign(put("https://minio.local:9000/bucket/key", false));
    assertEquals(header(https, "Authorization"), header(http, "Authorization"));
    assertEquals(https.request().headers(), http.request().headers());
  }

  @Test
  void https_isLeftToTheSdk() {
    SignedRequest signed = signer.sign(put("https://s3.amazonaws.com/bucket/key", true));
    assertEquals("https", signed.request().protocol());
    assertNotEquals("UNSIGNED-PAYLOAD", header(signed, "x-amz-content-sha256"));
  }
}
