package dev.assetkit.driver.s3;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The S3 settings of one driver, read from {@link DriverConfig#environment()} (never from {@code
 * System.getenv} directly, so that tests can pass their own), with AWS's own variable names.
 *
 * @param bucket the bucket
 * @param endpoint a custom endpoint (S3Proxy, MinIO, another cloud), if set
 * @param endpointVariable the variable the endpoint came from, for messages
 * @param region the region to sign for, if known from the environment or implied by the endpoint;
 *     empty means "ask the AWS default region chain"
 * @param pathStyle whether to address the bucket in the path rather than the host name
 * @param kmsKeyId the KMS key every write is encrypted with (SSE-KMS), if set
 * @param checksums whether requests carry and responses are checked against CRC32 checksums (the
 *     SDK's default with AWS; off by default with a custom endpoint, as many S3-compatible stores
 *     reject them)
 * @param unsignedPayload whether bodies sent to a plain-http endpoint go as {@code
 *     UNSIGNED-PAYLOAD} rather than signed (see {@link UnsignedPayloadSigner})
 * @param credentials where credentials come from
 */
record S3Settings(
    String bucket,
    Optional<URI> endpoint,
    String endpointVariable,
    Optional<String> region,
    boolean pathStyle,
    Optional<String> kmsKeyId,
    boolean checksums,
    boolean unsignedPayload,
    S3Credentials credentials) {

  /** Endpoint variables, first set wins: ours (modelkit's), then the AWS SDKs' two. */
  static final List<String> ENDPOINT_VARIABLES =
      List.of("S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");

  /** The region used when only an endpoint is given: S3-compatible stores accept it. */
  static final String ENDPOINT_DEFAULT_REGION = "us-east-1";

  /** Reads and checks the settings. */
  static S3Settings from(DriverConfig config) {
    String bucket = config.bucket().trim();
    if (bucket.isEmpty()) {
      throw invalid("no S3 bucket given; set ASSETS_STORAGE_BUCKET");
    }
    if (bucket.contains("/")) {
      throw invalid(
          "S3 bucket '"
              + bucket
              + "' contains '/'; set ASSETS_STORAGE_BUCKET to the bucket name only and"
              + " ASSETS_STORAGE_PREFIX to the path inside it");
    }

    Optional<URI> endpoint = Optional.empty();
    String endpointVariable = "";
    for (String variable : ENDPOINT_VARIABLES) {
      Optional<String> value = config.env(variable);
      if (value.isPresent()) {
        endpoint = Optional.of(parseEndpoint(variable, value.get()));
        endpointVariable = variable;
        break;
      }
    }

    Optional<String> region = config.env("AWS_REGION").or(() -> config.env("AWS_DEFAULT_REGION"));
    if (region.isEmpty() && endpoint.isPresent()) {
      region = Optional.of(ENDPOINT_DEFAULT_REGION);
    }

    boolean pathStyle =
        config
            .env("S3_FORCE_PATH_STYLE")
            .map(value -> parseBoolean("S3_FORCE_PATH_STYLE", value))
            .orElse(endpoint.isPresent());

    boolean checksums =
        config
            .env("AWS_REQUEST_CHECKSUM_CALCULATION")
            .map(S3Settings::parseChecksumMode)
            .orElse(endpoint.isEmpty());

    boolean unsignedPayload =
        config
            .env("S3_UNSIGNED_PAYLOAD")
            .map(value -> parseBoolean("S3_UNSIGNED_PAYLOAD", value))
            .orElse(false);

    return new S3Settings(
        bucket,
        endpoint,
        endpointVariable,
        region,
        pathStyle,
        config.env("AWS_KMS_KEY_ID"),
        checksums,
        unsignedPayload,
        S3Credentials.from(config));
  }

  /** Where requests go, for messages: the endpoint, or AWS in the region. */
  String where() {
    return endpoint
        .map(uri -> uri + " (from " + endpointVariable + ")")
        .orElseGet(() -> "AWS S3" + region.map(r -> " in " + r).orElse(""));
  }

  @Override
  public String toString() {
    // The credentials part never holds a secret, but say so explicitly by listing fields.
    return "S3Settings[bucket="
        + bucket
        + ", endpoint="
        + endpoint.map(URI::toString).orElse("AWS")
        + ", region="
        + region.orElse("from the AWS default region chain")
        + ", pathStyle="
        + pathStyle
        + ", kms="
        + kmsKeyId.isPresent()
        + ", checksums="
        + checksums
        + ", unsignedPayload="
        + unsignedPayload
        + ", credentials="
        + credentials.source()
        + "]";
  }

  private static URI parseEndpoint(String variable, String value) {
    if (value.contains("@")) {
      // Checked first, and the value never echoed: it may hold a password.
      throw invalid(
          variable + " must not hold credentials; use AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw invalid(variable + " '" + value + "' is not a URL; write it like http://host:9000");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw invalid(
          variable + " '" + value + "' is not an http(s) URL; write it like http://host:9000");
    }
    return uri;
  }

  private static boolean parseBoolean(String variable, String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
        return true;
      case "false":
      case "0":
      case "no":
        return false;
      default:
        throw invalid(variable + " is '" + value + "'; use true or false");
    }
  }

  private static boolean parseChecksumMode(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "when_supported":
        return true;
      case "when_required":
        return false;
      default:
        throw invalid(
            "AWS_REQUEST_CHECKSUM_CALCULATION is '"
                + value
                + "'; use when_supported or when_required");
    }
  }

  static StorageException invalid(String message) {
    return new StorageException(StorageException.Reason.INVALID_CONFIGURATION, message);
  }
}
