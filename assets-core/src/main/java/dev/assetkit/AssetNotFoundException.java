package dev.assetkit;

/** An asset, a version of it, or a sub-part inside it does not exist. */
public class AssetNotFoundException extends AssetsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names what is missing and what exists. */
  public AssetNotFoundException(String message) {
    super(ErrorKind.NOT_FOUND, message);
  }
}
