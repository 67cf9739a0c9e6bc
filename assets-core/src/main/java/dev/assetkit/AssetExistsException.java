package dev.assetkit;

/** A publish would overwrite an existing version, or a concurrent publisher got there first. */
public class AssetExistsException extends AssetsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the existing version. */
  public AssetExistsException(String message) {
    super(ErrorKind.CONFLICT, message);
  }
}
