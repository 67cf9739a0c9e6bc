package dev.assetkit.driver.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StorageDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/** Listing asks for a page only when the stream reaches it. */
@ExtendWith(S3ProxyExtension.class)
class S3ListingTest {
  private static final int KEYS = 1_001; // one more than a ListObjectsV2 page

  private static S3TestServer server;
  private static String bucket;
  private RecordingInterceptor recorder;
  private StorageDriver driver;

  /** Filled once: the tests only read. */
  @BeforeAll
  static void fillBucket() throws Exception {
    server = S3ProxyExtension.server();
    bucket = server.createBucket();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        String key = String.format("dir/key-%05d", i);
        puts.add(
            pool.submit(
                () ->
                    server
                        .admin()
                        .putObject(
                            b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[2]))));
      }
      for (Future<?> put : puts) {
        put.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @BeforeEach
  void openDriver() {
    recorder = new RecordingInterceptor();
    driver = server.driver(server.config(bucket, 4, 5 << 20), List.of(recorder));
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @AfterAll
  static void deleteBucket() {
    server.deleteBucket(bucket);
  }

  @Test
  void creatingAListing_sendsNothing_andAPartialReadSendsOnePage() {
    try (Stream<ObjectInfo> listing = driver.list("dir/")) {
      assertEquals(List.of(), recorder.sent("ListObjectsV2"), "no request before the first read");
      List<ObjectInfo> first = listing.limit(3).toList();
      assertEquals(3, first.size());
      assertEquals(2, first.get(0).size());
    }
    assertEquals(1, recorder.sent("ListObjectsV2").size());
  }

  @Test
  void aFullRead_followsTheContinuationToken() {
    try (Stream<ObjectInfo> listing = driver.list("dir/")) {
      assertEquals(KEYS, listing.count());
    }
    List<RecordingInterceptor.Sent> pages = recorder.sent("ListObjectsV2");
    assertEquals(2, pages.size());
    assertEquals(
        List.of(false, true),
        pages.stream()
            .map(p -> p.http().firstMatchingRawQueryParameter("continuation-token").isPresent())
            .toList());
  }
}
