package dev.assetkit.driver.s3;

import java.util.Map;

/**
 * The whole driver contract again with {@code S3_UNSIGNED_PAYLOAD=true}: conditional writes,
 * multipart uploads, wrong credentials and the rest behave the same when bodies go unsigned.
 */
class S3ProxyUnsignedPayloadContractTest extends S3ProxyContractTest {
  @Override
  Map<String, String> settings() {
    return Map.of("S3_UNSIGNED_PAYLOAD", "true");
  }
}
