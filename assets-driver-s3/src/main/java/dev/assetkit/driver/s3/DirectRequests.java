package dev.assetkit.driver.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Object GETs, single PUTs and the parts of multipart uploads signed here and sent straight through
 * an HTTP client (the SDK's connection pool, or for a plain {@code http://} endpoint without a
 * proxy the lighter {@link PlainHttpClient}), with the SDK's {@code getObject}, {@code putObject}
 * and {@code uploadPart} behind them for everything but a plain success.
 *
 * <p>Why: the SDK's request pipeline (interceptors, endpoint rules, auth-scheme resolution,
 * marshalling, unmarshalling every response header, and over plain http the {@code aws-chunked}
 * signing of every body) costs more CPU per small object than the HTTP exchange itself. Measured
 * against S3Proxy on loopback, 10,000 objects of 4 KiB from 8 threads in a fresh JVM: GETs 9.2–10.9
 * s of CPU through the SDK, 4.0 s signed with the SDK's own SigV4 signer and sent through the same
 * Apache client; PUTs 11.1 s and 4.8 s (bench/analysis.md). On a 2-core machine that shares its CPU
 * with the server, that is most of a many-file pull or push.
 *
 * <p>Only the answer the caller wants (a 200 or 206 with a length, a 200 to a PUT) is read here.
 * Any other answer, and any failure to get one, makes the same request again through the SDK, whose
 * retries, error translation and region redirects then decide, so there is one error path, the
 * SDK's. A refusal that a wrong signature, a wrong region or an unusual endpoint would explain
 * (anything but 404, 409, 412, 416 and 5xx) turns the direct path off for the rest of this driver's
 * life, as do repeated network failures or 5xx answers; so it costs at most a few extra requests
 * where it does not apply. A PUT whose answer was lost may have landed: the SDK's conditional PUT
 * then fails as the SDK's own retry would, and the engine checks the object.
 *
 * <p>Where checksums are on (the default on AWS; {@code AWS_REQUEST_CHECKSUM_CALCULATION}), PUTs
 * and whole-object reads (metas and indexes) stay with the SDK, which adds and checks them. Ranged
 * GETs, i.e. every download of a data file, go direct either way: S3 returns no whole-object
 * checksum for a range, and the engine verifies each downloaded file against the sha256 in its
 * meta. Bodies are signed as the SDK signs them: over plain http the payload's SHA-256 is signed
 * (in one header, without the SDK's per-chunk framing) unless {@code S3_UNSIGNED_PAYLOAD} is set;
 * over https it is not. Requests without a query (GETs and single PUTs) are signed by {@link
 * DirectSigner}, to the same headers as the SDK's signer with much less CPU; the parts of a
 * multipart upload by the SDK's.
 */
final class DirectRequests {
  // Network failures and 5xx answers tolerated before the direct path gives way to the SDK for
  // good: a stale pooled connection or a busy server now and then should not cost a long transfer
  // its fast path.
  private static final int TRANSIENT_FAILURES_ALLOWED = 3;
  private static final String GET_OBJECT = "GetObject";
  private static final String PUT_OBJECT = "PutObject";
  private static final String UPLOAD_PART = "UploadPart";

  /**
   * Sees the direct requests, as an {@link ExecutionInterceptor} sees the SDK's: tests record them
   * through the interceptor list the driver is given.
   */
  interface Observer {
    /**
     * Before the request is signed and sent; may act, as an interceptor's {@code beforeExecution}.
     */
    void beforeDirect(String operation, SdkRequest request);

    /** The signed request about to be sent; the returned action runs once it has answered. */
    Runnable directSent(String operation, SdkHttpRequest request);
  }

  private final Supplier<S3Client> s3;
  private final SdkHttpClient http;
  private final S3Credentials credentials;
  private final List<Observer> observers;
  private final String region;
  private final boolean checksums;
  private final HttpSigner<AwsCredentialsIdentity> signer;
  private final DirectSigner direct;
  private final boolean unsignedPayload;
  // The object URL up to the key ("http://host:port/bucket/"); null when the direct path is off.
  private volatile String base;
  private final AtomicInteger transientFailures = new AtomicInteger();

  DirectRequests(
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
    // The signer decides about the payload as for the SDK's requests: unsigned over https, signed
    // over plain http unless S3_UNSIGNED_PAYLOAD (see UnsignedPayloadSigner).
    this.signer =
        settings.unsignedPayload() ? new UnsignedPayloadSigner() : AwsV4HttpSigner.create();
    // The same signatures as those, with less work, for every request without a query.
    this.direct = new DirectSigner(this.region, Clock.systemUTC());
    this.unsignedPayload = settings.unsignedPayload();
  }

  /**
   * Opens {@code request}'s object; throws what {@link S3Client#getObject(GetObjectRequest)}
   * throws. Only the bucket, key, range and If-Match of the request are sent directly.
   */
  ResponseInputStream<GetObjectResponse> open(GetObjectRequest request) {
    String at = base;
    if (at != null && (request.range() != null || !checksums)) {
      SdkHttpRequest.Builder get = requestFor(at, SdkHttpMethod.GET, request.key());
      header(get, "Range", request.range());
      header(get, "If-Match", request.ifMatch());
      HttpExecuteResponse response = send(GET_OBJECT, request, get, null);
      if (response != null) {
        SdkHttpResponse head = response.httpResponse();
        int status = head.statusCode();
        Optional<AbortableInputStream> body = response.responseBody();
        Optional<Long> length =
            head.firstMatchingHeader("Content-Length").flatMap(DirectRequests::number);
        if ((status == 200 || status == 206) && body.isPresent() && length.isPresent()) {
          // No read timeout task: the SDK schedules one per stream (and cancels it at the first
          // read) against callers that never read; ours always read or abort, and the task cost
          // a queue insertion and removal, under a lock, per object.
          return new ResponseInputStream<>(
              responseOf(head, length.get()), body.get(), Duration.ZERO);
        }
        refused(status, body);
      }
    }
    return s3.get().getObject(request);
  }

  /**
   * Writes {@code body} as {@code request} says; returns or throws what {@link
   * S3Client#putObject(PutObjectRequest, RequestBody)} does. Only the bucket, key, length,
   * conditions and SSE-KMS settings of the request are sent directly.
   */
  PutObjectResponse put(PutObjectRequest request, RequestBody body) {
    String at = base;
    if (at != null && !checksums) {
      SdkHttpRequest.Builder put = requestFor(at, SdkHttpMethod.PUT, request.key());
      header(put, "Content-Length", String.valueOf(request.contentLength()));
      header(put, "Content-Type", body.contentType());
      header(put, "If-None-Match", request.ifNoneMatch());
      header(put, "If-Match", request.ifMatch());
      header(put, "x-amz-server-side-encryption", request.serverSideEncryptionAsString());
      header(put, "x-amz-server-side-encryption-aws-kms-key-id", request.ssekmsKeyId());
      HttpExecuteResponse response = send(PUT_OBJECT, request, put, body.contentStreamProvider());
      if (response != null) {
        int status = response.httpResponse().statusCode();
        if (status == 200) {
          response.responseBody().ifPresent(DirectRequests::closeQuietly);
          return PutObjectResponse.builder()
              .eTag(response.httpResponse().firstMatchingHeader("ETag").orElse(null))
              .build();
        }
        refused(status, response.responseBody());
      }
    }
    return s3.get().putObject(request, body);
  }

  /**
   * Sends one part of a multipart upload; returns or throws what {@link
   * S3Client#uploadPart(UploadPartRequest, RequestBody)} does. Only the bucket, key, upload id,
   * part number and length of the request are sent directly. A part sent again replaces itself, so
   * the SDK's second try after a failed direct one is harmless.
   */
  UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
    String at = base;
    if (at != null && !checksums) {
      SdkHttpRequest.Builder put =
          requestFor(at, SdkHttpMethod.PUT, request.key())
              .appendRawQueryParameter("partNumber", String.valueOf(request.partNumber()))
              .appendRawQueryParameter("uploadId", request.uploadId());
      header(put, "Content-Length", String.valueOf(request.contentLength()));
      HttpExecuteResponse response = send(UPLOAD_PART, request, put, body.contentStreamProvider());
      if (response != null) {
        int status = response.httpResponse().statusCode();
        Optional<String> eTag = response.httpResponse().firstMatchingHeader("ETag");
        if (status == 200 && eTag.isPresent()) {
          response.responseBody().ifPresent(DirectRequests::closeQuietly);
          return UploadPartResponse.builder().eTag(eTag.get()).build();
        }
        refused(status, response.responseBody());
      }
    }
    return s3.get().uploadPart(request, body);
  }

  private SdkHttpRequest.Builder requestFor(String at, SdkHttpMethod method, String key) {
    return SdkHttpRequest.builder()
        .method(method)
        .uri(URI.create(at + SdkHttpUtils.urlEncodeIgnoreSlashes(key)));
  }

  private static void header(SdkHttpRequest.Builder request, String name, String value) {
    if (value != null) {
      request.putHeader(name, value);
    }
  }

  /** The answer, or null when there is none (the SDK then makes the request). */
  private HttpExecuteResponse send(
      String operation,
      SdkRequest original,
      SdkHttpRequest.Builder request,
      ContentStreamProvider payload) {
    observers.forEach(o -> o.beforeDirect(operation, original));
    SdkHttpRequest signed;
    ContentStreamProvider body;
    try {
      SdkHttpRequest unsigned = request.build();
      AwsCredentialsIdentity identity = credentials.provider().resolveCredentials();
      if (DirectSigner.canSign(unsigned)) {
        signed = direct.sign(unsigned, identity, payloadHash(unsigned, payload));
        body = payload;
      } else {
        SignedRequest withBody = sign(unsigned, identity, payload);
        signed = withBody.request();
        body = withBody.payload().orElse(null);
      }
    } catch (RuntimeException e) {
      // No credentials, say: the SDK will fail the same way and say so in its terms.
      return null;
    }
    ExecutableHttpRequest call =
        http.prepareRequest(
            HttpExecuteRequest.builder().request(signed).contentStreamProvider(body).build());
    List<Runnable> answered = observers.stream().map(o -> o.directSent(operation, signed)).toList();
    try {
      return call.call();
    } catch (IOException | RuntimeException e) {
      failedTransiently();
      return null;
    } finally {
      answered.forEach(Runnable::run);
    }
  }

  /**
   * What {@link #signer} puts in {@code x-amz-content-sha256}: the body's SHA-256 over plain http
   * (unless {@code S3_UNSIGNED_PAYLOAD}), else {@code UNSIGNED-PAYLOAD}, as for a GET.
   */
  private String payloadHash(SdkHttpRequest request, ContentStreamProvider payload) {
    if (payload == null || unsignedPayload || !"http".equals(request.protocol())) {
      return DirectSigner.UNSIGNED_PAYLOAD;
    }
    try {
      return DirectSigner.sha256Hex(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the body cannot be read: the SDK will say why
    }
  }

  private SignedRequest sign(
      SdkHttpRequest request, AwsCredentialsIdentity identity, ContentStreamProvider payload) {
    return sdkSign(signer, request, identity, payload, region, Clock.systemUTC());
  }

  /**
   * {@code request} signed by one of the SDK's signers as the direct requests have them sign it
   * (and as {@code DirectSignerTest} compares {@link DirectSigner} with): for S3, the key's path
   * signed as sent, neither re-encoded nor normalised, and a signed payload hashed whole rather
   * than framed in signed chunks.
   */
  static SignedRequest sdkSign(
      HttpSigner<AwsCredentialsIdentity> signer,
      SdkHttpRequest request,
      AwsCredentialsIdentity identity,
      ContentStreamProvider payload,
      String region,
      Clock clock) {
    return signer.sign(
        r ->
            r.identity(identity)
                .request(request)
                .payload(payload)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
  }

  /** A status the caller does not take: the SDK makes the request again and decides. */
  private void refused(int status, Optional<AbortableInputStream> body) {
    body.ifPresent(DirectRequests::abort);
    if (status >= 500) {
      failedTransiently();
    } else if (status != 404 && status != 409 && status != 412 && status != 416) {
      base = null;
    }
  }

  private void failedTransiently() {
    if (transientFailures.incrementAndGet() >= TRANSIENT_FAILURES_ALLOWED) {
      base = null;
    }
  }

  private static Optional<Long> number(String value) {
    try {
      return Optional.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty(); // an unreadable length: the SDK's reading of it decides
    }
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
    closeQuietly(body);
  }

  private static void closeQuietly(AbortableInputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // Nothing was expected from it.
    }
  }
}
