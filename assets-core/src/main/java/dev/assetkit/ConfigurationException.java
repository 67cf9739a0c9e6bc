package dev.assetkit;

/** A setting is missing or has a value that cannot be used; the message names the setting. */
public class ConfigurationException extends AssetsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the setting and how to fix it. */
  public ConfigurationException(String message) {
    super(ErrorKind.INVALID_INPUT, message);
  }

  /** Creates the exception with a message and its cause. */
  public ConfigurationException(String message, Throwable cause) {
    super(ErrorKind.INVALID_INPUT, message, cause);
  }
}
