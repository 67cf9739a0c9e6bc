package dev.assetkit.driver.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * AWS Signature Version 4 for the direct requests: a GET, or a PUT of one object, without a query,
 * signed as the SDK's {@code AwsV4HttpSigner} signs it for S3 (the same headers, the same {@code
 * Authorization}, which {@code DirectSignerTest} checks against it), with less work per request.
 *
 * <p>Why: in a 10,000-object pull from S3Proxy the SDK's signer took a third of the CPU of each
 * direct GET, and in a 10,000-file push more than the HTTP exchange itself (async-profiler,
 * bench/analysis.md): it resolves its properties, builds and sorts generic header maps, formats the
 * date and derives the signing key for every request, and reads a body through the SDK's checksum
 * classes. Here the date string is made once per second, the signing key once per day, and the
 * canonical request holds the few headers these requests carry. Anything else (a query, as the
 * parts of a multipart upload have) goes to the SDK's signer.
 */
final class DirectSigner {
  /**
   * The payload "hash" of a request whose body is not signed: a GET, or any request over https, as
   * the SDK's signer sends them for S3 (or over http with {@code S3_UNSIGNED_PAYLOAD}).
   */
  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  // Headers the SDK's signer leaves out of a signature (proxies and clients may change them).
  private static final Set<String> UNSIGNED_HEADERS =
      Set.of("connection", "x-amzn-trace-id", "user-agent", "expect");
  private static final HexFormat HEX = HexFormat.of();
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  // Per thread: Mac and MessageDigest instances are not thread-safe, and getInstance looks the
  // algorithm up among the providers each time.
  private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(DirectSigner::newHmac);
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(DirectSigner::newSha256);

  private final String region;
  private final Clock clock;
  private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "", "");
  private volatile SigningKey signingKey = new SigningKey("", "", new byte[0]);

  /** The time of a signature, to the second, in the two forms SigV4 uses. */
  private record Stamp(long epochSecond, String dateTime, String date) {}

  /** The key derived from a secret for one day, region and service. */
  private record SigningKey(String secret, String date, byte[] key) {}

  DirectSigner(String region, Clock clock) {
    this.region = region;
    this.clock = clock;
  }

  /** Whether {@link #sign} takes {@code request}: no query, and a path to sign as it is. */
  static boolean canSign(SdkHttpRequest request) {
    return request.rawQueryParameters().isEmpty() && request.encodedPath().startsWith("/");
  }

  /**
   * {@code request} with the {@code Host}, {@code X-Amz-Date}, {@code x-amz-content-sha256} (the
   * {@code payloadHash}: {@link #UNSIGNED_PAYLOAD} or {@link #sha256Hex} of the body), the session
   * token if any, and the {@code Authorization} that signs them and its other headers.
   */
  SdkHttpRequest sign(SdkHttpRequest request, AwsCredentialsIdentity identity, String payloadHash) {
    Stamp now = stamp();
    SdkHttpRequest.Builder signed = request.toBuilder();
    signed.putHeader("Host", host(request));
    signed.putHeader("X-Amz-Date", now.dateTime());
    signed.putHeader("x-amz-content-sha256", payloadHash);
    if (identity instanceof AwsSessionCredentialsIdentity session) {
      signed.putHeader("X-Amz-Security-Token", session.sessionToken());
    }
    // Lower-cased names in order, as SigV4 wants them; the values trimmed, runs of spaces as one.
    Map<String, String> headers = new TreeMap<>();
    signed.forEachHeader(
        (name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (UNSIGNED_HEADERS.contains(lower)) {
            return;
          }
          List<String> trimmed = new ArrayList<>(values.size());
          values.forEach(value -> trimmed.add(trimAll(value)));
          headers.merge(lower, String.join(",", trimmed), (a, b) -> a + "," + b);
        });
    StringBuilder canonical = new StringBuilder(256);
    canonical.append(request.method().name()).append('\n');
    canonical.append(request.encodedPath()).append("\n\n"); // the path as sent; no query
    headers.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
    String signedHeaders = String.join(";", headers.keySet());
    canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);

    String scope = now.date() + "/" + region + "/s3/aws4_request";
    String toSign =
        ALGORITHM + "\n" + now.dateTime() + "\n" + scope + "\n" + HEX.formatHex(sha256(canonical));
    String signature = HEX.formatHex(hmac(key(identity.secretAccessKey(), now.date()), toSign));
    signed.putHeader(
        "Authorization",
        ALGORITHM
            + " Credential="
            + identity.accessKeyId()
            + "/"
            + scope
            + ", SignedHeaders="
            + signedHeaders
            + ", Signature="
            + signature);
    return signed.build();
  }

  /** The Host header as sent: the port only when it is not the scheme's default. */
  private static String host(SdkHttpRequest request) {
    return SdkHttpUtils.isUsingStandardPort(request.protocol(), request.port())
        ? request.host()
        : request.host() + ":" + request.port();
  }

  private Stamp stamp() {
    Instant instant = clock.instant();
    long second = instant.getEpochSecond();
    Stamp current = stamp;
    if (current.epochSecond() != second) {
      String dateTime = DATE_TIME.format(instant);
      current = new Stamp(second, dateTime, dateTime.substring(0, 8)); // yyyyMMdd
      stamp = current;
    }
    return current;
  }

  private byte[] key(String secret, String date) {
    SigningKey current = signingKey;
    if (!current.date().equals(date) || !current.secret().equals(secret)) {
      byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
      key = hmac(key, region);
      key = hmac(key, "s3");
      key = hmac(key, "aws4_request");
      current = new SigningKey(secret, date, key);
      signingKey = current;
    }
    return current.key();
  }

  /**
   * The lowercase hex SHA-256 of a body, read once here (and once more to be sent), in 64 KiB
   * reads.
   */
  static String sha256Hex(ContentStreamProvider body) throws IOException {
    MessageDigest digest = SHA256.get();
    digest.reset();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = body.newStream()) {
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
    }
    return HEX.formatHex(digest.digest());
  }

  /** {@code value} trimmed, each run of spaces inside it made one, as SigV4 canonicalises. */
  static String trimAll(String value) {
    String trimmed = value.trim();
    if (trimmed.indexOf("  ") < 0) {
      return trimmed;
    }
    StringBuilder out = new StringBuilder(trimmed.length());
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c != ' ' || out.charAt(out.length() - 1) != ' ') {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static byte[] sha256(CharSequence text) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    return digest.digest(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(byte[] key, String text) {
    Mac mac = HMAC.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 refused a key", e);
    }
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Mac newHmac() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
