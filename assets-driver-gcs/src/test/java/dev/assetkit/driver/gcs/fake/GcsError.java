package dev.assetkit.driver.gcs.fake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An error the fake answers with, in the JSON shape of the GCS JSON API. */
final class GcsError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String reason;

  GcsError(int status, String reason, String message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }

  static GcsError bucketNotFound() {
    return new GcsError(404, "notFound", "The specified bucket does not exist.");
  }

  static GcsError objectNotFound(String bucket, String name) {
    return new GcsError(404, "notFound", "No such object: " + bucket + "/" + name);
  }

  static GcsError preconditionFailed() {
    return new GcsError(
        412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
  }

  static GcsError notModified() {
    return new GcsError(304, "notModified", "Not Modified");
  }

  static GcsError badRequest(String message) {
    return new GcsError(400, "invalid", message);
  }

  static GcsError conflict(String message) {
    return new GcsError(409, "conflict", message);
  }

  /** The response body: {@code {"error":{"code":..,"message":..,"errors":[{..}]}}}. */
  Map<String, Object> body() {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("message", getMessage());
    detail.put("domain", "global");
    detail.put("reason", reason);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", status);
    error.put("message", getMessage());
    error.put("errors", List.of(detail));
    return Map.of("error", error);
  }
}
