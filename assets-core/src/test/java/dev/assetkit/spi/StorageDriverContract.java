package dev.assetkit.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assetkit.testing.TestFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link StorageDriver} must have. Each driver's test extends this class and
 * supplies {@link #newDriver()}: a fresh driver on an empty bucket (or prefix) of its own. Tests of
 * a capability the driver does not declare are skipped, never passed.
 *
 * <p>Optional hooks give drivers on broken configurations (bad credentials, missing bucket,
 * unreachable server) so that every error reason is exercised where the backend can produce it.
 */
public abstract class StorageDriverContract {

  /** For subclasses. */
  protected StorageDriverContract() {}

  /** A fresh driver on an empty, isolated bucket or prefix. Called once per test. */
  protected abstract StorageDriver newDriver() throws Exception;

  /** A driver whose credentials the server rejects, if this backend can have one. */
  protected Optional<StorageDriver> driverWithBadCredentials() throws Exception {
    return Optional.empty();
  }

  /** A driver on a bucket that does not exist. */
  protected Optional<StorageDriver> driverOnMissingBucket() throws Exception {
    return Optional.empty();
  }

  /** A driver pointed at a server that does not answer (a closed loopback port). */
  protected Optional<StorageDriver> driverOnUnreachableServer() throws Exception {
    return Optional.empty();
  }

  /**
   * Size of the large-object test. Bigger than the 256 MiB heap driver tests run with, so a driver
   * that buffers whole objects fails; in-memory file systems override it.
   */
  protected long largeObjectSize() {
    return 288L << 20;
  }

  /**
   * Whether this driver refuses a {@link StorageDriver#read} above {@link
   * StorageDriver#MAX_READ_BYTES} from the object's size, before loading it. Drivers that learn the
   * size only while reading say no, and so do in-memory stores, where the oversized object alone
   * would fill the test heap.
   */
  protected boolean refusesOversizedReadsUnread() {
    return false;
  }

  /** Number of keys of the listing test, well past every backend's page size. */
  protected int manyKeysCount() {
    return 1_100;
  }

  protected StorageDriver driver;

  @TempDir protected Path tmp;

  @BeforeEach
  void openDriver() throws Exception {
    driver = newDriver();
  }

  @AfterEach
  void closeDriver() {
    if (driver != null) {
      driver.close();
    }
  }

  // ---- reading what is not there

  @Test
  void stat_missingKey_isEmpty() {
    assertEquals(Optional.empty(), driver.stat("missing/key"));
  }

  @Test
  void read_missingKey_isEmpty() {
    assertEquals(Optional.empty(), driver.read("missing/key"));
  }

  @Test
  void download_missingKey_failsWithNotFound() {
    StorageException e =
        assertThrows(
            StorageException.class, () -> driver.download("missing/key", tmp.resolve("x")));
    assertEquals(StorageException.Reason.NOT_FOUND, e.reason());
    assertFalse(e.retryable());
    assertFalse(Files.exists(tmp.resolve("x")), "nothing is left behind for a missing object");
  }

  @Test
  void readSmall_missingKey_failsWithNotFound() {
    StorageException e =
        assertThrows(StorageException.class, () -> driver.readSmall("missing/key", 100));
    assertEquals(StorageException.Reason.NOT_FOUND, e.reason(), e.getMessage());
    assertFalse(e.retryable());
  }

  @Test
  void delete_missingKey_isNotAnError() {
    driver.delete("missing/key");
    assertEquals(Optional.empty(), driver.stat("missing/key"));
  }

  // ---- writing and reading back

  @Test
  void write_thenRead_returnsTheBytesAndTheTagOfStat() {
    byte[] content = "{\"versions\": [\"0.0\"]}".getBytes(UTF_8);
    ObjectInfo written = driver.write("a/b.versions", content, Condition.none());
    assertEquals("a/b.versions", written.key());
    assertEquals(content.length, written.size());

    ObjectContent read = driver.read("a/b.versions").orElseThrow();
    assertArrayEquals(content, read.bytes());
    assertEquals(content.length, read.info().size());
    ObjectInfo stat = driver.stat("a/b.versions").orElseThrow();
    assertEquals(content.length, stat.size());
    assertEquals(stat.tag(), read.info().tag());
    assertEquals(written.tag(), stat.tag());
  }

  @Test
  void upload_thenDownload_roundTripsTheBytes() throws IOException {
    Path source = randomFile("source.bin", 1_234_567, 1);
    ObjectInfo uploaded = driver.upload("assets/x/0.0", source, Condition.none());
    assertEquals(1_234_567, uploaded.size());

    Path target = tmp.resolve("target.bin");
    ObjectInfo downloaded = driver.download("assets/x/0.0", target);
    assertEquals(1_234_567, downloaded.size());
    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(target));
  }

  @Test
  void readSmall_returnsTheWholeObject_whenItFitsTheLimit() throws IOException {
    byte[] content = Files.readAllBytes(randomFile("small.bin", 4096, 7));
    driver.write("assets/t/0.0/f.bin", content, Condition.none());
    assertArrayEquals(content, driver.readSmall("assets/t/0.0/f.bin", 4096), "exactly the limit");
    assertArrayEquals(content, driver.readSmall("assets/t/0.0/f.bin", 100_000), "below it");
  }

  @Test
  void readSmall_ofALargerObject_returnsOneBytePastTheLimit() throws IOException {
    byte[] content = Files.readAllBytes(randomFile("larger.bin", 300_000, 8));
    driver.write("assets/t/0.0/big.bin", content, Condition.none());
    assertArrayEquals(Arrays.copyOf(content, 1001), driver.readSmall("assets/t/0.0/big.bin", 1000));
    // The connection it cut short is not reused half-read: the next request gets its own bytes.
    driver.write("assets/t/0.0/next", "next".getBytes(UTF_8), Condition.none());
    assertArrayEquals("next".getBytes(UTF_8), driver.readSmall("assets/t/0.0/next", 4));
  }

  @Test
  void download_replacesAnExistingTargetFile() throws IOException {
    driver.write("k", "new content".getBytes(UTF_8), Condition.none());
    Path target = tmp.resolve("target");
    Files.write(target, new byte[100_000]);
    driver.download("k", target);
    assertEquals("new content", Files.readString(target));
  }

  @Test
  void emptyObject_roundTrips() throws IOException {
    Path empty = Files.createFile(tmp.resolve("empty"));
    driver.upload("empty/file", empty, Condition.ifAbsent());
    assertEquals(0, driver.stat("empty/file").orElseThrow().size());
    Path target = tmp.resolve("empty-back");
    driver.download("empty/file", target);
    assertEquals(0, Files.size(target));
    assertArrayEquals(new byte[0], driver.read("empty/file").orElseThrow().bytes());
    assertArrayEquals(new byte[0], driver.readSmall("empty/file", 0));
    assertArrayEquals(new byte[0], driver.readSmall("empty/file", 10));
  }

  @Test
  void write_withoutCondition_replacesAndChangesTheTag() {
    ObjectInfo first = driver.write("k", "one".getBytes(UTF_8), Condition.none());
    ObjectInfo second = driver.write("k", "two, longer".getBytes(UTF_8), Condition.none());
    assertNotEquals(first.tag(), second.tag());
    assertEquals("two, longer", new String(driver.read("k").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void delete_removesTheObject() {
    driver.write("k", "x".getBytes(UTF_8), Condition.none());
    driver.delete("k");
    assertEquals(Optional.empty(), driver.stat("k"));
    assertEquals(Optional.empty(), driver.read("k"));
  }

  @Test
  void uri_namesTheKey() {
    assertTrue(
        driver.uri("some/asset/0.0").endsWith("some/asset/0.0"), driver.uri("some/asset/0.0"));
  }

  @Test
  void close_isIdempotent() {
    StorageDriver other;
    try {
      other = newDriver();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    other.close();
    other.close();
  }

  // ---- conditional writes, one at a time

  @Test
  void ifAbsent_createsWhenAbsent() {
    driver.write("k", "first".getBytes(UTF_8), Condition.ifAbsent());
    assertEquals("first", new String(driver.read("k").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void ifAbsent_write_failsWhenPresent_andKeepsTheBytes() {
    driver.write("k", "first".getBytes(UTF_8), Condition.none());
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> driver.write("k", "second".getBytes(UTF_8), Condition.ifAbsent()));
    assertEquals(StorageException.Reason.PRECONDITION_FAILED, e.reason());
    assertFalse(e.retryable());
    assertEquals("first", new String(driver.read("k").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void ifAbsent_upload_failsWhenPresent_andKeepsTheBytes() throws IOException {
    driver.write("k", "first".getBytes(UTF_8), Condition.none());
    Path source = randomFile("source", 10_000, 2);
    StorageException e =
        assertThrows(
            StorageException.class, () -> driver.upload("k", source, Condition.ifAbsent()));
    assertEquals(StorageException.Reason.PRECONDITION_FAILED, e.reason());
    assertEquals("first", new String(driver.read("k").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void ifTagMatches_replacesWhenTheTagMatches() {
    ObjectInfo first = driver.write("k", "first".getBytes(UTF_8), Condition.none());
    ObjectInfo second =
        driver.write("k", "second".getBytes(UTF_8), Condition.ifTagMatches(first.tag()));
    assertNotEquals(first.tag(), second.tag());
    assertEquals("second", new String(driver.read("k").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void ifTagMatches_failsWhenTheTagIsStale() {
    ObjectInfo first = driver.write("k", "first".getBytes(UTF_8), Condition.none());
    driver.write("k", "second".getBytes(UTF_8), Condition.none());
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> driver.write("k", "third".getBytes(UTF_8), Condition.ifTagMatches(first.tag())));
    assertEquals(StorageException.Reason.PRECONDITION_FAILED, e.reason());
    assertEquals("second", new String(driver.read("k").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void ifTagMatches_failsWhenTheObjectIsAbsent() {
    ObjectInfo gone = driver.write("k", "first".getBytes(UTF_8), Condition.none());
    driver.delete("k");
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> driver.write("k", "again".getBytes(UTF_8), Condition.ifTagMatches(gone.tag())));
    assertTrue(
        e.reason() == StorageException.Reason.PRECONDITION_FAILED
            || e.reason() == StorageException.Reason.NOT_FOUND,
        "reason " + e.reason());
    assertEquals(Optional.empty(), driver.stat("k"));
  }

  @Test
  void ifTagMatches_upload_usesTheTagOfRead() throws IOException {
    driver.write("k", "first".getBytes(UTF_8), Condition.none());
    String tag = driver.read("k").orElseThrow().info().tag();
    Path source = randomFile("source", 3_000, 3);
    driver.upload("k", source, Condition.ifTagMatches(tag));
    assertArrayEquals(Files.readAllBytes(source), driver.read("k").orElseThrow().bytes());
  }

  // ---- races, gated by declared capabilities

  @Test
  void ifAbsent_race_hasExactlyOneWinner() throws Exception {
    assumeTrue(
        driver.capabilities().contains(Capability.ATOMIC_CREATE_IF_ABSENT),
        "driver does not declare ATOMIC_CREATE_IF_ABSENT");
    List<Outcome> outcomes =
        race(8, i -> driver.write("race/k", ("writer " + i).getBytes(UTF_8), Condition.ifAbsent()));
    assertExactlyOneWinner(outcomes, "race/k");
  }

  @Test
  void ifTagMatches_race_hasExactlyOneWinner() throws Exception {
    assumeTrue(
        driver.capabilities().contains(Capability.ATOMIC_REPLACE_IF_TAG_MATCHES),
        "driver does not declare ATOMIC_REPLACE_IF_TAG_MATCHES");
    String tag = driver.write("race/k", "initial".getBytes(UTF_8), Condition.none()).tag();
    List<Outcome> outcomes =
        race(
            8,
            i ->
                driver.write(
                    "race/k", ("writer " + i).getBytes(UTF_8), Condition.ifTagMatches(tag)));
    assertExactlyOneWinner(outcomes, "race/k");
  }

  private record Outcome(int writer, boolean won, StorageException failure) {}

  private interface Writer {
    void write(int index);
  }

  private static List<Outcome> race(int threads, Writer writer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        Callable<Outcome> task =
            () -> {
              start.await();
              try {
                writer.write(index);
                return new Outcome(index, true, null);
              } catch (StorageException e) {
                return new Outcome(index, false, e);
              }
            };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> future : futures) {
        outcomes.add(future.get(120, TimeUnit.SECONDS));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private void assertExactlyOneWinner(List<Outcome> outcomes, String key) {
    List<Outcome> winners = outcomes.stream().filter(Outcome::won).toList();
    assertEquals(1, winners.size(), "winners: " + winners);
    for (Outcome loser : outcomes) {
      if (!loser.won()) {
        assertEquals(
            StorageException.Reason.PRECONDITION_FAILED,
            loser.failure().reason(),
            "loser " + loser.writer() + ": " + loser.failure().getMessage());
      }
    }
    assertEquals(
        "writer " + winners.get(0).writer(),
        new String(driver.read(key).orElseThrow().bytes(), UTF_8),
        "the winner's bytes are what the store holds");
  }

  // ---- listing

  @Test
  void list_returnsOnlyKeysUnderThePrefix_withSizes() {
    driver.write("p/a/0.0", new byte[3], Condition.none());
    driver.write("p/a/0.0.meta", new byte[5], Condition.none());
    driver.write("p/b/c/d", new byte[7], Condition.none());
    driver.write("q/a", new byte[1], Condition.none());
    Map<String, Long> listed = listSizes("p/");
    assertEquals(Map.of("p/a/0.0", 3L, "p/a/0.0.meta", 5L, "p/b/c/d", 7L), listed);
  }

  @Test
  void list_prefixIsAPlainStringPrefix() {
    driver.write("m/asset.versions", new byte[1], Condition.none());
    driver.write("m/asset/0.0", new byte[1], Condition.none());
    driver.write("m/assets/0.0", new byte[1], Condition.none());
    driver.write("m/other/0.0", new byte[1], Condition.none());
    assertEquals(Set.of("m/asset.versions", "m/asset/0.0", "m/assets/0.0"), listKeys("m/asset"));
  }

  @Test
  void list_includesHiddenNames() {
    driver.write("h/.hidden", new byte[1], Condition.none());
    driver.write("h/dir/.SUCCESS", new byte[1], Condition.none());
    driver.write("h/.dir/file", new byte[1], Condition.none());
    assertEquals(Set.of("h/.hidden", "h/dir/.SUCCESS", "h/.dir/file"), listKeys("h/"));
  }

  @Test
  void list_emptyPrefix_returnsEverything() {
    driver.write("x", new byte[1], Condition.none());
    driver.write("y/z", new byte[1], Condition.none());
    assertEquals(Set.of("x", "y/z"), listKeys(""));
  }

  @Test
  void list_missingPrefix_isEmpty() {
    driver.write("x", new byte[1], Condition.none());
    assertEquals(Set.of(), listKeys("nothing/here/"));
  }

  @Test
  void list_manyKeys_paginatesLazilyAndCompletely() throws Exception {
    int count = manyKeysCount();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = String.format("many/dir%02d/file-%05d", i % 7, i);
        writes.add(pool.submit(() -> driver.write(key, new byte[] {1}, Condition.none())));
      }
      for (Future<?> write : writes) {
        write.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    driver.write("manx", new byte[1], Condition.none());
    Set<String> keys = listKeys("many/");
    assertEquals(count, keys.size());
    assertTrue(keys.contains(String.format("many/dir%02d/file-%05d", (count - 1) % 7, count - 1)));
    try (Stream<ObjectInfo> listing = driver.list("many/")) {
      assertEquals(10, listing.limit(10).count(), "a partial read of a listing works");
    }
  }

  // ---- keys

  @Test
  void unusualKeys_roundTrip() {
    List<String> keys =
        List.of(
            "with space/file name.txt",
            "unicode/éàü-日本語-😀.bin",
            "deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p.txt",
            "punct/plus+equals=at@comma,tilde~bang!(paren)'quote'",
            "punct/percent%20and&amp;dollar$",
            "dots/.../name..with..dots.");
    for (String key : keys) {
      driver.write(key, key.getBytes(UTF_8), Condition.ifAbsent());
    }
    for (String key : keys) {
      assertArrayEquals(
          key.getBytes(UTF_8), driver.read(key).orElseThrow().bytes(), "content of " + key);
      assertEquals(key.getBytes(UTF_8).length, driver.stat(key).orElseThrow().size(), key);
    }
    Set<String> listed = listKeys("");
    assertEquals(new HashSet<>(keys), listed);
  }

  @Test
  void invalidKeys_areRejectedBeforeAnyRequest() {
    for (String key :
        List.of("../x", "a/../../x", "/abs", "a//b", "a/./b", "nul\u0000x", "", "a\\b")) {
      StorageException e =
          assertThrows(
              StorageException.class,
              () -> driver.write(key, new byte[1], Condition.none()),
              "key '" + key + "'");
      assertEquals(StorageException.Reason.INVALID_KEY, e.reason(), "key '" + key + "'");
      assertThrows(StorageException.class, () -> driver.stat(key), "stat '" + key + "'");
    }
  }

  // ---- large objects

  @Test
  void largeObject_streamsInAndOut() throws Exception {
    long size = largeObjectSize();
    Path source = tmp.resolve("large.bin");
    byte[] sourceDigest = writeRandom(source, size, 42);
    ObjectInfo uploaded = driver.upload("large/object", source, Condition.ifAbsent());
    assertEquals(size, uploaded.size());
    assertEquals(size, driver.stat("large/object").orElseThrow().size());
    Files.delete(source);

    Path target = tmp.resolve("large.back");
    ObjectInfo downloaded = driver.download("large/object", target);
    assertEquals(size, downloaded.size());
    assertEquals(size, Files.size(target));
    assertArrayEquals(sourceDigest, sha256(target), "downloaded bytes differ from uploaded ones");
  }

  /**
   * The prefix a driver reports during a download is final: whenever it is told, those bytes of the
   * target already equal the object's, so the engine may hash them while the rest arrives.
   */
  @Test
  void download_withProgress_reportsOnlyFinalPrefixes_upToTheSize() throws Exception {
    int size = (40 << 20) + 12_345; // several parts at every driver's part size
    Path source = randomFile("progress.bin", size, 7);
    driver.upload("progress/object", source, Condition.none());

    Path target = tmp.resolve("progress.back");
    List<Long> reports = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    DownloadProgress checking =
        bytes -> {
          synchronized (reports) {
            reports.add(bytes);
            if (!prefixEquals(target, source, bytes)) {
              wrong.add("prefix " + bytes + " differs from the object's bytes when reported");
            }
          }
        };
    ObjectInfo downloaded = driver.download("progress/object", target, checking);

    assertEquals(size, downloaded.size());
    assertEquals(List.of(), wrong);
    assertFalse(reports.isEmpty(), "no progress reported");
    assertEquals(size, reports.get(reports.size() - 1), "the last report is the whole object");
    for (int i = 1; i < reports.size(); i++) {
      assertTrue(reports.get(i) >= reports.get(i - 1), "reports decrease: " + reports);
    }
    assertEquals(size, Files.size(target));
    assertTrue(prefixEquals(target, source, size), "the downloaded bytes differ");
  }

  @Test
  void download_withProgress_emptyObject_reportsZero_andLeavesAnEmptyFile() throws Exception {
    driver.write("progress/empty", new byte[0], Condition.none());
    Path target = tmp.resolve("empty.back");
    List<Long> reports = new ArrayList<>();

    ObjectInfo downloaded = driver.download("progress/empty", target, reports::add);

    assertEquals(0, downloaded.size());
    assertEquals(0, Files.size(target));
    assertFalse(reports.isEmpty(), "no progress reported");
    assertEquals(0L, reports.get(reports.size() - 1));
  }

  @Test
  void read_aboveTheReadLimit_isRefusedFromItsSize_notLoaded() throws Exception {
    assumeTrue(refusesOversizedReadsUnread(), "this driver loads an object to learn its size");
    Path big = tmp.resolve("too-big");
    try (FileChannel out =
        FileChannel.open(big, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(ByteBuffer.wrap(new byte[1]), StorageDriver.MAX_READ_BYTES); // sparse: limit + 1
    }
    driver.upload("huge.meta", big, Condition.none());

    StorageException e = assertThrows(StorageException.class, () -> driver.read("huge.meta"));

    assertEquals(StorageException.Reason.TOO_LARGE, e.reason());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("it was not read"), e.getMessage());
  }

  @Test
  void download_withProgress_missingKey_failsWithNotFound_andReportsNothing() {
    List<Long> reports = new ArrayList<>();
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> driver.download("no/such/key", tmp.resolve("t"), reports::add));
    assertEquals(StorageException.Reason.NOT_FOUND, e.reason());
    assertEquals(List.of(), reports);
  }

  /**
   * Whether the first {@code length} bytes of {@code file} are those of {@code expected}, read a
   * MiB at a time: whole-prefix copies per report ran a 256 MiB test heap out on Jimfs, which keeps
   * the object itself on the heap too.
   */
  /** Whether the first {@code length} bytes of {@code file} are those of {@code expected}. */
  private static boolean prefixEquals(Path file, Path expected, long length) {
    ByteBuffer got = ByteBuffer.allocate(1 << 20);
    ByteBuffer want = ByteBuffer.allocate(1 << 20);
    try (FileChannel channel = FileChannel.open(file);
        FileChannel reference = FileChannel.open(expected)) {
      long position = 0;
      while (position < length) {
        int chunk = (int) Math.min(got.capacity(), length - position);
        got.clear().limit(chunk);
        int read = channel.read(got, position);
        if (read < 0) {
          return false;
        }
        want.clear().limit(read);
        while (want.hasRemaining()) {
          if (reference.read(want, position + want.position()) < 0) {
            return false;
          }
        }
        if (!Arrays.equals(got.array(), 0, read, want.array(), 0, read)) {
          return false;
        }
        position += read;
      }
    } catch (IOException e) {
      return false;
    }
    return true;
  }

  // ---- staged writes (drivers with STAGED_WRITES)

  private void assumeStagedWrites() {
    assumeTrue(
        driver.capabilities().contains(Capability.STAGED_WRITES), "driver does not stage writes");
  }

  @Test
  void stagedBytes_areInvisible_untilCommitted_thenWhole() {
    assumeStagedWrites();
    StagedObject staged = driver.stage("staged content".getBytes(UTF_8));
    StagedObject empty = driver.stage(new byte[0]);

    assertEquals(14, staged.size());
    assertEquals(List.of(), driver.list("").toList(), "staged data is listed");
    driver.commitStaged(staged, "staged/k", Condition.ifAbsent());
    driver.commitStaged(empty, "staged/empty", Condition.ifAbsent());

    assertEquals(
        "staged content", new String(driver.read("staged/k").orElseThrow().bytes(), UTF_8));
    assertEquals(0, driver.stat("staged/empty").orElseThrow().size());
    assertEquals(
        Set.of("staged/k", "staged/empty"),
        driver.list("").map(ObjectInfo::key).collect(Collectors.toSet()));
  }

  /**
   * As for downloads, a reported prefix is final: the engine hashes the source up to it while the
   * driver copies the rest, and the committed object holds exactly the source's bytes.
   */
  @Test
  void stagedFile_reportsGrowingPrefixesOfTheSource_andCommitsItsBytes() throws Exception {
    assumeStagedWrites();
    int size = (16 << 20) + 12_345; // more than one step of the local driver's copy
    Path source = randomFile("staged.bin", size, 11);
    List<Long> reports = new ArrayList<>();

    StagedObject staged =
        driver.stage(
            source,
            bytes -> {
              synchronized (reports) {
                reports.add(bytes);
              }
            });

    assertEquals(size, staged.size());
    assertFalse(reports.isEmpty(), "no progress reported");
    assertEquals(size, reports.get(reports.size() - 1), "the last report is the whole source");
    for (int i = 1; i < reports.size(); i++) {
      assertTrue(reports.get(i) >= reports.get(i - 1), "reports decrease: " + reports);
    }
    assertEquals(List.of(), driver.list("").toList(), "staged data is listed");
    driver.commitStaged(staged, "staged/big", Condition.ifAbsent());
    Path back = tmp.resolve("staged.back");
    assertEquals(size, driver.download("staged/big", back).size());
    assertArrayEquals(TestFiles.sha256(source), TestFiles.sha256(back));
  }

  @Test
  void commitStaged_ifAbsent_onAnExistingKey_failsAndKeepsBoth() {
    assumeStagedWrites();
    driver.write("k", "first".getBytes(UTF_8), Condition.none());
    StagedObject second = driver.stage("second".getBytes(UTF_8));

    StorageException e =
        assertThrows(
            StorageException.class, () -> driver.commitStaged(second, "k", Condition.ifAbsent()));

    assertEquals(StorageException.Reason.PRECONDITION_FAILED, e.reason());
    assertEquals("first", new String(driver.read("k").orElseThrow().bytes(), UTF_8));
    driver.commitStaged(second, "k2", Condition.ifAbsent()); // still staged: it can go elsewhere
    assertEquals("second", new String(driver.read("k2").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void discardStaged_dropsTheData_twiceIsFine_andItCannotBeCommittedAfter() {
    assumeStagedWrites();
    StagedObject staged = driver.stage("dropped".getBytes(UTF_8));

    driver.discardStaged(staged);
    driver.discardStaged(staged);

    StorageException e =
        assertThrows(
            StorageException.class, () -> driver.commitStaged(staged, "k", Condition.ifAbsent()));
    assertEquals(StorageException.Reason.NOT_FOUND, e.reason());
    assertEquals(Optional.empty(), driver.stat("k"));
  }

  @Test
  void driverWithoutStagedWrites_refusesToStage() {
    assumeTrue(!driver.capabilities().contains(Capability.STAGED_WRITES), "driver stages writes");
    assertThrows(UnsupportedOperationException.class, () -> driver.stage(new byte[1]));
  }

  // ---- staged uploads (drivers with STAGED_UPLOADS)

  private void assumeStagedUploads() {
    assumeTrue(
        driver.capabilities().contains(Capability.STAGED_UPLOADS), "driver does not stage uploads");
  }

  /** A file of the smallest size the driver stages, plus a bit: several parts on S3. */
  private Path stagedUploadSource(String name, int seed) throws IOException {
    long minimum = driver.stagedUploadMinimumSize();
    return randomFile(name, (int) Math.min(minimum + 12_345, 64 << 20), seed);
  }

  /**
   * A staged upload reports final prefixes of the source (the engine hashes them while the rest is
   * sent), is seen by no stat or listing, and becomes the whole object when committed.
   */
  @Test
  void stagedUpload_isInvisible_untilCommitted_thenHoldsTheSourceBytes() throws Exception {
    assumeStagedUploads();
    Path source = stagedUploadSource("upload.bin", 12);
    long size = Files.size(source);
    List<Long> reports = new ArrayList<>();

    StagedObject staged =
        driver.stageUpload(
            "staged/up",
            source,
            bytes -> {
              synchronized (reports) {
                reports.add(bytes);
              }
            });

    assertEquals(size, staged.size());
    assertFalse(reports.isEmpty(), "no progress reported");
    assertEquals(size, reports.get(reports.size() - 1), "the last report is the whole source");
    for (int i = 1; i < reports.size(); i++) {
      assertTrue(reports.get(i) >= reports.get(i - 1), "reports decrease: " + reports);
    }
    assertEquals(Optional.empty(), driver.stat("staged/up"), "a staged upload is visible");
    assertEquals(List.of(), driver.list("").toList(), "a staged upload is listed");
    driver.commitStaged(staged, "staged/up", Condition.ifAbsent());
    Path back = tmp.resolve("upload.back");
    assertEquals(size, driver.download("staged/up", back).size());
    assertArrayEquals(TestFiles.sha256(source), TestFiles.sha256(back));
  }

  @Test
  void stagedUpload_committedIfAbsent_onAnExistingKey_failsAndKeepsTheObject() throws Exception {
    assumeStagedUploads();
    driver.write("k", "first".getBytes(UTF_8), Condition.none());
    StagedObject second = driver.stageUpload("k", stagedUploadSource("second.bin", 13), p -> {});

    StorageException e =
        assertThrows(
            StorageException.class, () -> driver.commitStaged(second, "k", Condition.ifAbsent()));

    assertEquals(StorageException.Reason.PRECONDITION_FAILED, e.reason());
    assertEquals("first", new String(driver.read("k").orElseThrow().bytes(), UTF_8));
    driver.discardStaged(second);
    assertEquals("first", new String(driver.read("k").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void stagedUpload_belongsToItsKey() throws Exception {
    assumeStagedUploads();
    StagedObject staged = driver.stageUpload("k", stagedUploadSource("mine.bin", 14), p -> {});

    assertThrows(
        IllegalArgumentException.class,
        () -> driver.commitStaged(staged, "elsewhere", Condition.ifAbsent()));

    driver.discardStaged(staged);
    assertEquals(Optional.empty(), driver.stat("elsewhere"));
  }

  @Test
  void stagedUpload_discarded_twiceIsFine_andCannotBeCommittedAfter() throws Exception {
    assumeStagedUploads();
    StagedObject staged = driver.stageUpload("k", stagedUploadSource("drop.bin", 15), p -> {});

    driver.discardStaged(staged);
    driver.discardStaged(staged);

    StorageException e =
        assertThrows(
            StorageException.class, () -> driver.commitStaged(staged, "k", Condition.ifAbsent()));
    assertEquals(StorageException.Reason.NOT_FOUND, e.reason());
    assertEquals(Optional.empty(), driver.stat("k"));
  }

  @Test
  void driverWithoutStagedUploads_refusesToStageOne() throws IOException {
    assumeTrue(!driver.capabilities().contains(Capability.STAGED_UPLOADS), "driver stages uploads");
    Path source = Files.write(tmp.resolve("one.bin"), new byte[1]);
    assertThrows(
        UnsupportedOperationException.class, () -> driver.stageUpload("k", source, p -> {}));
    assertEquals(Long.MAX_VALUE, driver.stagedUploadMinimumSize());
  }

  // ---- error reasons on broken configurations

  @Test
  void badCredentials_failWithAccessDenied_notRetryable() throws Exception {
    Optional<StorageDriver> broken = driverWithBadCredentials();
    assumeTrue(broken.isPresent(), "backend has no credentials to get wrong");
    try (StorageDriver bad = broken.get()) {
      StorageException e = assertThrows(StorageException.class, () -> bad.stat("any/key"));
      assertEquals(StorageException.Reason.ACCESS_DENIED, e.reason(), e.getMessage());
      assertFalse(e.retryable());
    }
  }

  @Test
  void missingBucket_failsWithBucketNotFound() throws Exception {
    Optional<StorageDriver> broken = driverOnMissingBucket();
    assumeTrue(broken.isPresent(), "backend cannot point at a missing bucket");
    try (StorageDriver bad = broken.get()) {
      StorageException e =
          assertThrows(
              StorageException.class, () -> bad.write("any/key", new byte[1], Condition.none()));
      assertEquals(StorageException.Reason.BUCKET_NOT_FOUND, e.reason(), e.getMessage());
      assertFalse(e.retryable());
      StorageException read =
          assertThrows(StorageException.class, () -> bad.readSmall("any/key", 10));
      assertEquals(StorageException.Reason.BUCKET_NOT_FOUND, read.reason(), read.getMessage());
      if (bad.capabilities().contains(Capability.STAGED_WRITES)) {
        StorageException stage = assertThrows(StorageException.class, () -> bad.stage(new byte[1]));
        assertEquals(StorageException.Reason.BUCKET_NOT_FOUND, stage.reason(), stage.getMessage());
      }
    }
  }

  @Test
  void unreachableServer_failsWithUnavailable_retryable() throws Exception {
    Optional<StorageDriver> broken = driverOnUnreachableServer();
    assumeTrue(broken.isPresent(), "backend has no server to miss");
    try (StorageDriver bad = broken.get()) {
      StorageException e = assertThrows(StorageException.class, () -> bad.stat("any/key"));
      assertTrue(
          e.reason() == StorageException.Reason.UNAVAILABLE
              || e.reason() == StorageException.Reason.TIMEOUT,
          e.reason() + ": " + e.getMessage());
      assertTrue(e.retryable());
    }
  }

  // ---- helpers

  protected Set<String> listKeys(String prefix) {
    try (Stream<ObjectInfo> listing = driver.list(prefix)) {
      return listing.map(ObjectInfo::key).collect(Collectors.toSet());
    }
  }

  private Map<String, Long> listSizes(String prefix) {
    try (Stream<ObjectInfo> listing = driver.list(prefix)) {
      return listing.collect(Collectors.toMap(ObjectInfo::key, ObjectInfo::size));
    }
  }

  /**
   * {@code size} bytes of {@code new Random(seed).nextBytes}, written in 1 MiB blocks (a multiple
   * of 4, so the bytes are those of one call): the test JVMs' small heap is for catching drivers
   * that buffer whole objects, and a 40 MiB array here made the suite fail now and then instead.
   */
  protected Path randomFile(String name, int size, long seed) throws IOException {
    Path file = tmp.resolve(name);
    Random random = new Random(seed);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; ) {
        int length = (int) Math.min(block.length, left);
        random.nextBytes(block);
        out.write(block, 0, length);
        left -= length;
      }
    }
    return file;
  }

  /** Writes {@code size} pseudo-random bytes in 1 MiB blocks and returns their sha256. */
  protected static byte[] writeRandom(Path target, long size, long seed) throws IOException {
    return TestFiles.writeRandom(target, size, seed);
  }

  protected static byte[] sha256(Path file) throws IOException {
    return TestFiles.sha256(file);
  }

  /** Keys 0..n-1 formatted with {@code pattern}, for subclasses' own tests. */
  protected static List<String> keys(String pattern, int n) {
    return IntStream.range(0, n).mapToObj(i -> String.format(pattern, i)).toList();
  }
}
