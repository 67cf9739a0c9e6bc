package dev.assetkit.driver.s3;

import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The driver's SDK client, built on first use.
 *
 * <p>A fetch from a custom endpoint only GETs, and its GETs go direct ({@link DirectRequests}), so
 * it never needs the client; building it took ~0.24 s of a fetch's start-up here (class-load
 * timeline in bench/analysis.md). Pushes, listings, HEADs and every GET the direct path hands back
 * build it.
 */
final class LazyS3Client implements Supplier<S3Client> {
  private final Supplier<S3Client> factory;
  private volatile S3Client client;

  LazyS3Client(Supplier<S3Client> factory) {
    this.factory = factory;
  }

  @Override
  public S3Client get() {
    S3Client built = client;
    if (built == null) {
      synchronized (this) {
        if (client == null) {
          client = factory.get();
        }
        built = client;
      }
    }
    return built;
  }

  boolean built() {
    return client != null;
  }

  /** Closes the client if it was built; it leaves the HTTP client it was given open. */
  synchronized void close() {
    if (client != null) {
      client.close();
    }
  }
}
