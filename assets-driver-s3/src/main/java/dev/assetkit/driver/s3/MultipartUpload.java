package dev.assetkit.driver.s3;

import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.PrefixTracker;
import dev.assetkit.spi.StorageException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads one file as a classic multipart upload (create, parts in parallel read from disk,
 * complete; the parts sent as {@link DirectRequests} where it can), with the write's condition on
 * the completion, and aborts the upload on any failure so that no parts are left to pay for. A push
 * may also send the parts before it claims its version and complete them after ({@link Pending}).
 * The SDK's own multipart client is not used: it sends {@code x-amz-mp-object-size}, which S3Proxy
 * refuses.
 */
final class MultipartUpload {
  /** S3 refuses parts under 5 MiB, except the last. */
  static final long MIN_PART_SIZE = 5L << 20;

  /** S3 refuses uploads of more parts. */
  static final int MAX_PARTS = 10_000;

  private final Supplier<S3Client> s3;
  private final DirectRequests direct;
  private final S3Settings settings;
  private final S3Errors errors;
  private final ParallelParts parts;
  private final int parallelism;
  private final long configuredPartSize;

  MultipartUpload(
      Supplier<S3Client> s3,
      DirectRequests direct,
      S3Settings settings,
      S3Errors errors,
      ParallelParts parts,
      int parallelism,
      long partSize) {
    this.s3 = s3;
    this.direct = direct;
    this.settings = settings;
    this.errors = errors;
    this.parts = parts;
    this.parallelism = parallelism;
    this.configuredPartSize = partSize;
  }

  /** The part size used for a file of {@code size} bytes. */
  static long partSize(long configured, long size) {
    long forCount = (size + MAX_PARTS - 1) / MAX_PARTS;
    return Math.max(Math.max(configured, MIN_PART_SIZE), forCount);
  }

  /**
   * A multipart upload begun and not completed: nothing is visible under its key until {@link
   * #complete}, and its parts cost storage until then or {@link #abort}.
   */
  static final class Pending {
    private final String key;
    private final String uploadId;
    private final long size;
    private final CompletedPart[] parts;

    private Pending(String key, String uploadId, long size, int count) {
      this.key = key;
      this.uploadId = uploadId;
      this.size = size;
      this.parts = new CompletedPart[count];
    }

    String key() {
      return key;
    }

    String uploadId() {
      return uploadId;
    }

    long size() {
      return size;
    }
  }

  /** Uploads {@code source} to {@code key} if {@code condition} holds when it completes. */
  ObjectInfo upload(String key, Path source, long size, Condition condition) {
    Pending pending = send(key, source, size, DownloadProgress.NONE);
    try {
      return complete(pending, condition);
    } catch (StorageException e) {
      abort(pending, e);
      throw e;
    }
  }

  /**
   * Begins a multipart upload of {@code source} to {@code key} and sends all its parts, telling
   * {@code progress} the prefix of the source sent; aborts it on any failure.
   */
  Pending send(String key, Path source, long size, DownloadProgress progress) {
    long partSize = partSize(configuredPartSize, size);
    int count = Math.max(1, (int) ((size + partSize - 1) / partSize)); // an empty file: one part

    CreateMultipartUploadRequest.Builder create =
        CreateMultipartUploadRequest.builder().bucket(settings.bucket()).key(key);
    S3Conditions.encrypt(settings, create);
    if (settings.checksums()) {
      create.checksumAlgorithm(ChecksumAlgorithm.CRC32);
    }
    Pending pending;
    try {
      pending =
          new Pending(key, s3.get().createMultipartUpload(create.build()).uploadId(), size, count);
    } catch (RuntimeException e) {
      throw errors.translate(e, key);
    }
    PrefixTracker sent = new PrefixTracker(count, partSize, partSize, size, progress);
    try {
      parts.run(
          count,
          parallelism,
          index ->
              sent.transfer(
                  index,
                  parallelism,
                  () -> pending.parts[index] = uploadPart(pending, source, index, partSize)));
      return pending;
    } catch (RuntimeException e) {
      StorageException failure = errors.translate(e, key);
      abort(pending, failure);
      throw failure;
    }
  }

  /**
   * Completes a pending upload if {@code condition} holds, which makes the object visible whole.
   * When it does not hold, the upload stays pending, to be aborted.
   */
  ObjectInfo complete(Pending pending, Condition condition) {
    CompleteMultipartUploadRequest.Builder complete =
        CompleteMultipartUploadRequest.builder()
            .bucket(settings.bucket())
            .key(pending.key)
            .uploadId(pending.uploadId)
            .multipartUpload(m -> m.parts(Arrays.asList(pending.parts)));
    S3Conditions.apply(condition, complete);
    try {
      CompleteMultipartUploadResponse response = s3.get().completeMultipartUpload(complete.build());
      return new ObjectInfo(pending.key, pending.size, response.eTag());
    } catch (RuntimeException e) {
      throw errors.translate(e, pending.key);
    }
  }

  /** Aborts a pending upload, so that its parts cost nothing; an upload already gone is fine. */
  void abort(Pending pending) {
    try {
      s3.get()
          .abortMultipartUpload(
              b -> b.bucket(settings.bucket()).key(pending.key).uploadId(pending.uploadId));
    } catch (RuntimeException e) {
      StorageException failure = errors.translate(e, pending.key);
      if (failure.reason() != StorageException.Reason.NOT_FOUND) {
        throw failure;
      }
    }
  }

  private CompletedPart uploadPart(Pending pending, Path source, int index, long partSize) {
    long offset = index * partSize;
    long length = Math.min(partSize, pending.size - offset);
    UploadPartRequest.Builder request =
        UploadPartRequest.builder()
            .bucket(settings.bucket())
            .key(pending.key)
            .uploadId(pending.uploadId)
            .partNumber(index + 1)
            .contentLength(length);
    if (settings.checksums()) {
      request.checksumAlgorithm(ChecksumAlgorithm.CRC32);
    }
    UploadPartResponse response;
    try {
      response = direct.uploadPart(request.build(), new FileRegion(source, offset, length).body());
    } catch (RuntimeException e) {
      throw errors.translate(e, pending.key);
    }
    return CompletedPart.builder()
        .partNumber(index + 1)
        .eTag(response.eTag())
        .checksumCRC32(response.checksumCRC32())
        .build();
  }

  private void abort(Pending pending, StorageException failure) {
    try {
      abort(pending);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
