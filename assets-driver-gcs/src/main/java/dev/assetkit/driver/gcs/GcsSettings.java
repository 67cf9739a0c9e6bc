package dev.assetkit.driver.gcs;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What the GCS driver reads from {@link DriverConfig#environment()}, checked: the bucket, the
 * emulator endpoint of {@code STORAGE_EMULATOR_HOST} (which the Java client itself ignores), the
 * project of {@code GOOGLE_CLOUD_PROJECT} or {@code GCLOUD_PROJECT}, and the key file of {@code
 * GOOGLE_APPLICATION_CREDENTIALS}.
 *
 * @param bucket the bucket name
 * @param emulatorEndpoint {@code http(s)://host:port} of an emulator, when one is set
 * @param projectId the project, when one is set
 * @param credentialsFile the credentials file, when one is set
 */
record GcsSettings(
    String bucket,
    Optional<String> emulatorEndpoint,
    Optional<String> projectId,
    Optional<Path> credentialsFile) {

  static final String EMULATOR_HOST = "STORAGE_EMULATOR_HOST";
  static final String CREDENTIALS = "GOOGLE_APPLICATION_CREDENTIALS";
  static final String DEFAULT_ENDPOINT = "https://storage.googleapis.com";

  static GcsSettings from(DriverConfig config) {
    return new GcsSettings(
        checkBucket(config.bucket()),
        config.env(EMULATOR_HOST).map(GcsSettings::parseEmulatorHost),
        config.env("GOOGLE_CLOUD_PROJECT").or(() -> config.env("GCLOUD_PROJECT")),
        config.env(CREDENTIALS).map(GcsSettings::credentialsPath));
  }

  /** The endpoint requests go to. */
  String endpoint() {
    return emulatorEndpoint.orElse(DEFAULT_ENDPOINT);
  }

  /**
   * {@code host:port}, {@code http://host:port} or {@code https://host:port} (a trailing slash
   * tolerated) as {@code scheme://host:port}; plain HTTP when no scheme is given, as the other
   * clients that honour {@code STORAGE_EMULATOR_HOST} do.
   */
  static String parseEmulatorHost(String value) {
    String text = value.trim();
    if (!text.contains("://")) {
      text = "http://" + text;
    }
    while (text.endsWith("/") && !text.endsWith("://")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw invalidEmulatorHost(value, "the scheme must be http or https");
      }
      if (uri.getHost() == null) {
        throw invalidEmulatorHost(value, "no host name");
      }
      if (uri.getUserInfo() != null
          || uri.getQuery() != null
          || uri.getFragment() != null
          || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
        throw invalidEmulatorHost(value, "only a scheme, a host and a port are allowed");
      }
      return scheme + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    } catch (URISyntaxException e) {
      throw invalidEmulatorHost(value, e.getReason());
    }
  }

  private static StorageException invalidEmulatorHost(String value, String why) {
    return new StorageException(
        Reason.INVALID_CONFIGURATION,
        EMULATOR_HOST
            + "='"
            // A user:password@ part would be a secret: never repeat it.
            + value.replaceAll("//[^/@]*@", "//***@")
            + "' is not an emulator address ("
            + why
            + "); use host:port or http://host:port");
  }

  private static String checkBucket(String bucket) {
    String name = bucket.trim();
    if (name.isEmpty()) {
      throw new StorageException(
          Reason.INVALID_CONFIGURATION,
          "no GCS bucket given; set ASSETS_STORAGE_BUCKET to the bucket's name");
    }
    if (name.startsWith("gs://") || name.contains("/")) {
      throw new StorageException(
          Reason.INVALID_CONFIGURATION,
          "ASSETS_STORAGE_BUCKET='"
              + bucket
              + "' is not a bucket name; give the name alone, such as 'my-bucket', and the path"
              + " inside it in ASSETS_STORAGE_PREFIX");
    }
    return name;
  }

  private static Path credentialsPath(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new StorageException(
          Reason.INVALID_CONFIGURATION,
          CREDENTIALS + "='" + value + "' is not a file path: " + e.getReason());
    }
  }
}
