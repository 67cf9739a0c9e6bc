package dev.assetkit.driver.s3;

import dev.assetkit.spi.Condition;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * What every write carries: its condition as S3 conditional-write headers ({@code If-None-Match: *}
 * to create only, {@code If-Match: <ETag>} to compare and swap), and SSE-KMS when {@code
 * AWS_KMS_KEY_ID} is set.
 */
final class S3Conditions {
  private S3Conditions() {}

  static void apply(Condition condition, PutObjectRequest.Builder request) {
    request.ifNoneMatch(ifNoneMatch(condition)).ifMatch(ifMatch(condition));
  }

  static void apply(Condition condition, CompleteMultipartUploadRequest.Builder request) {
    request.ifNoneMatch(ifNoneMatch(condition)).ifMatch(ifMatch(condition));
  }

  static void encrypt(S3Settings settings, PutObjectRequest.Builder request) {
    settings
        .kmsKeyId()
        .ifPresent(
            id -> request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(id));
  }

  static void encrypt(S3Settings settings, CreateMultipartUploadRequest.Builder request) {
    settings
        .kmsKeyId()
        .ifPresent(
            id -> request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(id));
  }

  /** {@code *} for if-absent, else null (no header). */
  private static String ifNoneMatch(Condition condition) {
    return condition instanceof Condition.IfAbsent ? "*" : null;
  }

  /** The expected ETag for if-tag-matches, else null (no header). */
  private static String ifMatch(Condition condition) {
    return condition instanceof Condition.IfTagMatches
        ? ((Condition.IfTagMatches) condition).tag()
        : null;
  }
}
