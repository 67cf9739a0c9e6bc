package dev.assetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.ConfigurationException;
import dev.assetkit.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersioningSystemTest {

  @ParameterizedTest
  @ValueSource(strings = {"major_minor", "simple_date"})
  void named_knownName_returnsTheSystemOfThatName(String name) {
    VersioningSystem system = VersioningSystem.named(name);

    assertEquals(name, system.name());
    assertEquals(name, system.toString());
    assertEquals(system, VersioningSystem.named(name));
  }

  @Test
  void defaultSystem_isMajorMinor() {
    assertEquals("major_minor", VersioningSystem.defaultSystem().name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"semver", "MAJOR_MINOR", "", "simple-date"})
  void named_unknownName_failsListingBothSystems(String name) {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> VersioningSystem.named(name));

    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("major_minor"), e.getMessage());
    assertTrue(e.getMessage().contains("simple_date"), e.getMessage());
  }
}
