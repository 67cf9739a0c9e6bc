package dev.assetkit.driver.gcs.fake;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failures the fake produces on demand, per bucket, so that tests can see how a client meets each
 * HTTP error, a slow server and an upload cut short.
 */
public final class Faults {
  /** An error answer. */
  record ErrorAnswer(int status, String reason, String message) {}

  private final Map<String, ErrorAnswer> always = new ConcurrentHashMap<>();
  private final Map<String, ErrorAnswer> transientAnswers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> transientCounts = new ConcurrentHashMap<>();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> uploadCuts = new ConcurrentHashMap<>();
  private final Map<String, RequestHook> hooks = new ConcurrentHashMap<>();

  /** Code run before the fake answers a request, on the server's thread. */
  @FunctionalInterface
  public interface RequestHook {
    /**
     * Called before each request on the hooked bucket is answered.
     *
     * @param method the effective method
     * @param query the decoded query parameters ({@code alt=media} for downloads)
     */
    void before(String method, Map<String, String> query) throws Exception;
  }

  Faults() {}

  /** Every request on {@code bucket} is answered with this error until {@link #clear}. */
  public void failAlways(String bucket, int status, String reason, String message) {
    always.put(bucket, new ErrorAnswer(status, reason, message));
  }

  /** The next {@code count} requests on {@code bucket} are answered with this error. */
  public void failNext(String bucket, int count, int status, String reason, String message) {
    transientAnswers.put(bucket, new ErrorAnswer(status, reason, message));
    transientCounts.put(bucket, new AtomicInteger(count));
  }

  /** Every request on {@code bucket} waits this long before it is answered. */
  public void delay(String bucket, Duration delay) {
    delays.put(bucket, delay);
  }

  /**
   * The next resumable upload request on {@code bucket} that carries bytes keeps only the first
   * {@code bytes} of them and is answered 503, as when a connection breaks mid-upload.
   */
  public void cutNextUploadAfter(String bucket, long bytes) {
    uploadCuts.put(bucket, new AtomicLong(bytes));
  }

  /** Runs {@code hook} before every request on {@code bucket} is answered. */
  public void hook(String bucket, RequestHook hook) {
    hooks.put(bucket, hook);
  }

  /** Removes every fault of {@code bucket}. */
  public void clear(String bucket) {
    always.remove(bucket);
    transientAnswers.remove(bucket);
    transientCounts.remove(bucket);
    delays.remove(bucket);
    uploadCuts.remove(bucket);
    hooks.remove(bucket);
  }

  RequestHook hookFor(String bucket) {
    return bucket == null ? null : hooks.get(bucket);
  }

  ErrorAnswer errorFor(String bucket) {
    if (bucket == null) {
      return null;
    }
    ErrorAnswer answer = always.get(bucket);
    if (answer != null) {
      return answer;
    }
    AtomicInteger count = transientCounts.get(bucket);
    if (count != null && count.getAndDecrement() > 0) {
      return transientAnswers.get(bucket);
    }
    return null;
  }

  Duration delayFor(String bucket) {
    return bucket == null ? null : delays.get(bucket);
  }

  /** How many bytes the current upload request may keep, or -1 for all; consumes the fault. */
  long takeUploadCut(String bucket) {
    AtomicLong cut = bucket == null ? null : uploadCuts.remove(bucket);
    return cut == null ? -1 : cut.get();
  }
}
