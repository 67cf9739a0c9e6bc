package dev.assetkit.driver.azure;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverProvider;
import java.util.List;
import java.util.Set;

/**
 * Azure Blob Storage, provider id {@code az} (modelkit's) with alias {@code azure}. The bucket is
 * the container; objects are block blobs named by their keys; {@link StorageDriver#uri(String)}
 * gives {@code az://container/key}, as modelkit does.
 *
 * <p>The account and its credentials come from {@link DriverConfig#environment()}, first match
 * wins:
 *
 * <ol>
 *   <li>{@code AZURE_STORAGE_CONNECTION_STRING}: a connection string from the portal (account key
 *       or {@code SharedAccessSignature}), or one pointing at an emulator ({@code BlobEndpoint=…});
 *   <li>{@code AZURE_STORAGE_ACCOUNT_URL} (such as {@code https://acct.blob.core.windows.net}) or
 *       {@code AZURE_STORAGE_ACCOUNT} (the account name, for that URL), with either {@code
 *       AZURE_STORAGE_SAS_TOKEN} (a SAS token, or one already in the URL's query) or {@code
 *       AZURE_STORAGE_KEY} (the account key, as the {@code az} CLI reads it).
 * </ol>
 *
 * <p>Microsoft Entra ID (the SDK's {@code DefaultAzureCredential}: managed identity, workload
 * identity, {@code az login}) is not supported: it needs {@code azure-identity} and its MSAL stack,
 * far heavier than the rest of this driver. Use a SAS token or a connection string instead.
 *
 * <p>Both conditional writes are atomic in Azure ({@code If-None-Match: *} and {@code If-Match}),
 * so the driver declares both capabilities.
 */
public final class AzureStorageDriverProvider implements StorageDriverProvider {

  /** The provider id, modelkit's name for Azure. */
  public static final String ID = "az";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public AzureStorageDriverProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> aliases() {
    return Set.of("azure");
  }

  @Override
  public StorageDriver create(DriverConfig config) {
    AzureSettings settings = AzureSettings.from(config);
    return new AzureBlobDriver(
        AzureClients.containerClient(settings, config, List.of()),
        settings,
        config,
        AzureBlobDriver.LIST_PAGE_SIZE);
  }
}
