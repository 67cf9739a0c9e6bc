package dev.assetkit.driver.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assetkit.driver.gcs.fake.FakeGcsServer;
import dev.assetkit.driver.gcs.fake.RecordedRequest;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverRegistry;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import dev.assetkit.testing.HeldBackReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the contract does not pin down: transfers in parts, retries, and each error reason. */
class GcsDriverTest {
  private static final long MIB = 1 << 20;

  @TempDir Path tmp;

  private GcsTestServer server;
  private FakeGcsServer fake;
  private String bucket;
  private StorageDriver driver;

  @BeforeEach
  void setUp() {
    server = GcsTestServer.get();
    fake = server.fake().orElse(null);
    bucket = server.newBucket();
  }

  @AfterEach
  void tearDown() {
    if (driver != null) {
      driver.close();
    }
  }

  private StorageDriver open(Duration timeout, int parallelism, long partSize) {
    driver =
        new GcsStorageDriverProvider()
            .create(server.config(bucket, timeout, parallelism, partSize));
    return driver;
  }

  private StorageDriver open() {
    return open(Duration.ofSeconds(30), 4, MIB);
  }

  private FakeGcsServer requireFake() {
    assumeTrue(fake != null, "needs the in-process fake server (STORAGE_EMULATOR_HOST is set)");
    return fake;
  }

  @Test
  void provider_isFoundById() {
    assertInstanceOf(GcsStorageDriverProvider.class, StorageDriverRegistry.load().provider("gcs"));
  }

  @Test
  void emulatorHostAlone_worksWithoutCredentialsOrProject() {
    requireFake();
    // Only STORAGE_EMULATOR_HOST: no project, no credentials, nothing to look up on a metadata
    // server; everything works offline against the emulator.
    try (StorageDriver offline =
        new GcsStorageDriverProvider()
            .create(
                DriverConfig.of(
                    bucket, Map.of("STORAGE_EMULATOR_HOST", "http://" + server.emulatorHost())))) {
      offline.write("k", "v".getBytes(UTF_8), Condition.ifAbsent());
      assertEquals("v", new String(offline.read("k").orElseThrow().bytes(), UTF_8));
    }
    List<RecordedRequest> requests = fake.requests(bucket);
    assertFalse(requests.isEmpty());
    for (RecordedRequest request : requests) {
      assertNull(request.header("authorization"), "no credentials sent: " + request);
    }
  }

  @Test
  void uri_isGsBucketKey() {
    assertEquals("gs://" + bucket + "/some/asset/0.0", open().uri("some/asset/0.0"));
  }

  // ---- uploads

  @Test
  void upload_smallFile_isOneMultipartRequest() throws IOException {
    requireFake();
    Path source = randomFile("small", (int) (MIB / 2), 1);
    open().upload("small", source, Condition.ifAbsent());
    List<RecordedRequest> uploads = uploadRequests();
    assertEquals(1, uploads.size(), uploads.toString());
    assertEquals("multipart", uploads.get(0).param("uploadType"));
    assertEquals("0", uploads.get(0).param("ifGenerationMatch"));
    assertArrayEquals(Files.readAllBytes(source), driver.read("small").orElseThrow().bytes());
  }

  @Test
  void upload_largerThanAPart_isAResumableSessionStreamedFromTheFile() throws IOException {
    requireFake();
    Path source = randomFile("large", (int) (5 * MIB + 12_345), 2);
    ObjectInfo info = open().upload("large", source, Condition.none());
    assertEquals(Files.size(source), info.size());
    List<RecordedRequest> uploads = uploadRequests();
    assertEquals("resumable", uploads.get(0).param("uploadType"));
    assertTrue(uploads.stream().anyMatch(r -> r.param("upload_id") != null), uploads.toString());
    Path back = tmp.resolve("back");
    driver.download("large", back);
    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(back));
  }

  @Test
  void upload_brokenMidway_resumesWhereTheServerStopped() throws IOException {
    requireFake();
    Path source = randomFile("resumed", (int) (6 * MIB), 3);
    // The first upload request keeps 2.5 MiB and fails with 503, as a broken connection would.
    fake.faults().cutNextUploadAfter(bucket, 2 * MIB + MIB / 2);
    ObjectInfo info = open().upload("resumed", source, Condition.ifAbsent());
    assertEquals(6 * MIB, info.size());
    assertArrayEquals(Files.readAllBytes(source), driver.read("resumed").orElseThrow().bytes());
    List<RecordedRequest> sessionRequests =
        uploadRequests().stream().filter(r -> r.param("upload_id") != null).toList();
    assertEquals(503, sessionRequests.get(0).status(), sessionRequests.toString());
    // After the failure the client asked how much was kept and sent only the rest.
    assertTrue(
        sessionRequests.stream()
            .anyMatch(
                r ->
                    r.header("content-range") != null
                        && r.header("content-range").startsWith("bytes " + (2 * MIB + MIB / 2))),
        sessionRequests.toString());
    assertEquals(1, uploadRequests().stream().filter(r -> r.param("upload_id") == null).count());
  }

  @Test
  void upload_ifTagMatches_withAForeignTag_failsWithoutARequest() throws IOException {
    open().write("k", "v".getBytes(UTF_8), Condition.none());
    Path source = randomFile("src", 10, 4);
    for (String tag : List.of("\"etag-from-s3\"", "0", "-1")) {
      StorageException e =
          assertThrows(
              StorageException.class,
              () -> driver.upload("k", source, Condition.ifTagMatches(tag)),
              tag);
      assertEquals(Reason.PRECONDITION_FAILED, e.reason(), tag);
    }
    assertEquals("v", new String(driver.read("k").orElseThrow().bytes(), UTF_8));
  }

  // ---- downloads

  @Test
  void download_multiPartObject_readsPinnedRangesInParallel() throws Exception {
    requireFake();
    Path source = randomFile("multi", (int) (5 * MIB + 777), 5);
    ObjectInfo uploaded =
        open(Duration.ofSeconds(30), 4, MIB).upload("multi", source, Condition.none());
    Path target = tmp.resolve("multi.back");
    ObjectInfo downloaded = driver.download("multi", target);
    assertEquals(uploaded.tag(), downloaded.tag());
    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(target));

    List<RecordedRequest> ranges =
        fake.requests(bucket).stream().filter(r -> "media".equals(r.param("alt"))).toList();
    assertEquals(6, ranges.size(), ranges.toString());
    Set<String> asked = new HashSet<>();
    for (RecordedRequest range : ranges) {
      assertEquals(uploaded.tag(), range.param("generation"), "every range names one generation");
      assertEquals(206, range.status());
      asked.add(range.header("range"));
    }
    Set<String> expected = new HashSet<>();
    for (long start = 0; start < Files.size(source); start += MIB) {
      expected.add("bytes=" + start + "-" + (Math.min(Files.size(source), start + MIB) - 1));
    }
    assertEquals(expected, asked);
  }

  @Test
  void download_heldBackByItsReader_startsNoRangeBeyondTheLead_andFinishesOnceReleased()
      throws Exception {
    FakeGcsServer fake = requireFake();
    Path source = randomFile("held", (int) (10 * MIB + 777), 12); // 11 ranges
    open(Duration.ofSeconds(30), 2, MIB).upload("held", source, Condition.none());
    int before = mediaRequests(fake);
    Path target = tmp.resolve("held.back");
    HeldBackReader reader = new HeldBackReader();

    reader.transferHeldBack(
        () -> driver.download("held", target, reader),
        2,
        // 2 threads: a lead of 3 ranges, so ranges 0-3 go, and then both threads wait.
        () -> assertEquals(4, mediaRequests(fake) - before, "ranges past the lead"));

    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(target));
    assertEquals(11, mediaRequests(fake) - before);
  }

  private int mediaRequests(FakeGcsServer fake) {
    return (int) fake.requests(bucket).stream().filter(r -> "media".equals(r.param("alt"))).count();
  }

  @Test
  void readSmall_isOneMediaRequest_withoutAStatFirst() throws Exception {
    FakeGcsServer fake = requireFake();
    byte[] content = randomBytes(4096, 8);
    open().write("small", content, Condition.none());
    int before = fake.requests(bucket).size();

    assertArrayEquals(content, driver.readSmall("small", content.length));

    List<RecordedRequest> requests = fake.requests(bucket);
    List<RecordedRequest> made = requests.subList(before, requests.size());
    assertEquals(1, made.size(), made.toString());
    assertEquals("media", made.get(0).param("alt"));
  }

  @Test
  void download_overwrittenMidway_failsRetryably_andNeverMixesVersions() throws Exception {
    FakeGcsServer fake = requireFake();
    byte[] first = randomBytes((int) (4 * MIB), 6);
    byte[] second = randomBytes((int) (4 * MIB), 7);
    open(Duration.ofSeconds(30), 1, MIB).write("k", first, Condition.none());
    AtomicInteger mediaRequests = new AtomicInteger();
    fake.faults()
        .hook(
            bucket,
            (method, query) -> {
              if ("media".equals(query.get("alt")) && mediaRequests.incrementAndGet() == 3) {
                fake.putObject(bucket, "k", second);
              }
            });
    Path target = tmp.resolve("target");
    Files.writeString(target, "previous content");
    StorageException e = assertThrows(StorageException.class, () -> driver.download("k", target));
    assertEquals(Reason.UNAVAILABLE, e.reason(), e.getMessage());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("changed while it was downloaded"), e.getMessage());
    assertEquals("previous content", Files.readString(target), "target untouched on failure");
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(
          Set.of("target"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
          "no part file left behind");
    }

    fake.faults().clear(bucket);
    driver.download("k", target);
    assertArrayEquals(second, Files.readAllBytes(target));
  }

  @Test
  void download_intoAMissingFolder_isALocalFailure_notAStoreOne() {
    open().write("k", "v".getBytes(UTF_8), Condition.none());
    Path target = tmp.resolve("no/such/folder/k");
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> driver.download("k", target));
    assertInstanceOf(NoSuchFileException.class, e.getCause());
    assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
  }

  // ---- listing

  @Test
  void list_fetchesPagesOnlyAsTheyAreRead() throws IOException {
    FakeGcsServer fake = requireFake();
    for (int i = 0; i < 2_100; i++) {
      fake.putObject(bucket, String.format("many/%05d", i), new byte[] {1});
    }
    fake.putObject(bucket, "other", new byte[1]);
    open();
    try (Stream<ObjectInfo> listing = driver.list("many/")) {
      assertEquals(5, listing.limit(5).count());
    }
    assertEquals(1, listRequests().size(), "one page read for five keys");

    try (Stream<ObjectInfo> listing = driver.list("many/")) {
      assertEquals(2_100, listing.map(ObjectInfo::key).distinct().count());
    }
    List<RecordedRequest> pages = listRequests().subList(1, listRequests().size());
    assertEquals(3, pages.size(), pages.toString());
    assertNull(pages.get(0).param("pageToken"));
    assertTrue(pages.get(1).param("pageToken") != null && pages.get(2).param("pageToken") != null);
    assertEquals("many/", pages.get(0).param("prefix"));
    assertTrue(pages.get(0).param("fields").contains("nextPageToken"), pages.get(0).toString());
  }

  // ---- errors

  @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
  @CsvSource({
    "401, authError, ACCESS_DENIED, false",
    "403, forbidden, ACCESS_DENIED, false",
    "429, rateLimitExceeded, THROTTLED, true",
    "500, backendError, UNAVAILABLE, true",
    "503, backendError, UNAVAILABLE, true",
    "400, invalid, OTHER, false",
  })
  void errors_areTranslatedByStatus(int status, String reason, Reason expected, boolean retryable) {
    FakeGcsServer fake = requireFake();
    fake.faults().failAlways(bucket, status, reason, "fault " + reason);
    open();
    for (Runnable operation :
        List.<Runnable>of(
            () -> driver.stat("k"),
            () -> driver.read("k"),
            () -> driver.write("k", new byte[1], Condition.ifAbsent()),
            () -> driver.download("k", tmp.resolve("x")),
            () -> driver.list("").close(),
            () -> driver.delete("k"))) {
      StorageException e = assertThrows(StorageException.class, operation::run);
      assertEquals(expected, e.reason(), e.getMessage());
      assertEquals(retryable, e.retryable(), e.getMessage());
      assertTrue(e.getMessage().contains(bucket), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
  }

  @Test
  void accessDenied_namesTheBucketAndTheCredentialsSource() {
    requireFake()
        .faults()
        .failAlways(bucket, 403, "forbidden", "caller does not have storage.objects.get access");
    StorageException e = assertThrows(StorageException.class, () -> open().stat("a/key"));
    assertEquals(Reason.ACCESS_DENIED, e.reason());
    assertTrue(e.getMessage().contains("gs://" + bucket + "/a/key"), e.getMessage());
    assertTrue(e.getMessage().contains("no credentials (emulator at http://"), e.getMessage());
    assertTrue(e.getMessage().contains("storage.objects.get"), e.getMessage());
  }

  @Test
  void missingBucket_isBucketNotFound_forEveryOperation() {
    bucket = "missing-" + bucket;
    open();
    for (Runnable operation :
        List.<Runnable>of(
            () -> driver.stat("k"),
            () -> driver.read("k"),
            () -> driver.write("k", new byte[1], Condition.none()),
            () -> driver.download("k", tmp.resolve("x")),
            () -> driver.list("p/").close())) {
      StorageException e = assertThrows(StorageException.class, operation::run);
      assertEquals(Reason.BUCKET_NOT_FOUND, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("'" + bucket + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("ASSETS_STORAGE_BUCKET"), e.getMessage());
    }
  }

  @Test
  void slowServer_isTimeout_retryable() {
    requireFake().faults().delay(bucket, Duration.ofSeconds(4));
    StorageException e =
        assertThrows(StorageException.class, () -> open(Duration.ofSeconds(1), 1, MIB).stat("k"));
    assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("ASSETS_STORAGE_TIMEOUT_S"), e.getMessage());
  }

  @Test
  void clientRetries_areFew_andTheCoreDecidesTheRest() {
    FakeGcsServer fake = requireFake();
    open().write("k", "v".getBytes(UTF_8), Condition.none());
    int before = fake.requests(bucket).size();

    // One 503: the client's own retry rides it out.
    fake.faults().failNext(bucket, 1, 503, "backendError", "transient");
    assertEquals(1, driver.stat("k").orElseThrow().size());
    assertEquals(before + 2, fake.requests(bucket).size());

    // More 503s than the client's attempts: the failure comes back to the caller, retryable.
    fake.faults().failNext(bucket, 10, 503, "backendError", "down");
    int start = fake.requests(bucket).size();
    StorageException e = assertThrows(StorageException.class, () -> driver.stat("k"));
    assertEquals(Reason.UNAVAILABLE, e.reason());
    assertTrue(e.retryable());
    assertEquals(3, fake.requests(bucket).size() - start, "attempts made by the client");
  }

  // ---- helpers

  private List<RecordedRequest> uploadRequests() {
    return fake.requests(bucket).stream().filter(r -> r.path().startsWith("/upload/")).toList();
  }

  private List<RecordedRequest> listRequests() {
    return fake.requests(bucket).stream()
        .filter(r -> r.method().equals("GET") && r.path().endsWith("/b/" + bucket + "/o"))
        .toList();
  }

  private Path randomFile(String name, int size, long seed) throws IOException {
    return Files.write(tmp.resolve(name), randomBytes(size, seed));
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
