package dev.assetkit.driver.s3;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 with {@code UNSIGNED-PAYLOAD} on plain-http endpoints too ({@code S3_UNSIGNED_PAYLOAD}).
 *
 * <p>Over http the SDK always signs the body, whatever {@link
 * AwsV4FamilyHttpSigner#PAYLOAD_SIGNING_ENABLED} says: every PUT goes {@code aws-chunked} with a
 * SHA-256 and an HMAC per 128 KiB chunk, which the server verifies again. Measured against S3Proxy
 * on loopback (bench/analysis.md) that is ~20 % of a 1 GiB push and ~16 % of a 10,000-file push;
 * rclone sends its single PUTs unsigned there. The canonical request of SigV4 does not contain the
 * scheme, so this signer signs an http request as if it were https (where the SDK honours the
 * property) and puts the scheme and port back: headers, query and path stay signed, only the body
 * is not. Off by default: over http nothing else protects a body on the way, the metas and the
 * index included; the engine's sha256 in each meta still catches altered data at fetch.
 */
final class UnsignedPayloadSigner implements HttpSigner<AwsCredentialsIdentity> {
  private final AwsV4HttpSigner delegate = AwsV4HttpSigner.create();

  /** The SigV4 scheme of the S3 client with this signer in place of the SDK's. */
  static AuthScheme<AwsCredentialsIdentity> scheme() {
    UnsignedPayloadSigner signer = new UnsignedPayloadSigner();
    return new AuthScheme<>() {
      @Override
      public String schemeId() {
        return AwsV4AuthScheme.SCHEME_ID;
      }

      @Override
      public IdentityProvider<AwsCredentialsIdentity> identityProvider(
          IdentityProviders providers) {
        return providers.identityProvider(AwsCredentialsIdentity.class);
      }

      @Override
      public HttpSigner<AwsCredentialsIdentity> signer() {
        return signer;
      }
    };
  }

  @Override
  public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
    SdkHttpRequest http = request.request();
    if (!"http".equals(http.protocol())) {
      return delegate.sign(request);
    }
    int port = http.port();
    // Port 80 becomes 443 so that the signed Host header stays "host", as sent on port 80.
    SdkHttpRequest asHttps =
        http.toBuilder().protocol("https").port(port == 80 ? 443 : port).build();
    SignedRequest signed =
        delegate.sign(
            request.toBuilder()
                .request(asHttps)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .build());
    return signed.toBuilder()
        .request(signed.request().toBuilder().protocol("http").port(port).build())
        .build();
  }

  /** The driver's client is synchronous; async requests keep the SDK's behaviour. */
  @Override
  public CompletableFuture<AsyncSignedRequest> signAsync(
      AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
    return delegate.signAsync(request);
  }
}
