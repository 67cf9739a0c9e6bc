package dev.assetkit.cli;

import dev.assetkit.internal.log.Log;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sets the log levels before the first logger exists: core logs through {@code System.Logger},
 * routed to slf4j-simple on stderr; the defaults are in {@code simplelogger.properties}.
 */
final class Logging {
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private Logging() {}

  /** WARN by default; -v: INFO; -vv: DEBUG for assetkit, INFO for libraries; -vvv: all DEBUG. */
  static void configure(int verbosity) {
    String libraries = verbosity == 0 ? "warn" : verbosity < 3 ? "info" : "debug";
    String ours = verbosity == 0 ? "warn" : verbosity == 1 ? "info" : "debug";
    System.setProperty(PREFIX + "defaultLogLevel", libraries);
    System.setProperty(PREFIX + "log.dev.assetkit", ours);
    System.setProperty(PREFIX + "showThreadName", Boolean.toString(verbosity >= 2));
    // Core's messages below our level are dropped before they reach (and start) slf4j.
    Log.ignoreBelow(
        verbosity == 0
            ? System.Logger.Level.WARNING
            : verbosity == 1 ? System.Logger.Level.INFO : System.Logger.Level.DEBUG);
  }

  /**
   * Libraries that log through java.util.logging (the Google client) would print INFO records on
   * stderr; hold them to the same level. Called only before a cloud driver is created, so the fast
   * paths and the local folder store never initialise java.util.logging.
   */
  static void configureJavaUtilLogging(int verbosity) {
    Level level = verbosity == 0 ? Level.WARNING : verbosity < 3 ? Level.INFO : Level.FINE;
    Logger.getLogger("").setLevel(level);
  }
}
