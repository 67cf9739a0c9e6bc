package dev.assetkit.driver.s3;

import dev.assetkit.spi.Capability;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.ObjectContent;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.ObjectKeys;
import dev.assetkit.spi.StagedObject;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A {@link StorageDriver} over one S3 bucket, through the AWS SDK v2 sync client and its connection
 * pool; object GETs, single PUTs and upload parts are signed and sent by the driver itself where it
 * can, the SDK answering everything else ({@link DirectRequests}).
 *
 * <p>Conditional writes use S3's conditional-write headers, which real S3 applies atomically; files
 * larger than one part go up as a classic multipart upload and come down as parallel ranged GETs,
 * so memory stays bounded whatever the size.
 */
final class S3StorageDriver implements StorageDriver {
  private final S3Settings settings;
  // The SDK client's connection pool, built with it when the direct requests have a client of
  // their own (a plain-http endpoint), else at once for them: see S3ClientFactory.
  private final Lazy<SdkHttpClient> pool;
  // The direct requests' client: the pool itself, or a PlainHttpClient of its own.
  private final SdkHttpClient directHttp;
  // Built on first use: see Lazy.
  private final Lazy<S3Client> s3;
  private final DirectRequests direct;
  private final S3Errors errors;
  private final ParallelParts parts;
  private final RangedDownload downloads;
  private final MultipartUpload uploads;
  private final long partSize;
  // Staged uploads not yet completed or aborted, by upload id.
  private final Map<String, MultipartUpload.Pending> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  // Set once a request showed the bucket exists; a bodiless 404 then means "no such object".
  private volatile boolean bucketSeen;

  S3StorageDriver(DriverConfig config, List<ExecutionInterceptor> interceptors) {
    this.settings = S3Settings.from(config);
    this.errors = S3Errors.of(settings, config.timeout());
    Region region = S3ClientFactory.region(settings);
    this.pool = new Lazy<>(() -> S3ClientFactory.httpClient(settings, config));
    this.s3 =
        new Lazy<>(
            () -> S3ClientFactory.create(settings, region, config, pool.get(), interceptors));
    this.directHttp = S3ClientFactory.directHttpClient(settings, config, pool, System.getenv());
    this.direct = new DirectRequests(s3, directHttp, settings, region, interceptors);
    this.parts = new ParallelParts("assetkit-s3-" + settings.bucket() + "-");
    this.partSize = config.partSize();
    this.downloads =
        new RangedDownload(
            direct, settings.bucket(), errors, parts, config.parallelism(), config.partSize());
    this.uploads =
        new MultipartUpload(
            s3, direct, settings, errors, parts, config.parallelism(), config.partSize());
  }

  @Override
  public Set<Capability> capabilities() {
    // S3 has applied If-None-Match and If-Match atomically since 2024; a multipart upload is
    // invisible until it is completed, which takes the same conditions.
    return EnumSet.of(
        Capability.ATOMIC_CREATE_IF_ABSENT,
        Capability.ATOMIC_REPLACE_IF_TAG_MATCHES,
        Capability.STAGED_UPLOADS);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    ObjectKeys.requireValid(key);
    ensureOpen();
    try {
      HeadObjectResponse head = s3.get().headObject(b -> b.bucket(settings.bucket()).key(key));
      bucketSeen = true;
      return Optional.of(new ObjectInfo(key, head.contentLength(), tagOf(head.eTag())));
    } catch (SdkServiceException e) {
      if (e.statusCode() == 404) {
        // HEAD answers have no body: a missing bucket looks like a missing object.
        requireBucket(key);
        return Optional.empty();
      }
      throw errors.translate(e, key);
    } catch (RuntimeException e) {
      throw errors.translate(e, key);
    }
  }

  @Override
  public Optional<ObjectContent> read(String key) {
    ObjectKeys.requireValid(key);
    ensureOpen();
    try (ResponseInputStream<GetObjectResponse> in =
        direct.open(GetObjectRequest.builder().bucket(settings.bucket()).key(key).build())) {
      bucketSeen = true;
      Long length = in.response().contentLength();
      if (length != null && length > MAX_READ_BYTES) {
        in.abort(); // rather than drain the body to reuse the connection
        throw StorageException.tooLarge(errors.uri(key), length);
      }
      byte[] content = in.readAllBytes();
      return Optional.of(
          new ObjectContent(
              new ObjectInfo(key, content.length, tagOf(in.response().eTag())), content));
    } catch (IOException e) {
      throw errors.network(e, key);
    } catch (RuntimeException e) {
      StorageException failure = errors.translate(e, key);
      if (failure.reason() == StorageException.Reason.NOT_FOUND) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  /** One GET read to its end, or cut off one byte past {@code limit}. */
  @Override
  public byte[] readSmall(String key, int limit) {
    ObjectKeys.requireValid(key);
    ensureOpen();
    try (ResponseInputStream<GetObjectResponse> in =
        direct.open(GetObjectRequest.builder().bucket(settings.bucket()).key(key).build())) {
      bucketSeen = true;
      byte[] content = in.readNBytes(limit + 1);
      if (content.length > limit) {
        in.abort(); // rather than drain the rest to reuse the connection
      }
      return content;
    } catch (IOException e) {
      throw errors.network(e, key);
    } catch (RuntimeException e) {
      throw errors.translate(e, key);
    }
  }

  @Override
  public ObjectInfo download(String key, Path target) {
    return download(key, target, DownloadProgress.NONE);
  }

  /** Reports the prefix of the target that its completed ranges cover, in order. */
  @Override
  public ObjectInfo download(String key, Path target, DownloadProgress progress) {
    ObjectKeys.requireValid(key);
    ensureOpen();
    return downloads.download(key, target, progress);
  }

  /** Checks the key and the driver, and reads the size of the file to upload to it. */
  private long sizeToUpload(String key, Path source) {
    ObjectKeys.requireValid(key);
    ensureOpen();
    try {
      return Files.size(source);
    } catch (IOException e) {
      throw errors.translate(new LocalFileException("read", source, e), key);
    }
  }

  @Override
  public ObjectInfo upload(String key, Path source, Condition condition) {
    long size = sizeToUpload(key, source);
    if (size > partSize) {
      return uploads.upload(key, source, size, condition);
    }
    return put(key, RequestBody.fromFile(source), size, condition);
  }

  /**
   * Begins a multipart upload of {@code source} to {@code key} and sends all its parts; the upload
   * stays pending, invisible, until {@link #commitStaged} completes it or {@link #discardStaged}
   * aborts it. Pending uploads are remembered by this driver object only: one a process did not
   * complete or abort (killed) is left to the bucket's lifecycle rule for incomplete uploads.
   */
  @Override
  public StagedObject stageUpload(String key, Path source, DownloadProgress progress) {
    long size = sizeToUpload(key, source);
    MultipartUpload.Pending upload = uploads.send(key, source, size, progress);
    pending.put(upload.uploadId(), upload);
    return new StagedObject(upload.uploadId(), size);
  }

  /** Files of more than one part: smaller ones go up in one PUT after the claim. */
  @Override
  public long stagedUploadMinimumSize() {
    return partSize + 1;
  }

  @Override
  public void commitStaged(StagedObject staged, String key, Condition condition) {
    ObjectKeys.requireValid(key);
    ensureOpen();
    MultipartUpload.Pending upload = pending.get(staged.handle());
    if (upload == null) {
      throw new StorageException(
          StorageException.Reason.NOT_FOUND,
          errors.uri(key) + ": no pending upload " + staged.handle() + " (completed or aborted)");
    }
    if (!upload.key().equals(key)) {
      throw new IllegalArgumentException(
          "upload " + staged.handle() + " was sent to " + upload.key() + ", not to " + key);
    }
    uploads.complete(upload, condition);
    pending.remove(staged.handle());
  }

  @Override
  public void discardStaged(StagedObject staged) {
    ensureOpen();
    MultipartUpload.Pending upload = pending.get(staged.handle());
    if (upload != null) {
      uploads.abort(upload);
      pending.remove(staged.handle());
    }
  }

  @Override
  public ObjectInfo write(String key, byte[] content, Condition condition) {
    ObjectKeys.requireValid(key);
    ensureOpen();
    return put(key, RequestBody.fromBytes(content), content.length, condition);
  }

  private ObjectInfo put(String key, RequestBody body, long size, Condition condition) {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder().bucket(settings.bucket()).key(key).contentLength(size);
    S3Conditions.apply(condition, request);
    S3Conditions.encrypt(settings, request);
    try {
      PutObjectResponse response = direct.put(request.build(), body);
      bucketSeen = true;
      return new ObjectInfo(key, size, tagOf(response.eTag()));
    } catch (RuntimeException e) {
      throw errors.translate(e, key);
    }
  }

  @Override
  public Stream<ObjectInfo> list(String prefix) {
    ObjectKeys.requireValidPrefix(prefix);
    ensureOpen();
    return S3Listing.stream(s3.get(), settings.bucket(), prefix, errors);
  }

  @Override
  public void delete(String key) {
    ObjectKeys.requireValid(key);
    ensureOpen();
    try {
      // S3 answers 204 for an absent key: deleting is idempotent as the SPI wants.
      s3.get().deleteObject(b -> b.bucket(settings.bucket()).key(key));
    } catch (RuntimeException e) {
      StorageException failure = errors.translate(e, key);
      if (failure.reason() != StorageException.Reason.NOT_FOUND) {
        throw failure;
      }
    }
  }

  @Override
  public String uri(String key) {
    return errors.uri(key); // for messages only: keys and prefixes alike, never validated
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        abortPending();
        s3.ifBuilt(S3Client::close); // leaves the HTTP client it was given open
      } finally {
        pool.ifBuilt(SdkHttpClient::close);
        if (directHttp instanceof PlainHttpClient) {
          directHttp.close();
        }
        parts.close();
        settings.credentials().close();
      }
    }
  }

  /** Aborts the uploads staged and never committed nor discarded, best effort: parts cost money. */
  private void abortPending() {
    for (MultipartUpload.Pending upload : pending.values()) {
      try {
        uploads.abort(upload);
      } catch (RuntimeException e) {
        System.getLogger(S3StorageDriver.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "could not abort the multipart upload {0} of {1}: {2}",
                upload.uploadId(),
                errors.uri(upload.key()),
                e.getMessage());
      }
    }
    pending.clear();
  }

  /** The requests this driver sends itself; for tests. */
  DirectRequests directRequests() {
    return direct;
  }

  /** Whether the SDK client was needed yet (see {@link Lazy}); for tests. */
  boolean sdkClientBuilt() {
    return s3.built();
  }

  /** Whether the SDK client's connection pool was built yet; for tests. */
  boolean connectionPoolBuilt() {
    return pool.built();
  }

  @Override
  public String toString() {
    return "S3StorageDriver" + settings;
  }

  private void requireBucket(String key) {
    if (bucketSeen) {
      return;
    }
    try {
      s3.get().headBucket(b -> b.bucket(settings.bucket()));
      bucketSeen = true;
    } catch (SdkServiceException e) {
      if (e.statusCode() == 404) {
        throw errors.bucketNotFound();
      }
      // Without s3:ListBucket, HEAD bucket may be refused while objects are readable: the
      // object's 404 stands.
    } catch (RuntimeException e) {
      throw errors.translate(e, key);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new StorageException(
          StorageException.Reason.OTHER,
          "the S3 driver for bucket '" + settings.bucket() + "' is closed");
    }
  }

  private static String tagOf(String eTag) {
    return eTag == null ? "" : eTag;
  }
}
