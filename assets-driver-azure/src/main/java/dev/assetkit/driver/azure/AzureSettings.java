package dev.assetkit.driver.azure;

import com.azure.core.credential.AzureSasCredential;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.BlobUrlParts;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the account is and how to authenticate to it, read once from the driver's environment. It
 * holds secrets but never shows them: {@link #endpoint()} and {@link #credentialSource()} are safe
 * to print, and so is {@link #toString()}.
 */
final class AzureSettings {
  static final String CONNECTION_STRING = "AZURE_STORAGE_CONNECTION_STRING";
  static final String ACCOUNT_URL = "AZURE_STORAGE_ACCOUNT_URL";
  static final String ACCOUNT = "AZURE_STORAGE_ACCOUNT";
  static final String SAS_TOKEN = "AZURE_STORAGE_SAS_TOKEN";
  static final String ACCOUNT_KEY = "AZURE_STORAGE_KEY";

  private static final String HOW_TO_CONFIGURE =
      "set "
          + CONNECTION_STRING
          + ", or "
          + ACCOUNT_URL
          + " (or "
          + ACCOUNT
          + ") with "
          + SAS_TOKEN
          + " or "
          + ACCOUNT_KEY;

  private final String container;
  private final String endpoint;
  private final String credentialSource;
  private final Consumer<BlobContainerClientBuilder> connection;

  private AzureSettings(
      String container,
      String endpoint,
      String credentialSource,
      Consumer<BlobContainerClientBuilder> connection) {
    this.container = container;
    this.endpoint = endpoint;
    this.credentialSource = credentialSource;
    this.connection = connection;
  }

  /**
   * Reads the settings from {@code config}'s environment.
   *
   * @throws StorageException with {@link Reason#INVALID_CONFIGURATION} naming what to set
   */
  static AzureSettings from(DriverConfig config) {
    String container = requireValidContainer(config.bucket());
    Optional<String> connectionString = config.env(CONNECTION_STRING);
    if (connectionString.isPresent()) {
      return fromConnectionString(container, connectionString.get());
    }
    if (config.env(ACCOUNT_URL).isPresent()) {
      return fromAccountUrl(container, config.env(ACCOUNT_URL).get(), ACCOUNT_URL, config);
    }
    if (config.env(ACCOUNT).isPresent()) {
      return fromAccountUrl(container, publicCloudUrl(config.env(ACCOUNT).get()), ACCOUNT, config);
    }
    throw invalid(
        "no Azure storage account configured for container '"
            + container
            + "'; "
            + HOW_TO_CONFIGURE);
  }

  /** The container (the bucket). */
  String container() {
    return container;
  }

  /** The account's blob endpoint, without any query: safe to print. */
  String endpoint() {
    return endpoint;
  }

  /** Which variables the credentials came from and what kind they are: safe to print. */
  String credentialSource() {
    return credentialSource;
  }

  /** Sets the endpoint and credential on {@code builder}. */
  void connect(BlobContainerClientBuilder builder) {
    connection.accept(builder);
  }

  @Override
  public String toString() {
    return "AzureSettings[container="
        + container
        + ", endpoint="
        + endpoint
        + ", credentials="
        + credentialSource
        + "]";
  }

  private static AzureSettings fromConnectionString(String container, String value) {
    ConnectionString parsed =
        ConnectionString.parse(value)
            .orElseThrow(
                () ->
                    invalid(
                        CONNECTION_STRING
                            + " is not a connection string; copy it from the storage account's"
                            + " 'Access keys' page"));
    String endpoint =
        parsed
            .blobEndpoint()
            .orElseThrow(
                () ->
                    invalid(
                        CONNECTION_STRING
                            + " names no account: it needs AccountName or BlobEndpoint"));
    String kind;
    if (parsed.accountKey().isPresent()) {
      requireBase64(parsed.accountKey().get(), "the AccountKey in " + CONNECTION_STRING);
      kind = "the shared key of account '" + parsed.accountName().orElse("?") + "'";
    } else if (parsed.hasSas()) {
      kind = "the SharedAccessSignature";
    } else if (parsed.developmentStorage()) {
      kind = "the emulator's well-known key";
    } else {
      kind = "no credential (anonymous access)";
    }
    return new AzureSettings(
        container,
        endpoint,
        kind + " in " + CONNECTION_STRING,
        builder -> {
          try {
            builder.connectionString(value);
          } catch (IllegalArgumentException e) {
            // The SDK's message may quote the string: say what is wrong without it.
            throw invalid(
                CONNECTION_STRING
                    + " is not a valid Azure Storage connection string; copy it from the storage"
                    + " account's 'Access keys' page");
          }
        });
  }

  private static AzureSettings fromAccountUrl(
      String container, String accountUrl, String variable, DriverConfig config) {
    URI uri;
    try {
      uri = new URI(accountUrl);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || uri.getScheme() == null
        || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))
        || uri.getHost() == null) {
      throw invalid(
          variable.equals(ACCOUNT)
              ? ACCOUNT + " is not a storage account name (3 to 24 lowercase letters and digits)"
              : ACCOUNT_URL
                  + " is not an http(s) URL such as https://myaccount.blob.core.windows.net");
    }
    String query = uri.getRawQuery();
    String endpoint = withoutQuery(accountUrl);
    Optional<String> sas =
        config.env(SAS_TOKEN).or(() -> Optional.ofNullable(query)).map(String::trim);
    Optional<String> key = config.env(ACCOUNT_KEY);
    if (sas.isPresent()) {
      String token = sas.get().startsWith("?") ? sas.get().substring(1) : sas.get();
      String source =
          config.env(SAS_TOKEN).isPresent()
              ? "the SAS token in " + SAS_TOKEN
              : "the SAS token in the query of " + ACCOUNT_URL;
      return new AzureSettings(
          container,
          endpoint,
          source,
          builder -> builder.endpoint(endpoint).credential(new AzureSasCredential(token)));
    }
    if (key.isPresent()) {
      requireBase64(key.get(), ACCOUNT_KEY);
      String account =
          config
              .env(ACCOUNT)
              .or(() -> Optional.ofNullable(BlobUrlParts.parse(endpoint).getAccountName()))
              .orElseThrow(
                  () ->
                      invalid(
                          "cannot tell the account name from "
                              + ACCOUNT_URL
                              + "; set "
                              + ACCOUNT
                              + " as well"));
      return new AzureSettings(
          container,
          endpoint,
          "the shared key of account '" + account + "' in " + ACCOUNT_KEY,
          builder ->
              builder
                  .endpoint(endpoint)
                  .credential(new StorageSharedKeyCredential(account, key.get())));
    }
    throw invalid(
        "no credential for "
            + endpoint
            + ": set "
            + SAS_TOKEN
            + " (a SAS token allowing read, write, delete and list on container '"
            + container
            + "') or "
            + ACCOUNT_KEY
            + ", or set "
            + CONNECTION_STRING
            + " instead; Microsoft Entra ID sign-in is not supported");
  }

  private static String publicCloudUrl(String account) {
    return "https://" + account + ".blob.core.windows.net";
  }

  static String withoutQuery(String url) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private static void requireBase64(String key, String where) {
    try {
      Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      throw invalid(where + " is not valid base64; copy the key again from the portal");
    }
  }

  /**
   * Checks Azure's container naming rules here, so that a bad ASSETS_STORAGE_BUCKET is one clear
   * message instead of a 400 on the first request.
   */
  private static String requireValidContainer(String name) {
    if (name.equals("$root")) {
      return name;
    }
    String problem = null;
    if (name.length() < 3 || name.length() > 63) {
      problem = "it must be 3 to 63 characters long";
    } else if (!name.matches("[a-z0-9-]+")) {
      problem = "only lowercase letters, digits and '-' are allowed";
    } else if (name.startsWith("-") || name.endsWith("-") || name.contains("--")) {
      problem = "it must start and end with a letter or digit and have no '--'";
    }
    if (problem != null) {
      throw new StorageException(
          Reason.INVALID_CONFIGURATION,
          "invalid Azure container name '"
              + name
              + "' (the storage bucket): "
              + problem
              + "; set ASSETS_STORAGE_BUCKET to the container's name");
    }
    return name;
  }

  private static StorageException invalid(String message) {
    return new StorageException(Reason.INVALID_CONFIGURATION, message);
  }
}
