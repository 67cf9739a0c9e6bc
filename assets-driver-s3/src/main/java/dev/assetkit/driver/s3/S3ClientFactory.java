package dev.assetkit.driver.s3;

import dev.assetkit.spi.DriverConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the SDK client of one driver.
 *
 * <p>The HTTP client is the SDK's sync Apache 5 client (its default since 2.3x). Measured here
 * against S3Proxy, 1,000 GETs of 1 KiB from 8 threads: Apache 4, Apache 5 and the URLConnection
 * client all cost about 1.1–1.3 ms CPU per GET in a fresh JVM and 0.4–0.5 ms once warm; the Netty
 * async client cost 2.0–2.7 ms cold and 0.7 ms warm; the URLConnection client failed most runs with
 * "Error writing request body to server" on PUTs. The SPI is synchronous and large transfers run
 * their parts on our own threads, so an async client buys nothing here.
 */
final class S3ClientFactory {
  private S3ClientFactory() {}

  /** Requests of one transfer share the pool with the engines' other transfers. */
  static int maxConnections(DriverConfig config) {
    return Math.max(64, config.parallelism() * 8);
  }

  /**
   * The connection pool of one driver, for its SDK client and, unless {@link #directHttpClient}
   * gives them a lighter one, its direct GETs and PUTs ({@link DirectRequests}); the driver closes
   * it after the client.
   */
  static SdkHttpClient httpClient(S3Settings settings, DriverConfig config) {
    Duration timeout = timeoutOf(config);
    Apache5HttpClient.Builder builder =
        Apache5HttpClient.builder()
            .maxConnections(maxConnections(config))
            .connectionTimeout(atMost(timeout, Duration.ofSeconds(10)))
            .connectionAcquisitionTimeout(atMost(timeout, Duration.ofSeconds(60)))
            // A stalled transfer fails after this long without a byte.
            .socketTimeout(atMost(timeout, Duration.ofSeconds(60)));
    if (isPlainHttp(settings)) {
      builder.tlsSocketStrategy(new LazyTlsStrategy());
    }
    return builder.build();
  }

  /**
   * The client of the driver's direct requests: a {@link PlainHttpClient} when the endpoint is
   * plain {@code http://} and no proxy is configured (the Apache client would honour one: {@code
   * http.proxyHost}, {@code HTTP_PROXY}), else the shared {@code pool}, built now. With the plain
   * client the pool waits for the SDK client, which a fetch never needs: building the Apache client
   * took ~75 ms of the main thread's CPU before a pull's first GET (bench/analysis.md).
   */
  static SdkHttpClient directHttpClient(
      S3Settings settings,
      DriverConfig config,
      Supplier<SdkHttpClient> pool,
      Map<String, String> env) {
    boolean proxied =
        !isBlank(System.getProperty("http.proxyHost"))
            || !isBlank(env.get("HTTP_PROXY"))
            || !isBlank(env.get("http_proxy"));
    if (!isPlainHttp(settings) || proxied) {
      return pool.get();
    }
    Duration timeout = timeoutOf(config);
    return new PlainHttpClient(
        atMost(timeout, Duration.ofSeconds(10)),
        atMost(timeout, Duration.ofSeconds(60)),
        PlainHttpClient.DEFAULT_MAX_IDLE);
  }

  /** Whether the endpoint is a custom plain {@code http://} one. */
  private static boolean isPlainHttp(S3Settings settings) {
    return settings.endpoint().map(e -> "http".equalsIgnoreCase(e.getScheme())).orElse(false);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  static S3Client create(
      S3Settings settings,
      Region region,
      DriverConfig config,
      SdkHttpClient http,
      List<ExecutionInterceptor> interceptors) {
    Duration timeout = timeoutOf(config);
    S3ClientBuilder builder =
        S3Client.builder()
            .credentialsProvider(settings.credentials().provider())
            .forcePathStyle(settings.pathStyle())
            .requestChecksumCalculation(
                settings.checksums()
                    ? RequestChecksumCalculation.WHEN_SUPPORTED
                    : RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(
                settings.checksums()
                    ? ResponseChecksumValidation.WHEN_SUPPORTED
                    : ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClient(http)
            .overrideConfiguration(
                o -> {
                  // The SDK retries a failed request a little (3 attempts); the engines retry
                  // whole operations inside their own deadline.
                  o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(timeout);
                  interceptors.forEach(o::addExecutionInterceptor);
                });
    settings.endpoint().ifPresent(builder::endpointOverride);
    if (settings.unsignedPayload()) {
      builder.putAuthScheme(UnsignedPayloadSigner.scheme());
    }
    builder.region(region);
    if (settings.endpoint().isEmpty()) {
      // Follows a bucket to its region when ours is a guess or a default.
      builder.crossRegionAccessEnabled(true);
    }
    return builder.build();
  }

  /** The region requests are signed for: the setting, else AWS's region chain, else us-east-1. */
  static Region region(S3Settings settings) {
    return settings
        .region()
        .map(Region::of)
        .orElseGet(() -> regionFromChain(settings.credentials()));
  }

  private static Region regionFromChain(S3Credentials credentials) {
    DefaultAwsRegionProviderChain.Builder chain =
        DefaultAwsRegionProviderChain.builder().profileFile(credentials.profileFile());
    credentials.profileName().ifPresent(chain::profileName);
    try {
      return chain.build().getRegion();
    } catch (SdkClientException e) {
      // No region anywhere: us-east-1 signs requests that cross-region access then redirects.
      return Region.of(S3Settings.ENDPOINT_DEFAULT_REGION);
    }
  }

  private static Duration timeoutOf(DriverConfig config) {
    return atLeast(config.timeout(), Duration.ofSeconds(1));
  }

  private static Duration atLeast(Duration value, Duration min) {
    return value.compareTo(min) < 0 ? min : value;
  }

  private static Duration atMost(Duration value, Duration max) {
    return value.compareTo(max) > 0 ? max : value;
  }
}
