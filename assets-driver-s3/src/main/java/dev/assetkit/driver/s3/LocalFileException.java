package dev.assetkit.driver.s3;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reading or writing a local file failed: the machine's problem, not the store's, so it must not
 * read as "store unavailable" when it travels through the SDK.
 */
final class LocalFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LocalFileException(String action, Path file, IOException cause) {
    super("cannot " + action + " " + file + ": " + cause, cause);
  }
}
