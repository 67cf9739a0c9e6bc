package dev.assetkit.driver.azure;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assetkit.testing.Emulators;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The driver contract again, against Microsoft's Azurite image (same pinned version as the npm
 * package), one container for the class. A cross-check only: skipped, even on CI, where no Docker
 * engine answers.
 */
class AzuriteContainerContractTest extends AzureContractBase {
  private static final DockerImageName IMAGE =
      DockerImageName.parse("mcr.microsoft.com/azure-storage/azurite:" + AzuriteProcess.VERSION);
  private static final int BLOB_PORT = 10000;

  private static GenericContainer<?> azurite;
  private static TestAccount account;
  private static Boolean dockerAvailable;

  /** Started by the first test, so that without Docker each test is reported as skipped. */
  private static synchronized TestAccount startedAccount() {
    if (dockerAvailable == null) {
      dockerAvailable = Emulators.dockerAvailable();
    }
    assumeTrue(dockerAvailable, "no Docker engine: the Azurite image cross-check is skipped");
    if (account != null) {
      return account;
    }
    azurite =
        new GenericContainer<>(IMAGE)
            .withCommand(
                "azurite-blob",
                "--blobHost",
                "0.0.0.0",
                "--blobPort",
                Integer.toString(BLOB_PORT),
                "--inMemoryPersistence",
                "--skipApiVersionCheck",
                "--disableTelemetry")
            .withExposedPorts(BLOB_PORT)
            .waitingFor(Wait.forListeningPort());
    azurite.start();
    account = TestAccount.emulator(azurite.getHost(), azurite.getMappedPort(BLOB_PORT));
    return account;
  }

  @AfterAll
  static void stopAzurite() {
    if (azurite != null) {
      azurite.stop();
      azurite = null;
      account = null;
    }
  }

  @Override
  TestAccount account() {
    return startedAccount();
  }
}
