package dev.assetkit.driver.azure;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.testing.AssetsEngineContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engines end to end on the Azure driver and Azurite, a fresh container per test. */
class AzureEnginesTest extends AssetsEngineContract {
  @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();

  private String container;

  @Override
  protected StorageDriver newDriver() {
    container = AzureContractBase.uniqueName();
    AZURITE.account().serviceClient().createBlobContainer(container);
    return new AzureStorageDriverProvider()
        .create(
            new DriverConfig(
                container,
                AZURITE.account().environment(),
                Duration.ofSeconds(120),
                DriverConfig.DEFAULT_PARALLELISM,
                DriverConfig.DEFAULT_PART_SIZE));
  }

  @AfterEach
  void deleteContainer() {
    if (container != null) {
      AZURITE.account().serviceClient().getBlobContainerClient(container).deleteIfExists();
    }
  }
}
