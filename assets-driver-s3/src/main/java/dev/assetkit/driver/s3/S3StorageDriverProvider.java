package dev.assetkit.driver.s3;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverProvider;
import java.util.List;

/**
 * The {@code s3} storage driver: Amazon S3 and S3-compatible stores (MinIO, S3Proxy, Ceph, R2...).
 *
 * <p>Configured from the environment with AWS's own names: {@code AWS_ACCESS_KEY_ID}, {@code
 * AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN} or {@code AWS_PROFILE} (else the AWS default
 * credential chain); {@code AWS_REGION} or {@code AWS_DEFAULT_REGION} (else the AWS default region
 * chain, or {@code us-east-1} with a custom endpoint); a custom endpoint from {@code S3_ENDPOINT},
 * {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}, first set wins, addressed path-style
 * unless {@code S3_FORCE_PATH_STYLE=false}; {@code AWS_KMS_KEY_ID} to encrypt every write with
 * SSE-KMS; {@code AWS_REQUEST_CHECKSUM_CALCULATION} ({@code when_supported}, the default with AWS,
 * or {@code when_required}, the default with a custom endpoint); {@code S3_UNSIGNED_PAYLOAD=true}
 * to send bodies unsigned to a plain-http endpoint, as the SDK already does over https.
 */
public final class S3StorageDriverProvider implements StorageDriverProvider {

  /** Called by {@link java.util.ServiceLoader}. */
  public S3StorageDriverProvider() {}

  @Override
  public String id() {
    return "s3";
  }

  @Override
  public StorageDriver create(DriverConfig config) {
    return new S3StorageDriver(config, List.of());
  }
}
