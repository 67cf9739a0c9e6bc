package dev.assetkit.driver.s3;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 server the tests talk to (S3Proxy started by {@link S3ProxyExtension}, a server given by
 * {@code S3_ENDPOINT}, or MinIO in a container), with an admin client of its own to create and
 * empty the test buckets. Public for the CLI's tests of its shaded jar.
 */
public final class S3TestServer implements AutoCloseable {
  private final String description;
  private final URI endpoint;
  private final Map<String, String> environment;
  private final boolean isS3Proxy;
  private final S3Client admin;
  private final Runnable stop;

  S3TestServer(
      String description,
      URI endpoint,
      Map<String, String> environment,
      boolean isS3Proxy,
      Runnable stop) {
    this.description = description;
    this.endpoint = endpoint;
    this.environment = Map.copyOf(environment);
    this.isS3Proxy = isS3Proxy;
    this.stop = stop;
    this.admin =
        S3Client.builder()
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .region(Region.of(environment.getOrDefault("AWS_REGION", "us-east-1")))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        environment.get("AWS_ACCESS_KEY_ID"),
                        environment.get("AWS_SECRET_ACCESS_KEY"))))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClientBuilder(Apache5HttpClient.builder())
            .build();
  }

  /** The server for a local S3Proxy process or a container: credentials and endpoint only. */
  static Map<String, String> environmentFor(URI endpoint, String accessKey, String secretKey) {
    Map<String, String> env = new HashMap<>();
    env.put("S3_ENDPOINT", endpoint.toString());
    env.put("AWS_ACCESS_KEY_ID", accessKey);
    env.put("AWS_SECRET_ACCESS_KEY", secretKey);
    return env;
  }

  String description() {
    return description;
  }

  URI endpoint() {
    return endpoint;
  }

  /** Whether this is S3Proxy, whose If-Match is not atomic. */
  boolean isS3Proxy() {
    return isS3Proxy;
  }

  /** The environment a driver on this server is given. */
  public Map<String, String> environment() {
    return environment;
  }

  /** The environment with some variables changed (a null value removes one). */
  Map<String, String> environment(Map<String, String> changes) {
    Map<String, String> env = new HashMap<>(environment);
    changes.forEach(
        (name, value) -> {
          if (value == null) {
            env.remove(name);
          } else {
            env.put(name, value);
          }
        });
    return env;
  }

  S3Client admin() {
    return admin;
  }

  /** A new, empty bucket with a random name. */
  public String createBucket() {
    String bucket = "assetkit-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    admin.createBucket(b -> b.bucket(bucket.toLowerCase(Locale.ROOT)));
    return bucket;
  }

  /** A random bucket name that was never created. */
  String missingBucket() {
    return "assetkit-missing-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  StorageDriver driver(String bucket) {
    return driver(DriverConfig.of(bucket, environment), List.of());
  }

  StorageDriver driver(DriverConfig config, List<ExecutionInterceptor> interceptors) {
    return new S3StorageDriver(config, interceptors);
  }

  DriverConfig config(String bucket, int parallelism, long partSize) {
    return new DriverConfig(bucket, environment, Duration.ofSeconds(120), parallelism, partSize);
  }

  /** The multipart uploads still open in {@code bucket}. */
  List<MultipartUpload> openUploads(String bucket) {
    return admin.listMultipartUploads(b -> b.bucket(bucket)).uploads();
  }

  /**
   * Deletes {@code bucket} and everything in it, so that S3Proxy, which keeps blobs in its heap,
   * does not run out of memory over the suite.
   */
  void deleteBucket(String bucket) {
    try {
      for (MultipartUpload upload : openUploads(bucket)) {
        admin.abortMultipartUpload(
            b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
      }
      List<ObjectIdentifier> batch = new ArrayList<>();
      for (S3Object object : admin.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
        batch.add(ObjectIdentifier.builder().key(object.key()).build());
        if (batch.size() == 1000) {
          deleteObjects(bucket, batch);
        }
      }
      deleteObjects(bucket, batch);
      admin.deleteBucket(b -> b.bucket(bucket));
    } catch (RuntimeException e) {
      // Cleaning up helps the server's memory; a failure here says nothing of the driver.
      System.err.println("could not delete test bucket " + bucket + ": " + e);
    }
  }

  private void deleteObjects(String bucket, List<ObjectIdentifier> batch) {
    if (!batch.isEmpty()) {
      List<ObjectIdentifier> keys = List.copyOf(batch);
      admin.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
      batch.clear();
    }
  }

  @Override
  public void close() {
    admin.close();
    stop.run();
  }

  @Override
  public String toString() {
    return description;
  }
}
