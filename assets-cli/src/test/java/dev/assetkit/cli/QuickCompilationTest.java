package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which commands ask for quick compilation; the asking itself, and the property that turns it off,
 * are checked on the jar's own process ({@link ShadedJarIT}), since asking changes the JIT of the
 * JVM it runs in.
 */
class QuickCompilationTest {
  @Test
  void commandsThatMoveFiles_ask() {
    assertTrue(QuickCompilation.asks("fetch"));
    assertTrue(QuickCompilation.asks("new"));
    assertTrue(QuickCompilation.asks("update"));
  }

  @Test
  void otherCommands_doNotAsk() {
    assertFalse(QuickCompilation.asks("list"));
    assertFalse(QuickCompilation.asks("config"));
    assertFalse(QuickCompilation.asks("assets"));
  }
}
