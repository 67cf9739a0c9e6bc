package dev.assetkit.driver.gcs;

import com.google.cloud.BaseServiceException;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * The one place where the client's errors become {@link StorageException}s: a reason, whether to
 * retry, and a one-line message naming the bucket or object, the credentials' source (never the
 * credentials) and how to fix it.
 */
final class GcsErrors {
  private static final int MAX_DETAIL = 200;

  private final String bucket;
  private final String endpoint;
  private final String credentialsSource;

  GcsErrors(String bucket, String endpoint, String credentialsSource) {
    this.bucket = bucket;
    this.endpoint = endpoint;
    this.credentialsSource = credentialsSource;
  }

  /** Translates a failure of an operation on {@code key} (or on the bucket when it is null). */
  StorageException translate(Throwable failure, String key) {
    return translate(failure, key, false);
  }

  /**
   * Translates a failure of an operation on {@code key}.
   *
   * @param conditionalWrite whether the failed operation was a write with a precondition: a 409
   *     (another request changed the object at the same time) then means the condition lost
   */
  StorageException translate(Throwable failure, String key, boolean conditionalWrite) {
    if (failure instanceof StorageException translated) {
      return translated;
    }
    String where = uri(key);
    BaseServiceException service = serviceException(failure);
    int code = service == null ? 0 : service.getCode();
    String detail = service == null ? "" : detail(service);
    if (code == 404) {
      return bucketMissing(detail) ? bucketNotFound(failure) : notFound(key, failure);
    }
    if (code == 401 || code == 403) {
      return new StorageException(
          Reason.ACCESS_DENIED,
          "access denied to "
              + where
              + " (HTTP "
              + code
              + ": "
              + detail
              + "); credentials: "
              + credentialsSource
              + "; grant them access to bucket '"
              + bucket
              + "' (e.g. roles/storage.objectAdmin) or set GOOGLE_APPLICATION_CREDENTIALS",
          failure);
    }
    if (code == 412 || code == 409 && conditionalWrite) {
      return preconditionFailed(key, failure);
    }
    if (code == 429) {
      return new StorageException(
          Reason.THROTTLED,
          "GCS is throttling requests to "
              + where
              + " (HTTP 429: "
              + detail
              + "); retry later or lower the parallelism",
          failure);
    }
    if (code == 408) {
      return timeout(where, "HTTP 408: " + detail, failure);
    }
    if (code >= 500 || code == 409) {
      return new StorageException(
          Reason.UNAVAILABLE,
          "GCS failed on " + where + " (HTTP " + code + ": " + detail + "); retrying may help",
          failure);
    }
    if (code > 0) {
      return new StorageException(
          Reason.OTHER,
          "GCS refused the request on " + where + " (HTTP " + code + ": " + detail + ")",
          failure);
    }
    return transport(failure, where);
  }

  /** The object is not there. */
  StorageException notFound(String key, Throwable cause) {
    return new StorageException(Reason.NOT_FOUND, "no object " + uri(key), cause);
  }

  /** The bucket is not there. */
  StorageException bucketNotFound(Throwable cause) {
    return new StorageException(
        Reason.BUCKET_NOT_FOUND,
        "bucket '"
            + bucket
            + "' does not exist at "
            + endpoint
            + "; create it or fix ASSETS_STORAGE_BUCKET",
        cause);
  }

  /** A write's precondition did not hold. */
  StorageException preconditionFailed(String key, Throwable cause) {
    return new StorageException(
        Reason.PRECONDITION_FAILED,
        uri(key) + " was not written: it exists already or changed since its tag was read",
        cause);
  }

  String uri(String key) {
    return key == null ? "gs://" + bucket : "gs://" + bucket + "/" + key;
  }

  private StorageException transport(Throwable failure, String where) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException) {
        return timeout(where, t.getClass().getSimpleName() + ": " + t.getMessage(), failure);
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException) {
        return new StorageException(
            Reason.UNAVAILABLE,
            "cannot reach GCS at "
                + endpoint
                + " for "
                + where
                + " ("
                + t.getClass().getSimpleName()
                + ": "
                + t.getMessage()
                + "); check the network"
                + (endpoint.equals(GcsSettings.DEFAULT_ENDPOINT)
                    ? ""
                    : " and " + GcsSettings.EMULATOR_HOST),
            failure);
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return new StorageException(
            Reason.UNAVAILABLE,
            "GCS connection failed for "
                + where
                + " ("
                + t.getClass().getSimpleName()
                + ": "
                + t.getMessage()
                + "); retrying may help",
            failure);
      }
    }
    return new StorageException(
        Reason.OTHER, "GCS operation on " + where + " failed: " + failure, failure);
  }

  private StorageException timeout(String where, String detail, Throwable cause) {
    return new StorageException(
        Reason.TIMEOUT,
        "GCS did not answer in time for "
            + where
            + " ("
            + detail
            + "); raise ASSETS_STORAGE_TIMEOUT_S or check the network",
        cause);
  }

  private static BaseServiceException serviceException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BaseServiceException service && service.getCode() > 0) {
        return service;
      }
    }
    return null;
  }

  // GCS says "The specified bucket does not exist." for a missing bucket, "No such object: b/k"
  // for a missing object; both have the reason "notFound".
  private static boolean bucketMissing(String detail) {
    String lower = detail.toLowerCase(Locale.ROOT);
    return lower.contains("bucket") && !lower.contains("no such object");
  }

  private static String detail(BaseServiceException service) {
    String message = service.getMessage() == null ? "" : service.getMessage().strip();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline).strip();
    }
    return message.length() > MAX_DETAIL ? message.substring(0, MAX_DETAIL) + "..." : message;
  }
}
