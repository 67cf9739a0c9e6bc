package dev.assetkit.driver.azure;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The few fields of an Azure Storage connection string this driver needs to describe the account
 * and check the key, without ever printing the string itself. The SDK still does the real parsing.
 */
final class ConnectionString {
  private static final String DEVELOPMENT_ENDPOINT = "http://127.0.0.1:10000/devstoreaccount1";

  // Keys are case-insensitive in connection strings.
  private final Map<String, String> fields;

  private ConnectionString(Map<String, String> fields) {
    this.fields = fields;
  }

  /**
   * Splits {@code value} into its {@code Key=Value;} fields.
   *
   * @return empty when it does not look like a connection string
   */
  static Optional<ConnectionString> parse(String value) {
    Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String part : value.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int equals = part.indexOf('=');
      if (equals <= 0) {
        return Optional.empty();
      }
      // Only the first '=' separates: base64 keys and SAS tokens contain more.
      fields.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
    }
    return fields.isEmpty() ? Optional.empty() : Optional.of(new ConnectionString(fields));
  }

  Optional<String> field(String name) {
    return Optional.ofNullable(fields.get(name)).filter(v -> !v.isEmpty());
  }

  boolean developmentStorage() {
    return field("UseDevelopmentStorage").map(v -> v.equalsIgnoreCase("true")).orElse(false);
  }

  Optional<String> accountName() {
    return developmentStorage() ? Optional.of("devstoreaccount1") : field("AccountName");
  }

  Optional<String> accountKey() {
    return field("AccountKey");
  }

  boolean hasSas() {
    return field("SharedAccessSignature").isPresent();
  }

  /** The blob endpoint, as the SDK derives it, without any query; empty when it cannot tell. */
  Optional<String> blobEndpoint() {
    Optional<String> explicit = field("BlobEndpoint");
    if (explicit.isPresent()) {
      return explicit.map(AzureSettings::withoutQuery);
    }
    if (developmentStorage()) {
      return Optional.of(DEVELOPMENT_ENDPOINT);
    }
    Optional<String> account = field("AccountName");
    if (account.isEmpty()) {
      return Optional.empty();
    }
    String protocol = field("DefaultEndpointsProtocol").orElse("https").toLowerCase(Locale.ROOT);
    String suffix = field("EndpointSuffix").orElse("core.windows.net");
    return Optional.of(protocol + "://" + account.get() + ".blob." + suffix);
  }

  @Override
  public String toString() {
    // Names of the fields only: their values may be keys or signatures.
    return "ConnectionString" + fields.keySet();
  }
}
