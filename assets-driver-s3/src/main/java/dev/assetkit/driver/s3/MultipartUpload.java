package dev.assetkit.driver.s3;

import dev.assetkit.spi.Condition;
import dev.assetkit.spi.ObjectInfo;
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
 * the completion, and aborts the upload on any failure so that no parts are left to pay for. The
 * SDK's own multipart client is not used: it sends {@code x-amz-mp-object-size}, which S3Proxy
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

  ObjectInfo upload(String key, Path source, long size, Condition condition) {
    long partSize = partSize(configuredPartSize, size);
    int count = (int) ((size + partSize - 1) / partSize);
    String bucket = settings.bucket();

    CreateMultipartUploadRequest.Builder create =
        CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
    S3Conditions.encrypt(settings, create);
    if (settings.checksums()) {
      create.checksumAlgorithm(ChecksumAlgorithm.CRC32);
    }
    String uploadId;
    try {
      uploadId = s3.get().createMultipartUpload(create.build()).uploadId();
    } catch (RuntimeException e) {
      throw errors.translate(e, key);
    }

    try {
      CompletedPart[] completed = new CompletedPart[count];
      parts.run(
          count,
          parallelism,
          index -> completed[index] = uploadPart(key, uploadId, source, index, partSize, size));
      CompleteMultipartUploadRequest.Builder complete =
          CompleteMultipartUploadRequest.builder()
              .bucket(bucket)
              .key(key)
              .uploadId(uploadId)
              .multipartUpload(m -> m.parts(Arrays.asList(completed)));
      S3Conditions.apply(condition, complete);
      CompleteMultipartUploadResponse response = s3.get().completeMultipartUpload(complete.build());
      return new ObjectInfo(key, size, response.eTag());
    } catch (RuntimeException e) {
      StorageException failure = errors.translate(e, key);
      abort(key, uploadId, failure);
      throw failure;
    }
  }

  private CompletedPart uploadPart(
      String key, String uploadId, Path source, int index, long partSize, long size) {
    long offset = index * partSize;
    long length = Math.min(partSize, size - offset);
    UploadPartRequest.Builder request =
        UploadPartRequest.builder()
            .bucket(settings.bucket())
            .key(key)
            .uploadId(uploadId)
            .partNumber(index + 1)
            .contentLength(length);
    if (settings.checksums()) {
      request.checksumAlgorithm(ChecksumAlgorithm.CRC32);
    }
    UploadPartResponse response;
    try {
      response = direct.uploadPart(request.build(), new FileRegion(source, offset, length).body());
    } catch (RuntimeException e) {
      throw errors.translate(e, key);
    }
    return CompletedPart.builder()
        .partNumber(index + 1)
        .eTag(response.eTag())
        .checksumCRC32(response.checksumCRC32())
        .build();
  }

  private void abort(String key, String uploadId, StorageException failure) {
    try {
      s3.get().abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId));
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
