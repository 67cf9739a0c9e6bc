package dev.assetkit.driver.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The one place where Azure SDK failures become {@link StorageException}s: a reason, a one-line
 * message naming the container or object and how to fix it, and never a secret.
 *
 * <p>The SDK's {@link BlobStorageException} is never chained as a cause: its message carries the
 * service's response body, which for authentication failures echoes what was signed. A summary
 * (status, error code, request id) with the original stack trace is chained instead.
 */
final class AzureErrors {
  // A SAS signature or an account key that might appear in a transport error's text.
  private static final Pattern SECRETS =
      Pattern.compile("(?i)(sig=|AccountKey=|SharedAccessSignature=)[^&;\\s\"']*");

  private final String container;
  private final String endpoint;
  private final String credentialSource;
  private final Duration timeout;

  AzureErrors(AzureSettings settings, Duration timeout) {
    this.container = settings.container();
    this.endpoint = settings.endpoint();
    this.credentialSource = settings.credentialSource();
    this.timeout = timeout;
  }

  private static Optional<Throwable> transportFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.startsWith("io.netty.") || name.startsWith("reactor.netty.")) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * Translates a failure of {@code operation} (such as "download") on {@code uri}, done under
   * {@code condition}.
   */
  StorageException translate(Throwable error, String operation, String uri, Condition condition) {
    if (error instanceof StorageException storage) {
      return storage;
    }
    Optional<BlobStorageException> service = find(error, BlobStorageException.class);
    if (service.isPresent()) {
      return translateService(service.get(), operation, uri, condition);
    }
    Optional<FileRegionOutputStream.Overflow> overflow =
        find(error, FileRegionOutputStream.Overflow.class);
    if (overflow.isPresent()) {
      return new StorageException(
          Reason.CORRUPT,
          operation + " " + uri + " received more bytes than requested; retry",
          overflow.get());
    }
    Optional<FileRegionOutputStream.LocalWriteFailure> local =
        find(error, FileRegionOutputStream.LocalWriteFailure.class);
    if (local.isPresent()) {
      return new StorageException(
          Reason.OTHER,
          operation
              + " "
              + uri
              + " cannot write the local file: "
              + describe(local.get().getCause()),
          local.get().getCause());
    }
    if (isTimeout(error)) {
      return new StorageException(
          Reason.TIMEOUT,
          operation
              + " "
              + uri
              + " got no answer from "
              + endpoint
              + " within "
              + timeout.toSeconds()
              + " s; check the network or raise ASSETS_STORAGE_TIMEOUT_S",
          error);
    }
    Optional<Throwable> io = find(error, IOException.class).map(Throwable.class::cast);
    if (io.isEmpty()) {
      // The HTTP stack's own transport failures (a connection closed before the response headers,
      // a reset mid-body) are not IOExceptions, but they are just as transient.
      io = transportFailure(error);
    }
    if (io.isPresent()) {
      return new StorageException(
          Reason.UNAVAILABLE,
          operation
              + " "
              + uri
              + " cannot reach Azure Storage at "
              + endpoint
              + " ("
              + describe(io.get())
              + "); check the endpoint and the network",
          error);
    }
    return new StorageException(
        Reason.OTHER, operation + " " + uri + " failed unexpectedly: " + describe(error), error);
  }

  /**
   * The object changed between the ranges of one download (a later range's {@code If-Match} on the
   * first range's ETag failed): what was written mixes versions, so retry from the start.
   */
  StorageException changedDuringDownload(String uri) {
    return new StorageException(
        Reason.CORRUPT,
        uri + " was overwritten while it was being downloaded; retry to get the new version");
  }

  /**
   * The commit of a block upload named blocks the service no longer has: a concurrent write to the
   * same key replaced the blob and discarded this upload's staged blocks.
   */
  StorageException blocksDiscarded(String uri) {
    return new StorageException(
        Reason.UNAVAILABLE,
        "a concurrent write to " + uri + " discarded the blocks staged by this upload; retry");
  }

  /** The condition of a write did not hold (checked before sending any data). */
  static StorageException preconditionFailed(String uri, Condition condition) {
    return new StorageException(Reason.PRECONDITION_FAILED, preconditionMessage(uri, condition));
  }

  private StorageException translateService(
      BlobStorageException e, String operation, String uri, Condition condition) {
    int status = e.getStatusCode();
    BlobErrorCode code = e.getErrorCode();
    String codeName = code == null ? "no error code" : code.toString();
    String answer = "(HTTP " + status + " " + codeName + ")";
    String what = operation + " " + uri + " " + answer;
    Throwable cause = new ServiceError(e);
    if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)
        || BlobErrorCode.CONTAINER_BEING_DELETED.equals(code)) {
      return new StorageException(
          Reason.BUCKET_NOT_FOUND,
          "container '"
              + container
              + "' does not exist at "
              + endpoint
              + " ("
              + operation
              + " "
              + uri
              + "); create it or set ASSETS_STORAGE_BUCKET to an existing container",
          cause);
    }
    if (status == 404) {
      return new StorageException(Reason.NOT_FOUND, "no object " + uri + " " + answer, cause);
    }
    if (status == 401 || status == 403) {
      return new StorageException(
          Reason.ACCESS_DENIED,
          what
              + ": access to container '"
              + container
              + "' at "
              + endpoint
              + " denied with "
              + credentialSource
              + "; check that the key or SAS token is current and allows this operation",
          cause);
    }
    if (status == 412
        || BlobErrorCode.BLOB_ALREADY_EXISTS.equals(code)
        || (status == 409 && !(condition instanceof Condition.None))) {
      return new StorageException(
          Reason.PRECONDITION_FAILED, preconditionMessage(uri, condition) + " " + answer, cause);
    }
    if (status == 429 || BlobErrorCode.SERVER_BUSY.equals(code)) {
      return new StorageException(
          Reason.THROTTLED, what + ": Azure Storage asks to slow down; retry later", cause);
    }
    if (BlobErrorCode.OPERATION_TIMED_OUT.equals(code)) {
      return new StorageException(
          Reason.TIMEOUT, what + ": the service timed out; retry later", cause);
    }
    if (status >= 500) {
      return new StorageException(
          Reason.UNAVAILABLE, what + ": Azure Storage failed; retry later", cause);
    }
    return new StorageException(
        Reason.OTHER, what + ": refused by Azure Storage at " + endpoint, cause);
  }

  private static String preconditionMessage(String uri, Condition condition) {
    if (condition instanceof Condition.IfTagMatches ifTag) {
      return uri + " is no longer at tag " + ifTag.tag() + " (changed or deleted); read it again";
    }
    return uri + " already exists; it was not overwritten";
  }

  private static boolean isTimeout(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof SocketTimeoutException
          // Netty's and reactor-netty's timeout exceptions, without compiling against them.
          || t.getClass().getSimpleName().endsWith("TimeoutException")) {
        return true;
      }
    }
    return false;
  }

  private static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }

  /** The exception's class and message, secrets blanked, cut to one short line. */
  static String describe(Throwable t) {
    String message = t.getMessage() == null ? "" : ": " + t.getMessage();
    String line = (t.getClass().getSimpleName() + message).replaceAll("\\s+", " ");
    line = SECRETS.matcher(line).replaceAll("$1REDACTED");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** Stands in for a {@link BlobStorageException} as a cause: what support needs, no body. */
  static final class ServiceError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final HttpHeaderName REQUEST_ID = HttpHeaderName.fromString("x-ms-request-id");

    ServiceError(BlobStorageException e) {
      super(
          "HTTP "
              + e.getStatusCode()
              + " "
              + e.getErrorCode()
              + ", request id "
              + (e.getResponse() == null ? "unknown" : e.getResponse().getHeaderValue(REQUEST_ID)));
      setStackTrace(e.getStackTrace());
    }
  }
}
