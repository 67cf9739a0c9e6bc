package dev.assetkit.cli;

import dev.assetkit.AssetsException;
import dev.assetkit.AssetsSettings;
import dev.assetkit.ErrorKind;
import dev.assetkit.InvalidAssetSpecException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A command's failure as one line on stderr (two for a bad spec: the spec and a caret under the
 * fault) and the exit code of its {@link ErrorKind}; the stack trace only with -v. Free of picocli,
 * so that {@link FastPath} reports exactly as {@link ErrorReporter} does.
 */
final class Failures {
  private Failures() {}

  /**
   * Prints {@code ex} on {@code err} and returns its exit code; {@code settings} are the command's,
   * if it built them (an access-denied message then names the bucket).
   */
  static int report(
      Exception ex, PrintWriter err, int verbosity, Optional<AssetsSettings> settings) {
    int exitCode;
    if (ex instanceof InvalidAssetSpecException spec) {
      String prefix = "error: invalid asset spec: ";
      String[] caret = spec.caret().split("\n", 2);
      err.println(prefix + caret[0]);
      err.println(" ".repeat(prefix.length()) + caret[1] + " " + spec.reason());
      exitCode = spec.kind().exitCode();
    } else if (ex instanceof AssetsException assets) {
      err.println("error: " + message(assets, settings));
      exitCode = assets.kind().exitCode();
    } else if (ex instanceof UncheckedIOException io) {
      err.println(
          "error: " + io.getCause() + (verbosity > 0 ? "" : " (rerun with -v for details)"));
      exitCode = ErrorKind.INTERNAL.exitCode();
    } else {
      err.println(
          "error: internal error: "
              + ex
              + (verbosity > 0 ? "" : "; rerun with -v for the stack trace and report it"));
      exitCode = ErrorKind.INTERNAL.exitCode();
    }
    if (verbosity > 0) {
      ex.printStackTrace(err);
    }
    err.flush();
    return exitCode;
  }

  /** The message, with the bucket named when access is denied and the message does not say. */
  private static String message(AssetsException ex, Optional<AssetsSettings> settings) {
    String message = ex.getMessage();
    if (ex.kind() == ErrorKind.ACCESS_DENIED && settings.isPresent()) {
      Optional<String> bucket = settings.get().bucket();
      if (bucket.isPresent() && !message.contains(bucket.get())) {
        message += " (bucket '" + bucket.get() + "')";
      }
      if (!message.contains("check")) { // drivers that say how to fix it are not repeated
        message +=
            "; check that the credentials in use may access it ('"
                + "assets config' shows which are set)";
      }
    }
    return message;
  }
}
