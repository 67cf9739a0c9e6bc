package dev.assetkit.driver.azure;

import dev.assetkit.testing.ReliabilityContract;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrent processes, kills and injected faults on the Azure driver and Azurite. */
class AzureReliabilityTest extends ReliabilityContract {
  @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();

  @Override
  protected Map<String, String> newBucketEnvironment() {
    String container = AzureContractBase.uniqueName();
    AZURITE.account().serviceClient().createBlobContainer(container);
    Map<String, String> env = new HashMap<>(AZURITE.account().environment());
    env.put("ASSETS_STORAGE_PROVIDER", "az");
    env.put("ASSETS_STORAGE_BUCKET", container);
    return env;
  }

  @Override
  protected Optional<InetSocketAddress> serverAddress() {
    URI endpoint = URI.create(AZURITE.account().blobEndpoint());
    return Optional.of(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
  }

  @Override
  protected Map<String, String> throughProxy(Map<String, String> environment, int port) {
    Map<String, String> env = new HashMap<>(environment);
    env.put(
        AzureSettings.CONNECTION_STRING,
        TestAccount.emulatorConnectionString("127.0.0.1", port, TestAccount.EMULATOR_KEY));
    return env;
  }

  @Override
  protected Optional<Map<String, String>> withBadCredentials(Map<String, String> environment) {
    return AZURITE
        .account()
        .connectionStringWithWrongKey()
        .map(
            wrong -> {
              Map<String, String> env = new HashMap<>(environment);
              env.put(AzureSettings.CONNECTION_STRING, wrong);
              return env;
            });
  }
}
