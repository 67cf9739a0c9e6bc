package dev.assetkit.internal.json;

/** Text that is not the JSON expected; the message says where and what. */
public final class JsonFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message giving the offset of the fault. */
  public JsonFormatException(String message) {
    super(message);
  }
}
