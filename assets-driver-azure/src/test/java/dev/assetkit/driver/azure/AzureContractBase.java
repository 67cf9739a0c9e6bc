package dev.assetkit.driver.azure;

import com.azure.storage.blob.BlobServiceClient;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * The driver contract against one storage account: every test gets a container of its own, deleted
 * afterwards so the emulator does not pile up the large-object test's blocks.
 */
abstract class AzureContractBase extends StorageDriverContract {
  private final List<String> created = new ArrayList<>();
  private BlobServiceClient service;

  /** The account to run against. */
  abstract TestAccount account();

  @Override
  protected StorageDriver newDriver() {
    String container = newContainer();
    return new AzureStorageDriverProvider()
        .create(
            new DriverConfig(
                container,
                account().environment(),
                Duration.ofSeconds(120),
                DriverConfig.DEFAULT_PARALLELISM,
                DriverConfig.DEFAULT_PART_SIZE));
  }

  @Override
  protected Optional<StorageDriver> driverWithBadCredentials() {
    String container = newContainer();
    return account()
        .connectionStringWithWrongKey()
        .map(
            wrong ->
                new AzureStorageDriverProvider()
                    .create(
                        DriverConfig.of(
                            container, Map.of(AzureSettings.CONNECTION_STRING, wrong))));
  }

  @Override
  protected Optional<StorageDriver> driverOnMissingBucket() {
    return Optional.of(
        new AzureStorageDriverProvider()
            .create(DriverConfig.of(uniqueName(), account().environment())));
  }

  @Override
  protected Optional<StorageDriver> driverOnUnreachableServer() throws Exception {
    int closed = AzuriteProcess.freePort();
    String connectionString =
        TestAccount.emulatorConnectionString("127.0.0.1", closed, TestAccount.EMULATOR_KEY);
    return Optional.of(
        new AzureStorageDriverProvider()
            .create(
                new DriverConfig(
                    uniqueName(),
                    Map.of(AzureSettings.CONNECTION_STRING, connectionString),
                    Duration.ofSeconds(3),
                    2,
                    DriverConfig.DEFAULT_PART_SIZE)));
  }

  @AfterEach
  void deleteContainers() {
    for (String container : created) {
      service().getBlobContainerClient(container).deleteIfExists();
    }
    created.clear();
  }

  private String newContainer() {
    String name = uniqueName();
    service().createBlobContainer(name);
    created.add(name);
    return name;
  }

  private BlobServiceClient service() {
    if (service == null) {
      service = account().serviceClient();
    }
    return service;
  }

  static String uniqueName() {
    return "t" + UUID.randomUUID().toString().replace("-", "");
  }
}
