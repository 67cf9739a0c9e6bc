package dev.assetkit.driver.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.ClientOptions;
import com.azure.core.util.HttpClientOptions;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.assetkit.spi.DriverConfig;
import java.time.Duration;
import java.util.List;

/** Builds the SDK client with timeouts bounded by the driver's deadline and few retries. */
final class AzureClients {
  /**
   * Tries per request, the first included. The engines retry inside the overall deadline; the SDK
   * only smooths over a dropped connection or a brief 503.
   */
  static final int MAX_TRIES = 3;

  /**
   * Body-stream resumptions per download request: the SDK resumes a broken body once on its own
   * (pinned to the same ETag) before the failure reaches the engines.
   */
  static final DownloadRetryOptions STREAM_RETRIES =
      new DownloadRetryOptions().setMaxRetryRequests(1);

  private AzureClients() {}

  /**
   * A client on the container of {@code settings}.
   *
   * @param extraPolicies added to the pipeline, for tests that look at the requests
   */
  static BlobContainerClient containerClient(
      AzureSettings settings, DriverConfig config, List<HttpPipelinePolicy> extraPolicies) {
    Duration timeout = config.timeout();
    HttpClientOptions http =
        new HttpClientOptions()
            .setConnectTimeout(atMost(timeout, Duration.ofSeconds(15)))
            .setWriteTimeout(atMost(timeout, Duration.ofSeconds(60)))
            .setResponseTimeout(atMost(timeout, Duration.ofSeconds(60)))
            .setReadTimeout(atMost(timeout, Duration.ofSeconds(60)));
    RequestRetryOptions retries =
        new RequestRetryOptions(
            RetryPolicyType.EXPONENTIAL,
            MAX_TRIES,
            timeout,
            Duration.ofMillis(200),
            atMost(timeout, Duration.ofSeconds(2)),
            null);
    BlobContainerClientBuilder builder =
        new BlobContainerClientBuilder()
            .httpClient(HttpClient.createDefault(http))
            .retryOptions(retries)
            .clientOptions(new ClientOptions().setApplicationId("assetkit"));
    settings.connect(builder);
    // After the endpoint: setting one may reset the container parsed from its URL.
    builder.containerName(settings.container());
    extraPolicies.forEach(builder::addPolicy);
    return builder.buildClient();
  }

  private static Duration atMost(Duration timeout, Duration cap) {
    return timeout.compareTo(cap) < 0 ? timeout : cap;
  }
}
