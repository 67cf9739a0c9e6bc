package dev.assetkit.driver.gcs;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.assetkit.spi.DriverConfig;
import java.time.Duration;

/**
 * Builds the official client (JSON API over HTTP) for one driver: endpoint, credentials and project
 * set explicitly, so that nothing is looked up behind our back, and retries turned down so that the
 * core's deadline, not the client's, decides how long an operation may take.
 */
final class GcsClients {
  /** Placeholder project for emulators: object operations need none, and none is looked up. */
  static final String EMULATOR_PROJECT = "assetkit-emulator";

  // Two retries of a failed request: enough to resume a broken upload session or ride out a reset
  // connection; anything longer is the core engines' job, inside their overall deadline.
  private static final int MAX_ATTEMPTS = 3;
  private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(100);
  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(1);
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration MAX_READ_TIMEOUT = Duration.ofSeconds(120);

  private GcsClients() {}

  static Storage create(GcsSettings settings, GcsCredentials credentials, DriverConfig config) {
    Duration timeout = config.timeout();
    HttpStorageOptions.Builder options =
        StorageOptions.http()
            .setCredentials(credentials.credentials())
            .setRetrySettings(retrySettings(timeout))
            .setTransportOptions(
                HttpTransportOptions.newBuilder()
                    .setConnectTimeout(millis(min(timeout, MAX_CONNECT_TIMEOUT)))
                    .setReadTimeout(millis(min(timeout, MAX_READ_TIMEOUT)))
                    .build());
    settings.emulatorEndpoint().ifPresent(options::setHost);
    // Setting the project keeps the client from guessing it (from the metadata server, among
    // others); with an emulator there is never anything to guess.
    settings
        .projectId()
        .or(credentials::projectId)
        .or(() -> settings.emulatorEndpoint().map(e -> EMULATOR_PROJECT))
        .ifPresent(options::setProjectId);
    return options.build().getService();
  }

  static RetrySettings retrySettings(Duration timeout) {
    return RetrySettings.newBuilder()
        .setMaxAttempts(MAX_ATTEMPTS)
        .setInitialRetryDelayDuration(FIRST_RETRY_DELAY)
        .setRetryDelayMultiplier(2.0)
        .setMaxRetryDelayDuration(MAX_RETRY_DELAY)
        .setTotalTimeoutDuration(timeout)
        .setInitialRpcTimeoutDuration(timeout)
        .setRpcTimeoutMultiplier(1.0)
        .setMaxRpcTimeoutDuration(timeout)
        .build();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static int millis(Duration duration) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
  }
}
