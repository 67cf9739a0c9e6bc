package dev.assetkit;

/** Downloaded or cached bytes do not match the size or sha256 recorded in the meta. */
public class IntegrityException extends AssetsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the file and the expected and actual values. */
  public IntegrityException(String message) {
    super(ErrorKind.INTEGRITY, message);
  }
}
