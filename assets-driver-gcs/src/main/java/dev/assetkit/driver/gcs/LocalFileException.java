package dev.assetkit.driver.gcs;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A failure of the local file a download writes (missing folder, full disk), kept apart from GCS
 * failures: it is not the store's fault, and retrying the request would not help. The engines tell
 * it by its type and its {@link IOException} cause.
 */
final class LocalFileException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  LocalFileException(String message, IOException cause) {
    super(message + ": " + cause, cause);
  }
}
