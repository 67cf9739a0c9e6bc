package dev.assetkit.spi;

import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;

/**
 * A storage operation failed. Drivers translate their SDK's errors into one of these in one place,
 * with a {@link Reason} and a one-line message that names the bucket or key and how to fix it, and
 * never a secret.
 */
public class StorageException extends AssetsException {
  private static final long serialVersionUID = 1L;

  /** Why a storage operation failed. */
  public enum Reason {
    /** The object does not exist. */
    NOT_FOUND(ErrorKind.NOT_FOUND, false),
    /** The bucket, container or folder does not exist. */
    BUCKET_NOT_FOUND(ErrorKind.NOT_FOUND, false),
    /** A conditional write's condition did not hold. */
    PRECONDITION_FAILED(ErrorKind.CONFLICT, false),
    /** The credentials do not allow the operation, or are missing or invalid. */
    ACCESS_DENIED(ErrorKind.ACCESS_DENIED, false),
    /** The store asks us to slow down. */
    THROTTLED(ErrorKind.UNAVAILABLE, true),
    /** The store failed or could not be reached (5xx, reset, refused). */
    UNAVAILABLE(ErrorKind.UNAVAILABLE, true),
    /** The operation did not finish in time. */
    TIMEOUT(ErrorKind.UNAVAILABLE, true),
    /** The bytes received are not what the store said (short read, bad checksum). */
    CORRUPT(ErrorKind.INTEGRITY, true),
    /**
     * The object is larger than the operation takes: a {@link StorageDriver#read} of more than
     * {@link StorageDriver#MAX_READ_BYTES}, refused before reading it. Retrying cannot help.
     */
    TOO_LARGE(ErrorKind.INTEGRITY, false),
    /** The key cannot be stored (escapes the bucket, bad characters). */
    INVALID_KEY(ErrorKind.INVALID_INPUT, false),
    /** The driver is not configured correctly; the message names the variable to set. */
    INVALID_CONFIGURATION(ErrorKind.INVALID_INPUT, false),
    /** Anything else. */
    OTHER(ErrorKind.INTERNAL, false);

    private final ErrorKind kind;
    private final boolean retryable;

    Reason(ErrorKind kind, boolean retryable) {
      this.kind = kind;
      this.retryable = retryable;
    }

    /** The error kind reported to users for this reason. */
    public ErrorKind kind() {
      return kind;
    }

    /** Whether failures of this reason are worth retrying by default. */
    public boolean retryable() {
      return retryable;
    }
  }

  private final Reason reason;
  private final boolean retryable;

  /** Creates an exception whose retryability follows its reason. */
  public StorageException(Reason reason, String message) {
    this(reason, message, null);
  }

  /** Creates an exception whose retryability follows its reason, with its cause. */
  public StorageException(Reason reason, String message, Throwable cause) {
    this(reason, reason.retryable(), message, cause);
  }

  /** Creates an exception with explicit retryability. */
  public StorageException(Reason reason, boolean retryable, String message, Throwable cause) {
    super(reason.kind(), message, cause);
    this.reason = reason;
    this.retryable = retryable;
  }

  /**
   * The {@link Reason#TOO_LARGE} refusal of a {@link StorageDriver#read} of the object at {@code
   * uri}, whose size is {@code size} bytes, worded the same by every driver.
   */
  public static StorageException tooLarge(String uri, long size) {
    return new StorageException(
        Reason.TOO_LARGE,
        uri
            + " is "
            + size
            + " bytes, larger than any real meta or index (at most "
            + (StorageDriver.MAX_READ_BYTES >> 20)
            + " MiB); it was not read");
  }

  /** Why it failed. */
  public Reason reason() {
    return reason;
  }

  /** Whether trying the same operation again may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
