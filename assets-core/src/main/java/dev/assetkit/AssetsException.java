package dev.assetkit;

/**
 * Base of every exception assetkit throws on purpose. Its message is one line that says what went
 * wrong and, where possible, how to fix it; {@link #kind()} classifies it.
 */
public class AssetsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;

  /** Creates an exception of the given kind. */
  public AssetsException(ErrorKind kind, String message) {
    this(kind, message, null);
  }

  /** Creates an exception of the given kind with its cause. */
  public AssetsException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** What kind of failure this is. */
  public ErrorKind kind() {
    return kind;
  }
}
