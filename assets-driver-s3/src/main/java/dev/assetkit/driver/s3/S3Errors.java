package dev.assetkit.driver.s3;

import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place where SDK and I/O failures become {@link StorageException}s: a reason, and a
 * one-line message that names the bucket or object and says how to fix it. Never a secret: only the
 * name of where credentials came from.
 */
final class S3Errors {
  private static final Set<String> ACCESS_DENIED_CODES =
      Set.of(
          "AccessDenied",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "InvalidToken",
          "TokenRefreshRequired",
          "AllAccessDisabled",
          "AccountProblem",
          "InvalidSecurity");
  private static final Set<String> THROTTLED_CODES =
      Set.of(
          "SlowDown",
          "Throttling",
          "ThrottlingException",
          "RequestLimitExceeded",
          "TooManyRequests",
          "TooManyRequestsException");
  private static final Set<String> WRONG_REGION_CODES =
      Set.of(
          "PermanentRedirect",
          "AuthorizationHeaderMalformed",
          "IllegalLocationConstraintException",
          "TemporaryRedirect");

  private final String bucket;
  private final String where;
  private final String credentialSource;
  private final Duration timeout;

  S3Errors(String bucket, String where, String credentialSource, Duration timeout) {
    this.bucket = bucket;
    this.where = where;
    this.credentialSource = credentialSource;
    this.timeout = timeout;
  }

  static S3Errors of(S3Settings settings, Duration timeout) {
    return new S3Errors(
        settings.bucket(), settings.where(), settings.credentials().source(), timeout);
  }

  /**
   * Translates a failure of a request about {@code key} (or about the bucket when {@code key} is
   * null).
   */
  StorageException translate(Throwable failure, String key) {
    if (failure instanceof StorageException) {
      return (StorageException) failure;
    }
    String target = key == null ? "S3 bucket '" + bucket + "'" : uri(key);
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof LocalFileException) {
        return new StorageException(
            Reason.OTHER, target + ": " + oneLine(String.valueOf(t.getMessage())), failure);
      }
    }
    if (failure instanceof SdkServiceException) {
      return service((SdkServiceException) failure, target);
    }
    if (failure instanceof ApiCallTimeoutException
        || failure instanceof ApiCallAttemptTimeoutException) {
      return new StorageException(
          Reason.TIMEOUT,
          target
              + ": no answer from "
              + where
              + " within "
              + timeout.toSeconds()
              + " s; check the network or raise ASSETS_STORAGE_TIMEOUT_S",
          failure);
    }
    if (failure instanceof SdkClientException || failure instanceof UncheckedIOException) {
      return client(failure, target);
    }
    return new StorageException(
        Reason.OTHER, target + ": " + oneLine(String.valueOf(failure.getMessage())), failure);
  }

  /** A read of the network stream failed, for {@code key}. */
  StorageException network(IOException failure, String key) {
    return client(failure, uri(key));
  }

  String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  private StorageException service(SdkServiceException e, String target) {
    int status = e.statusCode();
    // Bodiless answers (HEAD) have no code; "" keeps the Set lookups below null-safe.
    String code = errorCode(e) == null ? "" : errorCode(e);
    String detail =
        "(" + (code.isEmpty() ? "" : code + ", ") + "HTTP " + status + requestId(e) + ")";

    if ("NoSuchBucket".equals(code)) {
      return bucketNotFound(e);
    }
    if ("NoSuchUpload".equals(code)) {
      // A multipart upload completed or aborted already (a retried completion finds it gone).
      return new StorageException(Reason.NOT_FOUND, target + ": no such upload " + detail, e);
    }
    if ("NoSuchKey".equals(code)
        || (status == 404 && (code.isEmpty() || "NotFound".equals(code)))) {
      return new StorageException(Reason.NOT_FOUND, target + ": no such object " + detail, e);
    }
    if (status == 412
        || "PreconditionFailed".equals(code)
        || "ConditionalRequestConflict".equals(code)) {
      return new StorageException(
          Reason.PRECONDITION_FAILED,
          target
              + ": the write's condition did not hold "
              + detail
              + "; another writer created or changed the object",
          e);
    }
    if (ACCESS_DENIED_CODES.contains(code) || status == 401 || status == 403) {
      return new StorageException(
          Reason.ACCESS_DENIED,
          target
              + ": access denied "
              + detail
              + accessHint(code)
              + " with credentials from "
              + credentialSource
              + " at "
              + where
              + "; check them and that they may use bucket '"
              + bucket
              + "'",
          e);
    }
    if (status == 429 || status == 503 || THROTTLED_CODES.contains(code)) {
      return new StorageException(
          Reason.THROTTLED,
          target
              + ": "
              + where
              + " asks to slow down "
              + detail
              + "; retry later or lower the parallelism",
          e);
    }
    if (WRONG_REGION_CODES.contains(code) || status == 301 || status == 307) {
      return new StorageException(
          Reason.INVALID_CONFIGURATION,
          target
              + ": bucket '"
              + bucket
              + "' is not where the request went "
              + detail
              + "; set AWS_REGION to the bucket's region",
          e);
    }
    if ("RequestTimeout".equals(code) || (status >= 500 && status != 501)) {
      return new StorageException(
          Reason.UNAVAILABLE, target + ": " + where + " failed " + detail + "; retry later", e);
    }
    String message = errorMessage(e);
    return new StorageException(
        Reason.OTHER,
        target
            + ": "
            + where
            + " refused the request "
            + detail
            + (message == null ? "" : ": " + oneLine(message)),
        e);
  }

  private StorageException bucketNotFound(Throwable cause) {
    return new StorageException(
        Reason.BUCKET_NOT_FOUND,
        "S3 bucket '"
            + bucket
            + "' does not exist at "
            + where
            + "; create it or fix ASSETS_STORAGE_BUCKET",
        cause);
  }

  /** The bucket turned out missing after a bodiless 404 (HEAD). */
  StorageException bucketNotFound() {
    return bucketNotFound(null);
  }

  private StorageException client(Throwable e, String target) {
    Throwable io = firstIoCause(e);
    String text = oneLine(rootMessage(e));
    if (io instanceof InterruptedIOException) {
      // Socket and connection-pool timeouts.
      return new StorageException(
          Reason.TIMEOUT,
          target + ": " + where + " did not answer in time: " + text + "; check the network",
          e);
    }
    if (io != null) {
      return new StorageException(
          Reason.UNAVAILABLE,
          target + ": cannot reach " + where + ": " + text + "; check the endpoint and the network",
          e);
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    // The SDK says these only in its message; there is no type to test.
    if (message.contains("checksum")) {
      return new StorageException(
          Reason.CORRUPT, target + ": the bytes received do not match their checksum", e);
    }
    if (message.contains("unable to unmarshall response")) {
      // An answer cut or garbled in transit (seen: headers truncated mid-date): retry it.
      return new StorageException(
          Reason.UNAVAILABLE,
          target + ": the answer from " + where + " was cut or garbled: " + text,
          e);
    }
    if (message.contains("unable to load credentials")) {
      return new StorageException(
          Reason.ACCESS_DENIED,
          target
              + ": no AWS credentials found by "
              + credentialSource
              + "; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE",
          e);
    }
    if (e instanceof SdkClientException && ((SdkClientException) e).retryable()) {
      return new StorageException(Reason.UNAVAILABLE, target + ": " + text, e);
    }
    return new StorageException(Reason.OTHER, target + ": " + text, e);
  }

  private static String accessHint(String code) {
    if ("InvalidAccessKeyId".equals(code)) {
      return ": the server does not know the access key id";
    }
    if ("SignatureDoesNotMatch".equals(code)) {
      return ": the secret key does not match the access key id";
    }
    if ("ExpiredToken".equals(code) || "TokenRefreshRequired".equals(code)) {
      return ": the session token expired";
    }
    return "";
  }

  private static String errorCode(SdkServiceException e) {
    if (e instanceof AwsServiceException) {
      AwsServiceException aws = (AwsServiceException) e;
      if (aws.awsErrorDetails() != null) {
        return aws.awsErrorDetails().errorCode();
      }
    }
    return null;
  }

  private static String errorMessage(SdkServiceException e) {
    if (e instanceof AwsServiceException) {
      AwsServiceException aws = (AwsServiceException) e;
      if (aws.awsErrorDetails() != null) {
        return aws.awsErrorDetails().errorMessage();
      }
    }
    return null;
  }

  private static String requestId(SdkServiceException e) {
    return e.requestId() == null ? "" : ", request id " + e.requestId();
  }

  private static Throwable firstIoCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }

  private static String oneLine(String text) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }
}
