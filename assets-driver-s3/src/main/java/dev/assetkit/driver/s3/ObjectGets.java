package dev.assetkit.driver.s3;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Opens objects for reading: a GET signed here and sent straight through the client's HTTP
 * connection pool, with the SDK's {@code getObject} behind it for everything but a plain success.
 *
 * <p>Why: the SDK's request pipeline (interceptors, endpoint rules, auth-scheme resolution,
 * marshalling, unmarshalling every response header) costs more CPU per small GET than the HTTP
 * exchange itself. Measured against S3Proxy on loopback, 10,000 GETs of 4 KiB from 8 threads in a
 * fresh JVM: 9.2–10.9 s of CPU through {@code S3Client.getObject}, 4.0 s signed with the SDK's own
 * SigV4 signer and sent through the same Apache client (bench/analysis.md). On a 2-core machine
 * that shares its CPU with the server, that is most of a many-file pull.
 *
 * <p>Only the answer the caller wants (200 or 206 with a length) is read here. Any other answer,
 * and any failure to get one, makes the same request again through the SDK, whose retries, error
 * translation and region redirects then decide, so there is one error path, the SDK's. A refusal
 * that a wrong signature, a wrong region or an unusual endpoint would explain (anything but 404,
 * 412 and 416) turns the direct path off for the rest of this driver's life, as do repeated network
 * failures; so it costs at most a few extra requests where it does not apply.
 *
 * <p>Where response checksums are on (the default on AWS; {@code
 * AWS_REQUEST_CHECKSUM_CALCULATION}), whole-object reads (metas and indexes) stay with the SDK,
 * which checks them. Ranged GETs, i.e. every download of a data file, go direct either way: S3
 * returns no whole-object checksum for a range, and the engine verifies each downloaded file
 * against the sha256 in its meta.
 */
final class ObjectGets {
  // Network failures tolerated before the direct path gives way to the SDK for good: a stale
  // pooled connection now and then should not cost a long pull its fast path.
  private static final int NETWORK_FAILURES_ALLOWED = 3;

  /**
   * Sees the direct GETs, as an {@link ExecutionInterceptor} sees the SDK's: tests record them
   * through the interceptor list the driver is given.
   */
  interface Observer {
    /** Before the request is built; may act, as an interceptor's {@code beforeExecution}. */
    void beforeDirectGet(GetObjectRequest request);

    /** The signed request about to be sent; the returned action runs once it has answered. */
    Runnable directGetSent(SdkHttpRequest request);
  }

  private final Supplier<S3Client> s3;
  private final SdkHttpClient http;
  private final S3Credentials credentials;
  private final List<Observer> observers;
  private final String region;
  private final boolean checksums;
  // The object URL up to the key ("http://host:port/bucket/"); null when the direct path is off.
  private volatile String base;
  private final AtomicInteger networkFailures = new AtomicInteger();
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  ObjectGets(
      Supplier<S3Client> s3,
      SdkHttpClient http,
      S3Settings settings,
      Region region,
      List<ExecutionInterceptor> interceptors) {
    this.s3 = s3;
    this.http = http;
    this.credentials = settings.credentials();
    this.observers =
        interceptors.stream().filter(Observer.class::isInstance).map(Observer.class::cast).toList();
    this.region = region.id();
    this.checksums = settings.checksums();
    this.base = baseUrl(s3, settings, region).orElse(null);
  }

  /**
   * Opens {@code request}'s object; throws what {@link S3Client#getObject(GetObjectRequest)}
   * throws. Only the bucket, key, range and If-Match of the request are sent directly.
   */
  ResponseInputStream<GetObjectResponse> open(GetObjectRequest request) {
    String at = base;
    if (at != null && (request.range() != null || !checksums)) {
      ResponseInputStream<GetObjectResponse> answered = tryDirect(at, request);
      if (answered != null) {
        return answered;
      }
    }
    return s3.get().getObject(request);
  }

  /** The open body of a 200 or 206, or null to let the SDK make the request. */
  private ResponseInputStream<GetObjectResponse> tryDirect(String at, GetObjectRequest request) {
    observers.forEach(o -> o.beforeDirectGet(request));
    SdkHttpRequest signed;
    try {
      signed = sign(at, request);
    } catch (RuntimeException e) {
      // No credentials, say: the SDK will fail the same way and say so in its terms.
      return null;
    }
    ExecutableHttpRequest call =
        http.prepareRequest(HttpExecuteRequest.builder().request(signed).build());
    List<Runnable> answered = observers.stream().map(o -> o.directGetSent(signed)).toList();
    HttpExecuteResponse response;
    try {
      response = call.call();
    } catch (IOException | RuntimeException e) {
      if (networkFailures.incrementAndGet() >= NETWORK_FAILURES_ALLOWED) {
        base = null;
      }
      return null;
    } finally {
      answered.forEach(Runnable::run);
    }
    SdkHttpResponse head = response.httpResponse();
    Optional<AbortableInputStream> body = response.responseBody();
    Optional<String> length = head.firstMatchingHeader("Content-Length");
    int status = head.statusCode();
    if ((status == 200 || status == 206) && body.isPresent() && length.isPresent()) {
      try {
        return new ResponseInputStream<>(
            responseOf(head, Long.parseLong(length.get())), body.get());
      } catch (NumberFormatException e) {
        // An unreadable length: the SDK's reading of the same answer decides.
      }
    }
    body.ifPresent(ObjectGets::abort);
    if (status != 404 && status != 412 && status != 416) {
      base = null;
    }
    return null;
  }

  private SdkHttpRequest sign(String at, GetObjectRequest request) {
    SdkHttpRequest.Builder http =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(URI.create(at + SdkHttpUtils.urlEncodeIgnoreSlashes(request.key())));
    if (request.range() != null) {
      http.putHeader("Range", request.range());
    }
    if (request.ifMatch() != null) {
      http.putHeader("If-Match", request.ifMatch());
    }
    AwsCredentialsIdentity identity = credentials.provider().resolveCredentials();
    // As the SDK signs S3 requests: the key's path is signed as sent, neither re-encoded nor
    // normalised, and the (empty) payload is signed only where the SDK insists (plain http).
    return signer
        .sign(
            r ->
                r.identity(identity)
                    .request(http.build())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false))
        .request();
  }

  private static GetObjectResponse responseOf(SdkHttpResponse head, long length) {
    return GetObjectResponse.builder()
        .contentLength(length)
        .contentRange(head.firstMatchingHeader("Content-Range").orElse(null))
        .eTag(head.firstMatchingHeader("ETag").orElse(null))
        .build();
  }

  /**
   * The URL of the bucket's objects up to the key, as the SDK resolves it (endpoint, region, path
   * or virtual-host style); empty if it does not end with the key, which the direct path assumes. A
   * custom endpoint wins over everything else: path-style, the URL is the endpoint and the bucket
   * (the SDK's endpoint rules, ~80 ms of a cold start, are not needed for that); else it is
   * resolved without building the client. On AWS the client itself resolves it, so that its FIPS
   * and dual-stack settings apply.
   */
  private static Optional<String> baseUrl(
      Supplier<S3Client> s3, S3Settings settings, Region region) {
    if (settings.endpoint().isPresent() && settings.pathStyle()) {
      String endpoint = settings.endpoint().get().toString();
      if (endpoint.indexOf('?') < 0 && endpoint.indexOf('#') < 0) {
        return Optional.of(
            (endpoint.endsWith("/") ? endpoint : endpoint + "/") + settings.bucket() + "/");
      }
    }
    String probe = "assetkit-probe";
    try {
      S3Utilities utilities;
      if (settings.endpoint().isPresent()) {
        utilities =
            S3Utilities.builder()
                .region(region)
                .endpoint(settings.endpoint().get())
                .s3Configuration(
                    S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build())
                .build();
      } else {
        utilities = s3.get().utilities();
      }
      String url = utilities.getUrl(b -> b.bucket(settings.bucket()).key(probe)).toString();
      if (url.endsWith("/" + probe) && !url.contains("?")) {
        return Optional.of(url.substring(0, url.length() - probe.length()));
      }
    } catch (RuntimeException e) {
      // An unusual bucket name or endpoint: the SDK knows what to do with it.
    }
    return Optional.empty();
  }

  private static void abort(AbortableInputStream body) {
    // Dropping the connection is cheaper than reading an error body nobody looks at.
    body.abort();
    try {
      body.close();
    } catch (IOException e) {
      // Aborted already.
    }
  }
}
