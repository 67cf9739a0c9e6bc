package dev.assetkit.driver.gcs.fake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.paging.Page;
import com.google.cloud.NoCredentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fake server against the official client: what the driver relies on must work here. */
class FakeGcsServerTest {
  private static FakeGcsServer server;
  private static Storage storage;

  @TempDir Path tmp;
  private String bucket;

  @BeforeAll
  static void startServer() throws IOException {
    server = FakeGcsServer.start();
    storage =
        StorageOptions.http()
            .setHost(server.endpoint())
            .setProjectId("fake-project")
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService();
  }

  @AfterAll
  static void stopServer() throws Exception {
    storage.close();
    server.close();
  }

  @BeforeEach
  void createBucket() {
    bucket = "b-" + UUID.randomUUID();
    storage.create(BucketInfo.of(bucket));
  }

  @Test
  void bucket_getAndMissing() {
    assertEquals(bucket, storage.get(bucket).getName());
    assertNull(storage.get("no-such-bucket-" + UUID.randomUUID()));
    StorageException e =
        assertThrows(StorageException.class, () -> storage.create(BucketInfo.of(bucket)));
    assertEquals(409, e.getCode());
  }

  @Test
  void create_bytes_storesThemWithTheirDigests() throws Exception {
    byte[] content = "hello, fake gcs".getBytes(UTF_8);
    Blob blob = storage.create(BlobInfo.newBuilder(bucket, "dir/hello.txt").build(), content);
    assertEquals(content.length, blob.getSize());
    assertTrue(blob.getGeneration() > 0);
    assertEquals(base64(MessageDigest.getInstance("MD5").digest(content)), blob.getMd5());
    assertEquals(crc32c(content), blob.getCrc32c());
    assertArrayEquals(content, storage.readAllBytes(BlobId.of(bucket, "dir/hello.txt")));
    Blob stat = storage.get(BlobId.of(bucket, "dir/hello.txt"));
    assertEquals(blob.getGeneration(), stat.getGeneration());
    assertEquals(content.length, stat.getSize());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 300_000, (3 << 20) + 5})
  void create_bytes_isAGzippedMultipartUpload_ofAnySize(int size) throws Exception {
    byte[] content = randomBytes(size, size);
    Blob blob = storage.create(BlobInfo.newBuilder(bucket, "m").build(), content);
    assertEquals(size, blob.getSize());
    assertEquals(base64(MessageDigest.getInstance("MD5").digest(content)), blob.getMd5());
    assertArrayEquals(content, storage.readAllBytes(BlobId.of(bucket, "m")));
    RecordedRequest upload =
        server.requests(bucket).stream()
            .filter(r -> r.path().startsWith("/upload/"))
            .findFirst()
            .orElseThrow();
    assertEquals("multipart", upload.param("uploadType"));
    assertEquals("gzip", upload.header("content-encoding"), "the client gzips by default");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, (256 << 10) - 1, (1 << 20) + 7, 5 << 20})
  void createFrom_path_roundTrips(int size) throws IOException {
    Path file = randomFile(size, size);
    Blob blob = storage.createFrom(BlobInfo.newBuilder(bucket, "f").build(), file, 1 << 20);
    assertEquals(size, blob.getSize());
    assertArrayEquals(Files.readAllBytes(file), storage.readAllBytes(BlobId.of(bucket, "f")));
  }

  @Test
  void writeChannel_smallChunks_isAResumableUploadOfManyChunks() throws IOException {
    byte[] content = randomBytes((3 << 20) + 12_345, 7);
    try (WriteChannel writer = storage.writer(BlobInfo.newBuilder(bucket, "chunked").build())) {
      writer.setChunkSize(256 << 10);
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        ByteBuffer slice = buffer.slice();
        slice.limit(Math.min(slice.remaining(), 100_000));
        buffer.position(buffer.position() + writer.write(slice));
      }
    }
    assertArrayEquals(content, storage.readAllBytes(BlobId.of(bucket, "chunked")));
    long chunks =
        server.requests(bucket).stream()
            .filter(r -> r.method().equals("PUT") && r.param("upload_id") != null)
            .count();
    assertTrue(chunks >= 12, "chunk requests: " + chunks);
  }

  @Test
  void reader_range_returnsTheSlice() throws IOException {
    byte[] content = randomBytes(1_000_000, 3);
    storage.create(BlobInfo.newBuilder(bucket, "r").build(), content);
    try (ReadChannel reader = storage.reader(BlobId.of(bucket, "r"))) {
      reader.seek(123_456);
      reader.limit(654_321);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
      while (reader.read(buffer) >= 0) {
        buffer.flip();
        out.write(buffer.array(), 0, buffer.limit());
        buffer.clear();
      }
      byte[] expected = java.util.Arrays.copyOfRange(content, 123_456, 654_321);
      assertArrayEquals(expected, out.toByteArray());
    }
    assertTrue(
        server.requests(bucket).stream().anyMatch(r -> r.status() == 206),
        "a ranged request was answered 206: " + server.requests(bucket));
  }

  @Test
  void list_paginatesWithPrefixAndDelimiter() {
    for (int i = 0; i < 25; i++) {
      storage.create(BlobInfo.newBuilder(bucket, String.format("p/%02d", i)).build(), new byte[i]);
    }
    storage.create(BlobInfo.newBuilder(bucket, "p/sub/x").build(), new byte[1]);
    storage.create(BlobInfo.newBuilder(bucket, "q").build(), new byte[1]);

    Page<Blob> first =
        storage.list(
            bucket, Storage.BlobListOption.prefix("p/"), Storage.BlobListOption.pageSize(10));
    List<String> firstNames = new ArrayList<>();
    first.getValues().forEach(b -> firstNames.add(b.getName()));
    assertEquals(10, firstNames.size());
    assertTrue(first.hasNextPage());

    List<String> all = new ArrayList<>();
    first.iterateAll().forEach(b -> all.add(b.getName()));
    assertEquals(26, all.size());
    assertEquals(26, new HashSet<>(all).size());
    assertEquals(13L, storage.get(BlobId.of(bucket, "p/13")).getSize());

    Set<String> shallow = new HashSet<>();
    storage
        .list(
            bucket,
            Storage.BlobListOption.prefix("p/"),
            Storage.BlobListOption.currentDirectory(),
            Storage.BlobListOption.pageSize(7))
        .iterateAll()
        .forEach(b -> shallow.add(b.getName()));
    assertEquals(26, shallow.size(), "25 objects and one prefix");
    assertTrue(shallow.contains("p/sub/"), shallow.toString());
  }

  @Test
  void preconditions_doesNotExistAndGenerationMatch() {
    BlobInfo info = BlobInfo.newBuilder(bucket, "k").build();
    Blob first =
        storage.create(info, "one".getBytes(UTF_8), Storage.BlobTargetOption.doesNotExist());
    StorageException exists =
        assertThrows(
            StorageException.class,
            () ->
                storage.create(
                    info, "two".getBytes(UTF_8), Storage.BlobTargetOption.doesNotExist()));
    assertEquals(412, exists.getCode());

    Blob second =
        storage.create(
            info,
            "two".getBytes(UTF_8),
            Storage.BlobTargetOption.generationMatch(first.getGeneration()));
    assertNotEquals(first.getGeneration(), second.getGeneration());
    StorageException stale =
        assertThrows(
            StorageException.class,
            () ->
                storage.create(
                    info,
                    "three".getBytes(UTF_8),
                    Storage.BlobTargetOption.generationMatch(first.getGeneration())));
    assertEquals(412, stale.getCode());
    assertEquals("conditionNotMet", stale.getReason());
    assertArrayEquals("two".getBytes(UTF_8), storage.readAllBytes(BlobId.of(bucket, "k")));

    // The replaced generation is gone, as in a bucket without versioning.
    StorageException gone =
        assertThrows(
            StorageException.class,
            () -> storage.readAllBytes(BlobId.of(bucket, "k", first.getGeneration())));
    assertEquals(404, gone.getCode());
  }

  @Test
  void preconditions_metagenerationAndNotMatch() {
    BlobInfo info = BlobInfo.newBuilder(bucket, "k").build();
    Blob first = storage.create(info, "one".getBytes(UTF_8));
    assertEquals(1L, first.getMetageneration());
    storage.create(info, "two".getBytes(UTF_8), Storage.BlobTargetOption.metagenerationMatch(1));
    assertEquals(
        412,
        assertThrows(
                StorageException.class,
                () ->
                    storage.create(
                        info, "x".getBytes(UTF_8), Storage.BlobTargetOption.metagenerationMatch(2)))
            .getCode());
    long current = storage.get(BlobId.of(bucket, "k")).getGeneration();
    assertEquals(
        412,
        assertThrows(
                StorageException.class,
                () ->
                    storage.create(
                        info,
                        "x".getBytes(UTF_8),
                        Storage.BlobTargetOption.generationNotMatch(current)))
            .getCode());
    storage.create(
        info, "three".getBytes(UTF_8), Storage.BlobTargetOption.generationNotMatch(current - 1));
    assertArrayEquals("three".getBytes(UTF_8), storage.readAllBytes(BlobId.of(bucket, "k")));
    // Reads check them too.
    long latest = storage.get(BlobId.of(bucket, "k")).getGeneration();
    assertEquals(
        412,
        assertThrows(
                StorageException.class,
                () ->
                    storage.get(
                        BlobId.of(bucket, "k"), Storage.BlobGetOption.generationMatch(latest + 1)))
            .getCode());
    assertEquals(
        latest,
        storage
            .get(BlobId.of(bucket, "k"), Storage.BlobGetOption.generationMatch(latest))
            .getGeneration());
  }

  @Test
  void range_pastTheEnd_isUnsatisfiable() throws Exception {
    storage.create(BlobInfo.newBuilder(bucket, "small").build(), new byte[10]);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.endpoint() + "/storage/v1/b/" + bucket + "/o/small?alt=media"))
                    .header("Range", "bytes=10-20")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(416, response.statusCode());
    assertEquals("bytes */10", response.headers().firstValue("Content-Range").orElseThrow());
  }

  @Test
  void preconditions_resumableUploadChecksOnCommit() throws IOException {
    storage.create(BlobInfo.newBuilder(bucket, "big").build(), new byte[1]);
    Path file = randomFile(3 << 20, 5);
    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                storage.createFrom(
                    BlobInfo.newBuilder(bucket, "big").build(),
                    file,
                    1 << 20,
                    Storage.BlobWriteOption.doesNotExist()));
    assertEquals(412, e.getCode());
    assertEquals(1L, storage.get(BlobId.of(bucket, "big")).getSize());
  }

  @Test
  void preconditions_concurrentCreators_haveExactlyOneWinner() throws Exception {
    int writers = 12;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> outcomes = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        byte[] content = ("writer " + i).getBytes(UTF_8);
        outcomes.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    storage.create(
                        BlobInfo.newBuilder(bucket, "race").build(),
                        content,
                        Storage.BlobTargetOption.doesNotExist());
                    return true;
                  } catch (StorageException e) {
                    assertEquals(412, e.getCode());
                    return false;
                  }
                }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> outcome : outcomes) {
        winners += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertEquals(1, winners);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void delete_removesAndReportsMissing() {
    storage.create(BlobInfo.newBuilder(bucket, "d").build(), new byte[1]);
    assertTrue(storage.delete(BlobId.of(bucket, "d")));
    assertFalse(storage.delete(BlobId.of(bucket, "d")));
    assertNull(storage.get(BlobId.of(bucket, "d")));
  }

  @Test
  void gzipBody_andMethodOverride_areUnderstood() throws Exception {
    byte[] content = "compressed on the wire".getBytes(UTF_8);
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
      gzip.write(content);
    }
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> upload =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.endpoint()
                            + "/upload/storage/v1/b/"
                            + bucket
                            + "/o?uploadType=media&name=g%2Fz"))
                .header("Content-Encoding", "gzip")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, upload.statusCode(), upload.body());
    assertArrayEquals(content, storage.readAllBytes(BlobId.of(bucket, "g/z")));
    assertEquals("text/plain", storage.get(BlobId.of(bucket, "g/z")).getContentType());

    HttpResponse<String> delete =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(server.endpoint() + "/storage/v1/b/" + bucket + "/o/g%2Fz"))
                .header("X-HTTP-Method-Override", "DELETE")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(204, delete.statusCode(), delete.body());
    assertNull(storage.get(BlobId.of(bucket, "g/z")));
  }

  @Test
  void errors_haveTheJsonApiShape() throws Exception {
    HttpResponse<String> missing =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(server.endpoint() + "/storage/v1/b/" + bucket + "/o/nothing"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(404, missing.statusCode());
    Object error = Json.parseObject(missing.body()).get("error");
    assertTrue(error.toString().contains("No such object: " + bucket + "/nothing"), missing.body());
    assertTrue(error.toString().contains("notFound"), missing.body());
  }

  private Path randomFile(int size, long seed) throws IOException {
    return Files.write(tmp.resolve("file-" + seed + "-" + size), randomBytes(size, seed));
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String crc32c(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return base64(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
