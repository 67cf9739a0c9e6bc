package dev.assetkit.internal.log;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * A {@link System.Logger} looked up on first use rather than when its class loads, so that a run
 * that logs nothing never starts the logging back end: with slf4j-simple behind {@code
 * System.Logger} (the CLI), that start is ~20–60 ms of a command (bench/analysis.md). An
 * application whose back end drops everything below some level can say so with {@link
 * #ignoreBelow}, and such messages are then dropped here without asking the back end; by default
 * nothing is.
 */
public final class Log {
  // Integer.MIN_VALUE: Level.ALL's severity, i.e. every message goes to the back end.
  private static volatile int minimumSeverity = Level.ALL.getSeverity();

  private final String name;
  private volatile Logger logger;

  private Log(String name) {
    this.name = name;
  }

  /** The log named after {@code owner}, as {@code System.getLogger(owner.getName())}. */
  public static Log of(Class<?> owner) {
    return new Log(owner.getName());
  }

  /**
   * Drops messages less severe than {@code level} in this JVM without asking the back end: for an
   * application that has set its back end to show nothing below that level anyway.
   */
  public static void ignoreBelow(Level level) {
    minimumSeverity = level.getSeverity();
  }

  /** Whether a message at {@code level} would be written. */
  public boolean isLoggable(Level level) {
    return level.getSeverity() >= minimumSeverity && logger().isLoggable(level);
  }

  /**
   * Logs a {@link java.text.MessageFormat} message, as {@link Logger#log(Level, String,
   * Object...)}.
   */
  public void log(Level level, String format, Object... params) {
    if (level.getSeverity() >= minimumSeverity) {
      logger().log(level, format, params);
    }
  }

  private Logger logger() {
    Logger current = logger;
    if (current == null) {
      // Racing threads may both look it up: System.getLogger gives them equivalent loggers.
      current = System.getLogger(name);
      logger = current;
    }
    return current;
  }
}
