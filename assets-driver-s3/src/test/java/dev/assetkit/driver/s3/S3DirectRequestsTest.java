package dev.assetkit.driver.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.Condition;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The driver's direct GETs and PUTs ({@link DirectRequests}): signed by the driver and sent through
 * the shared connection pool, accepted by a server that checks SigV4 (S3Proxy), and handing every
 * answer but a plain success to the SDK, which then decides as it always did.
 */
class S3DirectRequestsTest extends RecordedBucketTest {
  private static final int PART_SIZE = 5 << 20;

  private StorageDriver driver(String... namesAndValues) {
    Map<String, String> changes = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      changes.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return openDriver(changes, Duration.ofSeconds(5), PART_SIZE);
  }

  private List<RecordingInterceptor.Sent> gets(boolean direct) {
    return sent("GetObject", direct);
  }

  private List<RecordingInterceptor.Sent> puts(boolean direct) {
    return sent("PutObject", direct);
  }

  private List<RecordingInterceptor.Sent> sent(String operation, boolean direct) {
    return recorder.sent(operation).stream().filter(s -> s.direct() == direct).toList();
  }

  @Test
  void readsAndDownloads_goDirect_signedForTheServer_withKeysThatNeedEncoding() throws IOException {
    StorageDriver d = driver();
    String key = "odd dir/a+b %20 ü~(1)=x&y.bin";
    byte[] small = "small".getBytes(UTF_8);
    byte[] big = new byte[2 * PART_SIZE + 17];
    new Random(7).nextBytes(big);
    d.write(key, small, Condition.none());
    d.write("big", big, Condition.none());

    assertArrayEquals(small, d.read(key).orElseThrow().bytes());
    Path target = tmp.resolve("small");
    assertEquals(small.length, d.download(key, target).size());
    assertArrayEquals(small, Files.readAllBytes(target));
    Path bigTarget = tmp.resolve("big");
    d.download("big", bigTarget);
    assertArrayEquals(big, Files.readAllBytes(bigTarget));

    assertEquals(List.of(), gets(false), "no GET went through the SDK");
    List<RecordingInterceptor.Sent> direct = gets(true);
    assertEquals(1 + 1 + 3, direct.size());
    for (RecordingInterceptor.Sent get : direct) {
      String authorization = get.header("Authorization").orElseThrow();
      assertTrue(authorization.contains("/us-east-1/s3/aws4_request"), authorization);
      assertTrue(
          authorization.contains("SignedHeaders=host;")
              && authorization.contains("x-amz-content-sha256")
              && authorization.contains("x-amz-date"),
          authorization);
    }
    assertTrue(
        direct.stream().anyMatch(g -> g.header("If-Match").isPresent()),
        "later ranges pin the ETag as through the SDK");
  }

  @Test
  void aFetchThatOnlyGets_neverBuildsTheSdkClient() throws IOException {
    server.admin().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("fetched"));
    S3StorageDriver d = (S3StorageDriver) driver();

    assertEquals("fetched", new String(d.read("k").orElseThrow().bytes(), UTF_8));
    d.download("k", tmp.resolve("k"));
    assertFalse(d.sdkClientBuilt(), "reads and downloads went direct without the SDK client");
    assertFalse(d.connectionPoolBuilt(), "nor its connection pool, over plain http");

    assertTrue(d.stat("k").isPresent());
    assertTrue(d.sdkClientBuilt(), "a HEAD builds it");
    assertTrue(d.connectionPoolBuilt(), "with its pool");
  }

  @Test
  void directStreams_scheduleNoReadTimeoutTask() throws IOException {
    S3StorageDriver d = (S3StorageDriver) driver();
    d.write("k", "content".getBytes(UTF_8), Condition.none());
    try (ResponseInputStream<GetObjectResponse> in =
        d.directRequests().open(GetObjectRequest.builder().bucket(bucket).key("k").build())) {
      assertEquals(1, gets(true).size(), "sent directly");
      assertFalse(in.hasTimeoutTask(), "the SDK's per-stream timer is not armed");
      assertEquals("content", new String(in.readAllBytes(), UTF_8));
    }
  }

  @Test
  void writesAndSinglePartUploads_goDirect_withTheirConditions() throws IOException {
    StorageDriver d = driver();
    d.write("written", "small".getBytes(UTF_8), Condition.ifAbsent());
    Path file = Files.writeString(tmp.resolve("file.json"), "{}");
    d.upload("odd dir/ü+%.json", file, Condition.none());
    String tag = d.stat("written").orElseThrow().tag();
    d.write("written", "replaced".getBytes(UTF_8), Condition.ifTagMatches(tag));

    assertEquals(List.of(), puts(false), "no PUT went through the SDK");
    List<RecordingInterceptor.Sent> direct = puts(true);
    assertEquals(3, direct.size());
    assertEquals("*", direct.get(0).header("If-None-Match").orElseThrow());
    assertEquals("application/json", direct.get(1).header("Content-Type").orElseThrow());
    assertEquals(tag, direct.get(2).header("If-Match").orElseThrow());
    assertEquals("replaced", new String(d.read("written").orElseThrow().bytes(), UTF_8));
    assertEquals("{}", new String(d.read("odd dir/ü+%.json").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void puts_signTheirBody_orWithUnsignedPayloadDoNot_andTheServerTakesBoth() throws IOException {
    driver().write("signed", "signed body".getBytes(UTF_8), Condition.ifAbsent());
    driver("S3_UNSIGNED_PAYLOAD", "true")
        .write("unsigned", "unsigned body".getBytes(UTF_8), Condition.ifAbsent());

    assertEquals(List.of(), puts(false), "no PUT went through the SDK");
    List<RecordingInterceptor.Sent> direct = puts(true);
    assertEquals(2, direct.size());
    assertEquals(
        DirectSigner.sha256Hex(
            () -> new java.io.ByteArrayInputStream("signed body".getBytes(UTF_8))),
        direct.get(0).header("x-amz-content-sha256").orElseThrow());
    assertEquals("UNSIGNED-PAYLOAD", direct.get(1).header("x-amz-content-sha256").orElseThrow());
    StorageDriver reader = driver();
    assertEquals("signed body", new String(reader.read("signed").orElseThrow().bytes(), UTF_8));
    assertEquals("unsigned body", new String(reader.read("unsigned").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void refusedConditionalWrite_failsAsThroughTheSdk_andLaterPutsStayDirect() {
    StorageDriver d = driver();
    d.write("k", "first".getBytes(UTF_8), Condition.ifAbsent());

    StorageException e =
        assertThrows(
            StorageException.class,
            () -> d.write("k", "second".getBytes(UTF_8), Condition.ifAbsent()));
    assertEquals(StorageException.Reason.PRECONDITION_FAILED, e.reason(), e.getMessage());
    assertEquals(1, puts(false).size(), "the refused PUT asked again through the SDK");
    assertEquals("first", new String(d.read("k").orElseThrow().bytes(), UTF_8));

    d.write("other", new byte[1], Condition.ifAbsent());
    assertEquals(3, puts(true).size(), "a 412 leaves the direct path on");
  }

  @Test
  void missingKey_isAnsweredByTheSdk_andLaterGetsStayDirect() {
    StorageDriver d = driver();
    d.write("present", new byte[3], Condition.none());

    assertTrue(d.read("missing").isEmpty());
    StorageException e =
        assertThrows(StorageException.class, () -> d.download("missing", tmp.resolve("missing")));
    assertEquals(StorageException.Reason.NOT_FOUND, e.reason(), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("missing")));
    assertEquals(2, gets(false).size(), "each 404 asked again through the SDK");

    d.read("present");
    List<RecordingInterceptor.Sent> all = recorder.sent("GetObject");
    assertTrue(all.get(all.size() - 1).direct(), "a 404 leaves the direct path on");
  }

  @Test
  void wrongSecret_failsAsThroughTheSdk_andTurnsTheDirectPathOff() {
    StorageDriver writer = driver();
    writer.write("k", new byte[3], Condition.none());
    writer.close();
    StorageDriver d = driver("AWS_SECRET_ACCESS_KEY", "not-the-secret");

    StorageException e = assertThrows(StorageException.class, () -> d.read("k"));
    assertEquals(StorageException.Reason.ACCESS_DENIED, e.reason(), e.getMessage());
    assertEquals(1, gets(true).size());
    assertThrows(StorageException.class, () -> d.download("k", tmp.resolve("k")));
    assertEquals(1, gets(true).size(), "a refused signature sends later GETs through the SDK");
  }

  @Test
  void sessionToken_isSentWithDirectGets() {
    StorageDriver writer = driver();
    writer.write("k", new byte[3], Condition.none());
    writer.close();
    StorageDriver d = driver("AWS_SESSION_TOKEN", "a-session-token");
    try {
      d.read("k");
    } catch (StorageException e) {
      // Whether the server accepts a token it does not know is not this test's question.
    }
    assertEquals("a-session-token", gets(true).get(0).header("x-amz-security-token").orElseThrow());
  }

  @Test
  void withChecksums_writesAndWholeObjectReadsStayWithTheSdk_rangedDownloadsGoDirect()
      throws IOException {
    StorageDriver d = driver("AWS_REQUEST_CHECKSUM_CALCULATION", "when_supported");
    d.write("k", "checked".getBytes(UTF_8), Condition.none());
    assertEquals(1, puts(false).size());
    assertEquals(List.of(), puts(true));

    assertEquals("checked", new String(d.read("k").orElseThrow().bytes(), UTF_8));
    assertEquals(1, gets(false).size());
    assertEquals(List.of(), gets(true));

    d.download("k", tmp.resolve("k"));
    assertEquals("checked", Files.readString(tmp.resolve("k")));
    assertEquals(1, gets(true).size(), "the download's ranged GET went direct");
  }

  @Test
  void multipartUploadParts_goDirect_andTheObjectIsWhole() throws IOException {
    StorageDriver d = driver();
    byte[] big = new byte[2 * PART_SIZE + 5];
    new Random(11).nextBytes(big);
    Path file = Files.write(tmp.resolve("big.bin"), big);

    d.upload("odd dir/big ü.bin", file, Condition.ifAbsent());

    assertEquals(List.of(), sent("UploadPart", false), "no part went through the SDK");
    assertEquals(3, sent("UploadPart", true).size());
    Path back = tmp.resolve("back.bin");
    d.download("odd dir/big ü.bin", back);
    assertArrayEquals(big, Files.readAllBytes(back));
  }

  @Test
  void withChecksums_multipartUploadParts_stayWithTheSdk() throws IOException {
    StorageDriver d = driver("AWS_REQUEST_CHECKSUM_CALCULATION", "when_supported");
    byte[] big = new byte[PART_SIZE + 1];
    new Random(13).nextBytes(big);
    d.upload("big", Files.write(tmp.resolve("big.bin"), big), Condition.none());

    assertEquals(2, sent("UploadPart", false).size());
    assertEquals(List.of(), sent("UploadPart", true));
  }
}
