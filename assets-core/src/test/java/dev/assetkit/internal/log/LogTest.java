package dev.assetkit.internal.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.System.Logger.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogTest {
  @AfterEach
  void everyMessageGoesToTheBackEndAgain() {
    Log.ignoreBelow(Level.ALL);
  }

  @Test
  void byDefault_theBackEndDecides() {
    System.Logger backEnd = System.getLogger(LogTest.class.getName());
    Log log = Log.of(LogTest.class);
    for (Level level : Level.values()) {
      if (level != Level.OFF) {
        assertEquals(backEnd.isLoggable(level), log.isLoggable(level), level.toString());
      }
    }
  }

  @Test
  void belowTheLevelTheApplicationIgnores_nothingIsLoggable() {
    Log.ignoreBelow(Level.WARNING);
    Log log = Log.of(LogTest.class);
    assertFalse(log.isLoggable(Level.INFO));
    assertFalse(log.isLoggable(Level.DEBUG));
    log.log(Level.INFO, "dropped {0}", "here"); // reaches no back end: nothing to see, no error
    assertEquals(
        System.getLogger(LogTest.class.getName()).isLoggable(Level.ERROR),
        log.isLoggable(Level.ERROR));
  }
}
