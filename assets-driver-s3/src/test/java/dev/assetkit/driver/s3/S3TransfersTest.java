package dev.assetkit.driver.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StagedObject;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.testing.HeldBackReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** Multipart uploads, ranged downloads and conditional completion, against S3Proxy. */
class S3TransfersTest extends RecordedBucketTest {
  private static final long MIB = 1 << 20;
  private static final long PART_SIZE = 5 * MIB;
  // Five parts, the last one short.
  private static final int SIZE = (int) (4 * PART_SIZE + 123_457);

  private StorageDriver driver;

  @BeforeEach
  void openDefaultDriver() {
    driver = driver(Map.of());
  }

  private StorageDriver driver(Map<String, String> changes) {
    return openDriver(changes, server.config(bucket, 4, PART_SIZE).timeout(), PART_SIZE);
  }

  @Test
  void upload_largerThanAPart_isAParallelMultipartUpload() throws IOException {
    Path source = randomFile(SIZE, 1);
    ObjectInfo uploaded = driver.upload("big/object", source, Condition.none());

    assertEquals(SIZE, uploaded.size());
    assertArrayEquals(sha256(Files.readAllBytes(source)), sha256(adminRead("big/object")));
    assertEquals(1, recorder.sent("CreateMultipartUpload").size());
    assertEquals(List.of(), recorder.sent("PutObject"));
    List<String> partNumbers =
        recorder.sent("UploadPart").stream()
            .map(s -> s.http().firstMatchingRawQueryParameter("partNumber").orElseThrow())
            .sorted()
            .toList();
    assertEquals(List.of("1", "2", "3", "4", "5"), partNumbers);
    assertTrue(
        recorder.maxOnTheWire("UploadPart") >= 2,
        "parts went one at a time: " + recorder.maxOnTheWire("UploadPart"));
    assertEquals(1, recorder.sent("CompleteMultipartUpload").size());
    assertEquals(List.of(), server.openUploads(bucket));
    assertEquals(uploaded.tag(), driver.stat("big/object").orElseThrow().tag());
  }

  @Test
  void upload_ofOnePartOrLess_isASinglePut() throws IOException {
    Path source = randomFile((int) PART_SIZE, 2);
    driver.upload("one/part", source, Condition.none());
    assertEquals(1, recorder.sent("PutObject").size());
    assertEquals(List.of(), recorder.sent("CreateMultipartUpload"));
    assertArrayEquals(Files.readAllBytes(source), adminRead("one/part"));
  }

  @Test
  void download_largerThanAPart_fetchesEveryRangeOnceInParallel() throws IOException {
    byte[] content = randomBytes(SIZE, 3);
    server
        .admin()
        .putObject(b -> b.bucket(bucket).key("big/object"), RequestBody.fromBytes(content));
    String tag = driver.stat("big/object").orElseThrow().tag();

    Path target = tmp.resolve("target.bin");
    ObjectInfo downloaded = driver.download("big/object", target);

    assertEquals(SIZE, downloaded.size());
    assertEquals(tag, downloaded.tag());
    assertArrayEquals(sha256(content), sha256(Files.readAllBytes(target)));
    List<RecordingInterceptor.Sent> gets = recorder.sent("GetObject");
    assertEquals(5, gets.size());
    Map<Long, Long> ranges = new TreeMap<>();
    for (RecordingInterceptor.Sent get : gets) {
      String range = get.header("Range").orElseThrow();
      String[] bounds = range.substring("bytes=".length()).split("-");
      ranges.put(Long.parseLong(bounds[0]), Long.parseLong(bounds[1]));
      if (!bounds[0].equals("0")) {
        assertEquals(tag, get.header("If-Match").orElseThrow(), "later ranges pin the ETag");
      }
    }
    long expectedStart = 0;
    for (Map.Entry<Long, Long> range : ranges.entrySet()) {
      assertEquals(expectedStart, range.getKey(), "ranges " + ranges);
      expectedStart = Math.min(range.getValue() + 1, SIZE);
    }
    assertEquals(SIZE, expectedStart, "ranges " + ranges);
    Set<String> threads =
        gets.stream().map(RecordingInterceptor.Sent::thread).collect(Collectors.toSet());
    assertTrue(threads.size() >= 2, "ranges fetched by one thread: " + threads);
  }

  @Test
  void download_heldBackByItsReader_startsNoRangeBeyondTheLead_andFinishesOnceReleased()
      throws Exception {
    byte[] content = randomBytes(SIZE, 11);
    server
        .admin()
        .putObject(b -> b.bucket(bucket).key("held/object"), RequestBody.fromBytes(content));
    StorageDriver oneAtATime = openDriver(Map.of(), Duration.ofSeconds(30), PART_SIZE, 1);
    Path target = tmp.resolve("held.bin");
    HeldBackReader reader = new HeldBackReader();

    ObjectInfo downloaded =
        reader.transferHeldBack(
            () -> oneAtATime.download("held/object", target, reader),
            1,
            // One range at a time: a lead of 2 ranges, so ranges 0-2 go, and then range 3 waits.
            () -> assertEquals(3, recorder.sent("GetObject").size(), "ranges past the lead"));

    assertEquals(SIZE, downloaded.size());
    assertArrayEquals(sha256(content), sha256(Files.readAllBytes(target)));
    assertEquals(5, recorder.sent("GetObject").size());
  }

  @Test
  void download_objectReplacedMidway_failsRetryably_andLeavesNoFile() {
    byte[] content = randomBytes(SIZE, 4);
    server.admin().putObject(b -> b.bucket(bucket).key("moving"), RequestBody.fromBytes(content));
    byte[] replacement = randomBytes(SIZE, 5);
    // Replace the object once the first range has answered, before any other range is asked.
    recorder.beforeOperation(
        (operation, request) -> {
          if (request instanceof GetObjectRequest
              && !((GetObjectRequest) request).range().startsWith("bytes=0-")) {
            synchronized (replacement) {
              if (server.admin().headObject(b -> b.bucket(bucket).key("moving")).contentLength()
                  == SIZE) {
                server
                    .admin()
                    .putObject(
                        b -> b.bucket(bucket).key("moving"),
                        RequestBody.fromBytes(new byte[SIZE + 1]));
              }
            }
          }
        });

    Path target = tmp.resolve("moving.bin");
    StorageException e =
        assertThrows(StorageException.class, () -> driver.download("moving", target));
    assertEquals(StorageException.Reason.CORRUPT, e.reason(), e.getMessage());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("s3://" + bucket + "/moving"), e.getMessage());
    assertFalse(Files.exists(target), "a failed download leaves no partial file");
  }

  @Test
  void download_missingKey_leavesAnExistingTargetUntouched() throws IOException {
    Path target = Files.writeString(tmp.resolve("existing"), "keep me");
    StorageException e =
        assertThrows(StorageException.class, () -> driver.download("missing", target));
    assertEquals(StorageException.Reason.NOT_FOUND, e.reason());
    assertEquals("keep me", Files.readString(target));
  }

  @Test
  void multipartIfAbsent_onAnExistingKey_failsAtCompletion_andLeavesNoUpload() throws IOException {
    driver.write("taken", "first".getBytes(UTF_8), Condition.none());
    Path source = randomFile(SIZE, 6);

    StorageException e =
        assertThrows(
            StorageException.class, () -> driver.upload("taken", source, Condition.ifAbsent()));

    assertEquals(StorageException.Reason.PRECONDITION_FAILED, e.reason(), e.getMessage());
    assertFalse(e.retryable());
    assertEquals("first", new String(adminRead("taken"), UTF_8));
    List<RecordingInterceptor.Sent> completes = recorder.sent("CompleteMultipartUpload");
    assertEquals(1, completes.size(), "the condition is checked by the completion itself");
    assertEquals("*", completes.get(0).header("If-None-Match").orElseThrow());
    assertEquals(1, recorder.sent("AbortMultipartUpload").size());
    assertEquals(List.of(), server.openUploads(bucket), "the failed upload was aborted");
  }

  @Test
  void multipartIfTagMatches_replacesOnlyWhenTheTagIsCurrent() throws IOException {
    ObjectInfo first = driver.write("cas", "first".getBytes(UTF_8), Condition.none());
    driver.write("cas", "second".getBytes(UTF_8), Condition.none());
    Path source = randomFile(SIZE, 7);

    StorageException stale =
        assertThrows(
            StorageException.class,
            () -> driver.upload("cas", source, Condition.ifTagMatches(first.tag())));
    assertEquals(StorageException.Reason.PRECONDITION_FAILED, stale.reason(), stale.getMessage());
    assertEquals("second", new String(adminRead("cas"), UTF_8));
    assertEquals(List.of(), server.openUploads(bucket));

    String current = driver.stat("cas").orElseThrow().tag();
    ObjectInfo replaced = driver.upload("cas", source, Condition.ifTagMatches(current));
    assertArrayEquals(Files.readAllBytes(source), adminRead("cas"));
    assertEquals(replaced.tag(), driver.stat("cas").orElseThrow().tag());
    assertEquals(
        current, recorder.sent("CompleteMultipartUpload").get(1).header("If-Match").orElseThrow());
  }

  @Test
  void multipart_failingPart_abortsTheUpload() throws IOException {
    Path source = randomFile(SIZE, 8);
    recorder.beforeOperation(
        (operation, request) -> {
          if (request instanceof UploadPartRequest
              && ((UploadPartRequest) request).partNumber() == 3) {
            throw new IllegalStateException("injected failure of part 3");
          }
        });

    StorageException e =
        assertThrows(
            StorageException.class, () -> driver.upload("broken", source, Condition.none()));

    assertTrue(e.getMessage().contains("s3://" + bucket + "/broken"), e.getMessage());
    assertEquals(1, recorder.sent("AbortMultipartUpload").size());
    assertEquals(List.of(), recorder.sent("CompleteMultipartUpload"));
    assertEquals(List.of(), server.openUploads(bucket));
    assertEquals(java.util.Optional.empty(), driver.stat("broken"));
  }

  /**
   * A staged upload is a multipart upload left open: its parts are sent, nothing is visible, and
   * the completion (with the write's condition) is the commit.
   */
  @Test
  void stagedUpload_isAnOpenMultipartUpload_completedByTheCommit() throws IOException {
    Path source = randomFile(SIZE, 9);

    StagedObject staged = driver.stageUpload("staged", source, DownloadProgress.NONE);

    assertEquals(List.of("staged"), server.openUploads(bucket).stream().map(u -> u.key()).toList());
    assertEquals(5, recorder.sent("UploadPart").size());
    assertEquals(List.of(), recorder.sent("CompleteMultipartUpload"));
    driver.commitStaged(staged, "staged", Condition.ifAbsent());
    assertEquals(
        "*", recorder.sent("CompleteMultipartUpload").get(0).header("If-None-Match").orElseThrow());
    assertEquals(List.of(), server.openUploads(bucket));
    assertArrayEquals(Files.readAllBytes(source), adminRead("staged"));
  }

  @Test
  void stagedUpload_heldBackByItsReader_sendsNoPartBeyondTheLead_andFinishesOnceReleased()
      throws Exception {
    Path source = randomFile(SIZE, 13);
    StorageDriver oneAtATime = openDriver(Map.of(), Duration.ofSeconds(30), PART_SIZE, 1);
    HeldBackReader reader = new HeldBackReader();

    StagedObject staged =
        reader.transferHeldBack(
            () -> oneAtATime.stageUpload("held", source, reader),
            1,
            // One part at a time: a lead of 2 parts, so parts 0-2 go, and then part 3 waits.
            () -> assertEquals(3, recorder.sent("UploadPart").size(), "parts past the lead"));

    oneAtATime.commitStaged(staged, "held", Condition.ifAbsent());
    assertEquals(5, recorder.sent("UploadPart").size());
    assertArrayEquals(Files.readAllBytes(source), adminRead("held"));
  }

  @Test
  void stagedUpload_refusedByItsCondition_isAbortedWhenDiscarded() throws IOException {
    driver.write("taken", "first".getBytes(UTF_8), Condition.none());
    StagedObject staged = driver.stageUpload("taken", randomFile(SIZE, 10), DownloadProgress.NONE);

    StorageException e =
        assertThrows(
            StorageException.class,
            () -> driver.commitStaged(staged, "taken", Condition.ifAbsent()));
    driver.discardStaged(staged);

    assertEquals(StorageException.Reason.PRECONDITION_FAILED, e.reason(), e.getMessage());
    assertEquals("first", new String(adminRead("taken"), UTF_8));
    assertEquals(List.of(), server.openUploads(bucket), "the staged upload was aborted");
  }

  @Test
  void stagedUpload_failingPart_leavesNothingOpen() throws IOException {
    Path source = randomFile(SIZE, 12);
    recorder.beforeOperation(
        (operation, request) -> {
          if (request instanceof UploadPartRequest
              && ((UploadPartRequest) request).partNumber() == 2) {
            throw new IllegalStateException("injected failure of part 2");
          }
        });

    assertThrows(
        StorageException.class, () -> driver.stageUpload("broken", source, DownloadProgress.NONE));

    assertEquals(List.of(), server.openUploads(bucket));
  }

  /** A driver closed with uploads staged and never committed aborts them: parts cost money. */
  @Test
  void close_abortsStagedUploadsLeftPending() throws IOException {
    driver.stageUpload("left", randomFile(SIZE, 13), DownloadProgress.NONE);
    assertEquals(1, server.openUploads(bucket).size());

    driver.close();

    assertEquals(List.of(), server.openUploads(bucket));
  }

  @Test
  void awsChecksums_onUploadsAndDownloads_workEndToEnd() throws IOException {
    // The checksum path real AWS gets by default, exercised against S3Proxy on purpose.
    driver.close();
    driver = driver(Map.of("AWS_REQUEST_CHECKSUM_CALCULATION", "when_supported"));
    Path large = randomFile(SIZE, 9);
    Path small = randomFile(1000, 10);

    driver.upload("large", large, Condition.ifAbsent());
    driver.upload("small", small, Condition.ifAbsent());
    assertTrue(carriesCrc32(recorder.sent("PutObject").get(0)), "the single PUT carries a CRC32");

    Path back = tmp.resolve("large.back");
    driver.download("large", back);
    assertArrayEquals(sha256(Files.readAllBytes(large)), sha256(Files.readAllBytes(back)));
    assertArrayEquals(Files.readAllBytes(small), driver.read("small").orElseThrow().bytes());
    assertTrue(
        recorder.sent("UploadPart").stream().allMatch(S3TransfersTest::carriesCrc32),
        "every part carries a CRC32");
  }

  private static boolean carriesCrc32(RecordingInterceptor.Sent request) {
    // As a header, or as a trailer of an aws-chunked body announced by this header.
    return request.header("x-amz-checksum-crc32").isPresent()
        || request.header("x-amz-sdk-checksum-algorithm").map("CRC32"::equals).orElse(false);
  }

  private byte[] adminRead(String key) {
    return server.admin().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  private Path randomFile(int size, long seed) throws IOException {
    return Files.write(tmp.resolve("random-" + seed), randomBytes(size, seed));
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
