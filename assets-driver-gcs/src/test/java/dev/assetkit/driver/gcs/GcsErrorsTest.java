package dev.assetkit.driver.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** The one translation of the client's failures, case by case. */
class GcsErrorsTest {
  private final GcsErrors errors =
      new GcsErrors("bkt", "http://127.0.0.1:4443", "no credentials (emulator)");

  @Test
  void notFound_distinguishesTheBucketFromTheObject() {
    dev.assetkit.spi.StorageException bucket =
        errors.translate(new StorageException(404, "The specified bucket does not exist."), "k");
    assertEquals(Reason.BUCKET_NOT_FOUND, bucket.reason());
    assertTrue(bucket.getMessage().contains("'bkt'"), bucket.getMessage());

    dev.assetkit.spi.StorageException object =
        errors.translate(new StorageException(404, "No such object: bkt/k"), "k");
    assertEquals(Reason.NOT_FOUND, object.reason());
    assertEquals("no object gs://bkt/k", object.getMessage());
  }

  @Test
  void conflict_isAPreconditionFailure_onlyForConditionalWrites() {
    StorageException conflict = new StorageException(409, "conflicting concurrent request");
    assertEquals(Reason.PRECONDITION_FAILED, errors.translate(conflict, "k", true).reason());
    dev.assetkit.spi.StorageException plain = errors.translate(conflict, "k", false);
    assertEquals(Reason.UNAVAILABLE, plain.reason());
    assertTrue(plain.retryable());
    assertEquals(
        Reason.PRECONDITION_FAILED,
        errors.translate(new StorageException(412, "pre-conditions"), "k").reason());
  }

  @Test
  void statusCodes_mapToReasons() {
    assertReason(401, Reason.ACCESS_DENIED, false);
    assertReason(403, Reason.ACCESS_DENIED, false);
    assertReason(408, Reason.TIMEOUT, true);
    assertReason(429, Reason.THROTTLED, true);
    assertReason(500, Reason.UNAVAILABLE, true);
    assertReason(502, Reason.UNAVAILABLE, true);
    assertReason(503, Reason.UNAVAILABLE, true);
    assertReason(400, Reason.OTHER, false);
  }

  @Test
  void transportFailures_areTimeoutOrUnavailable() {
    dev.assetkit.spi.StorageException timeout =
        errors.translate(new StorageException(new SocketTimeoutException("Read timed out")), "k");
    assertEquals(Reason.TIMEOUT, timeout.reason());
    assertTrue(timeout.retryable());

    dev.assetkit.spi.StorageException refused =
        errors.translate(new StorageException(new ConnectException("Connection refused")), "k");
    assertEquals(Reason.UNAVAILABLE, refused.reason());
    assertTrue(refused.getMessage().contains("http://127.0.0.1:4443"), refused.getMessage());
    assertTrue(refused.getMessage().contains("STORAGE_EMULATOR_HOST"), refused.getMessage());

    assertEquals(
        Reason.UNAVAILABLE,
        errors.translate(new UnknownHostException("storage.example"), "k").reason());
    assertEquals(
        Reason.UNAVAILABLE, errors.translate(new IOException("connection reset"), "k").reason());
  }

  @Test
  void wrappedServiceErrors_areFoundInTheCauseChain() {
    IOException wrapped =
        new IOException("read failed", new StorageException(403, "no storage.objects.get"));
    dev.assetkit.spi.StorageException e = errors.translate(wrapped, "k");
    assertEquals(Reason.ACCESS_DENIED, e.reason());
    assertTrue(e.getMessage().contains("no credentials (emulator)"), e.getMessage());
    assertTrue(e.getMessage().contains("no storage.objects.get"), e.getMessage());
  }

  @Test
  void ourOwnExceptions_passThrough_andOthersAreOther() {
    dev.assetkit.spi.StorageException ours =
        new dev.assetkit.spi.StorageException(Reason.CORRUPT, "short read");
    assertSame(ours, errors.translate(ours, "k"));
    assertEquals(Reason.OTHER, errors.translate(new IllegalStateException("bug"), "k").reason());
  }

  @Test
  void longServerMessages_areCutToOneShortLine() {
    String message = "first line " + "x".repeat(1_000) + "\nsecond line";
    dev.assetkit.spi.StorageException e = errors.translate(new StorageException(503, message), "k");
    assertTrue(e.getMessage().length() < 400, e.getMessage());
    assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("second line"));
  }

  private void assertReason(int code, Reason reason, boolean retryable) {
    dev.assetkit.spi.StorageException e =
        errors.translate(new StorageException(code, "status " + code), "some/key");
    assertEquals(reason, e.reason(), "HTTP " + code);
    assertEquals(retryable, e.retryable(), "HTTP " + code);
    assertTrue(e.getMessage().contains("gs://bkt/some/key"), e.getMessage());
  }
}
