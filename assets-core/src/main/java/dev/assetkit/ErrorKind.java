package dev.assetkit;

/**
 * What kind of failure an {@link AssetsException} reports. The CLI maps each kind to one documented
 * exit code, so the kinds are few and stable.
 */
public enum ErrorKind {
  /** A bug or an unexpected state: exit code 1. */
  INTERNAL(1),
  /** Invalid input or configuration (spec, setting, arguments): exit code 2. */
  INVALID_INPUT(2),
  /** The asset, version, sub-part or object does not exist: exit code 3. */
  NOT_FOUND(3),
  /** Already exists, or a concurrent writer changed it first: exit code 4. */
  CONFLICT(4),
  /** Size or checksum does not match the meta: exit code 5. */
  INTEGRITY(5),
  /** The store is unreachable, throttling, or the deadline passed: exit code 6. */
  UNAVAILABLE(6),
  /** The credentials do not allow the operation: exit code 7. */
  ACCESS_DENIED(7);

  private final int exitCode;

  ErrorKind(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The process exit code the CLI uses for this kind. */
  public int exitCode() {
    return exitCode;
  }
}
