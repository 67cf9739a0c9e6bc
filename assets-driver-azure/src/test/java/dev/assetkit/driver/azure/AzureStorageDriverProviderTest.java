package dev.assetkit.driver.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.Capability;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverProvider;
import dev.assetkit.spi.StorageDriverRegistry;
import dev.assetkit.spi.StorageException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Finding the provider, and what a driver says of itself before any request. */
class AzureStorageDriverProviderTest {
  private static final Map<String, String> ENVIRONMENT =
      Map.of(
          AzureSettings.CONNECTION_STRING,
          TestAccount.emulatorConnectionString("127.0.0.1", 10000, TestAccount.EMULATOR_KEY));

  @Test
  void serviceLoader_findsTheProviderByIdAndAlias() {
    StorageDriverRegistry registry = StorageDriverRegistry.load();
    StorageDriverProvider az = registry.provider("az");
    assertTrue(az instanceof AzureStorageDriverProvider, az.getClass().getName());
    assertSame(az, registry.provider("azure"));
    assertSame(az, registry.provider("AZ"));
  }

  @Test
  void driver_declaresBothAtomicConditionalWrites_andStagedUploads() {
    try (StorageDriver driver = create("assets")) {
      assertEquals(
          Set.of(
              Capability.ATOMIC_CREATE_IF_ABSENT,
              Capability.ATOMIC_REPLACE_IF_TAG_MATCHES,
              Capability.STAGED_UPLOADS),
          driver.capabilities());
    }
  }

  @Test
  void uri_isModelkitsAzSpelling() {
    try (StorageDriver driver = create("assets")) {
      assertEquals("az://assets/models/encoder/1.0", driver.uri("models/encoder/1.0"));
    }
  }

  @Test
  void toString_namesTheContainerAndEndpointButNoKey() {
    try (StorageDriver driver = create("assets")) {
      String text = driver.toString();
      assertTrue(text.contains("az://assets"), text);
      assertTrue(text.contains("http://127.0.0.1:10000/devstoreaccount1"), text);
      assertFalse(text.contains(TestAccount.EMULATOR_KEY), text);
      assertFalse(text.contains("Eby8vdM02"), text);
    }
  }

  @Test
  void closedDriver_refusesWork() {
    StorageDriver driver = create("assets");
    driver.close();
    assertThrows(IllegalStateException.class, () -> driver.stat("k"));
  }

  @Test
  void missingConfiguration_failsAtCreation() {
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> new AzureStorageDriverProvider().create(DriverConfig.of("assets", Map.of())));
    assertEquals(StorageException.Reason.INVALID_CONFIGURATION, e.reason());
  }

  private static StorageDriver create(String container) {
    return new AzureStorageDriverProvider().create(DriverConfig.of(container, ENVIRONMENT));
  }
}
