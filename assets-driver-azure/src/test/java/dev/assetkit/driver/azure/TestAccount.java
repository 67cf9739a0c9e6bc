package dev.assetkit.driver.azure;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** A storage account tests can use: its connection string and what can be derived from it. */
public record TestAccount(String connectionString) {
  /** Azurite's well-known account and key (public, documented by Microsoft). */
  static final String EMULATOR_ACCOUNT = "devstoreaccount1";

  static final String EMULATOR_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  /** The emulator's account on the blob endpoint {@code http://host:port/devstoreaccount1}. */
  static TestAccount emulator(String host, int port) {
    return new TestAccount(emulatorConnectionString(host, port, EMULATOR_KEY));
  }

  static String emulatorConnectionString(String host, int port, String key) {
    return "DefaultEndpointsProtocol=http;AccountName="
        + EMULATOR_ACCOUNT
        + ";AccountKey="
        + key
        + ";BlobEndpoint=http://"
        + host
        + ":"
        + port
        + "/"
        + EMULATOR_ACCOUNT
        + ";";
  }

  private ConnectionString parsed() {
    return ConnectionString.parse(connectionString).orElseThrow();
  }

  String blobEndpoint() {
    return parsed().blobEndpoint().orElseThrow();
  }

  String accountName() {
    return parsed().accountName().orElseThrow();
  }

  Optional<String> accountKey() {
    return parsed().accountKey();
  }

  /** The same account with a key the server will reject, if this account uses a key. */
  Optional<String> connectionStringWithWrongKey() {
    return accountKey()
        .map(
            key -> {
              byte[] wrong = new byte[64];
              new Random(7).nextBytes(wrong);
              return connectionString.replace(key, Base64.getEncoder().encodeToString(wrong));
            });
  }

  /** The driver environment for this account. */
  public Map<String, String> environment() {
    return Map.of(AzureSettings.CONNECTION_STRING, connectionString);
  }

  /** An SDK client for test set-up (creating and deleting containers), outside the driver. */
  public BlobServiceClient serviceClient() {
    return new BlobServiceClientBuilder().connectionString(connectionString).buildClient();
  }
}
