package dev.assetkit.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link StorageDriverProvider} is given to create a driver.
 *
 * @param bucket the bucket, container or folder
 * @param environment the environment to read the backend's own variables from ({@code S3_ENDPOINT},
 *     {@code AZURE_STORAGE_CONNECTION_STRING}, ...); tests pass their own map
 * @param timeout the overall deadline of one operation, retries included; drivers bound their own
 *     per-request timeouts by it
 * @param parallelism how many concurrent requests one large transfer may use
 * @param partSize the part or range size for large transfers, in bytes
 */
public record DriverConfig(
    String bucket,
    Map<String, String> environment,
    Duration timeout,
    int parallelism,
    long partSize) {

  /** Default part size for multipart uploads and ranged downloads: 16 MiB. */
  public static final long DEFAULT_PART_SIZE = 16L << 20;

  /** Default parallelism for one large transfer. */
  public static final int DEFAULT_PARALLELISM = 8;

  /** Checks the fields and copies the environment. */
  public DriverConfig {
    Objects.requireNonNull(bucket, "bucket");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(timeout, "timeout");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    if (partSize < (1 << 20)) {
      throw new IllegalArgumentException("part size must be at least 1 MiB, got " + partSize);
    }
  }

  /** A configuration with default timeout (300 s), parallelism and part size. */
  public static DriverConfig of(String bucket, Map<String, String> environment) {
    return new DriverConfig(
        bucket, environment, Duration.ofSeconds(300), DEFAULT_PARALLELISM, DEFAULT_PART_SIZE);
  }

  /** The value of an environment variable, if set and not blank. */
  public Optional<String> env(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  @Override
  public String toString() {
    // The environment may hold secrets: never print it.
    return "DriverConfig[bucket="
        + bucket
        + ", timeout="
        + timeout
        + ", parallelism="
        + parallelism
        + ", partSize="
        + partSize
        + "]";
  }
}
