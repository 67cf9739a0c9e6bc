package dev.assetkit.driver.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.sas.AccountSasPermission;
import com.azure.storage.common.sas.AccountSasResourceType;
import com.azure.storage.common.sas.AccountSasService;
import com.azure.storage.common.sas.AccountSasSignatureValues;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StagedObject;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import dev.assetkit.testing.HeldBackReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the contract cannot see: configuration paths, blocks, ranges, pinning and races. */
class AzureDriverTest {
  @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();

  private static final long PART = 4L << 20;

  @TempDir Path tmp;

  private final List<String> containers = new ArrayList<>();
  private final List<StorageDriver> drivers = new ArrayList<>();
  private BlobServiceClient service;

  @AfterEach
  void cleanUp() {
    drivers.forEach(StorageDriver::close);
    containers.forEach(name -> service().getBlobContainerClient(name).deleteIfExists());
  }

  // ---- configuration

  @Test
  void accountUrlWithSasToken_canWriteReadListAndDelete() {
    String container = newContainer();
    String sas =
        service()
            .generateAccountSas(
                new AccountSasSignatureValues(
                    OffsetDateTime.now().plusHours(1),
                    AccountSasPermission.parse("rwdlac"),
                    AccountSasService.parse("b"),
                    AccountSasResourceType.parse("sco")));
    StorageDriver driver =
        driver(
            container,
            Map.of(
                AzureSettings.ACCOUNT_URL,
                AZURITE.account().blobEndpoint(),
                AzureSettings.SAS_TOKEN,
                sas),
            PART);
    roundTrip(driver);
    assertFalse(driver.toString().contains(sas), driver.toString());
  }

  @Test
  void accountUrlWithAccountKey_canWriteReadListAndDelete() {
    String container = newContainer();
    assumeTrue(AZURITE.account().accountKey().isPresent(), "the test account has no key");
    StorageDriver driver =
        driver(
            container,
            Map.of(
                AzureSettings.ACCOUNT_URL,
                AZURITE.account().blobEndpoint(),
                AzureSettings.ACCOUNT_KEY,
                AZURITE.account().accountKey().get()),
            PART);
    roundTrip(driver);
  }

  @Test
  void readOnlySas_writeIsAccessDenied_namingTheSasVariable() {
    String container = newContainer();
    String sas =
        service()
            .getBlobContainerClient(container)
            .generateSas(
                new BlobServiceSasSignatureValues(
                    OffsetDateTime.now().plusHours(1), BlobContainerSasPermission.parse("rl")));
    StorageDriver driver =
        driver(
            container,
            Map.of(
                AzureSettings.ACCOUNT_URL,
                AZURITE.account().blobEndpoint(),
                AzureSettings.SAS_TOKEN,
                sas),
            PART);
    assertEquals(Set.of(), keys(driver, ""), "reading is allowed");
    StorageException e =
        assertThrows(
            StorageException.class, () -> driver.write("k", new byte[1], Condition.none()));
    assertEquals(Reason.ACCESS_DENIED, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("AZURE_STORAGE_SAS_TOKEN"), e.getMessage());
    assertFalse(e.getMessage().contains(sas), e.getMessage());
  }

  @Test
  void wrongAccountKey_isAccessDenied_withoutTheKey() {
    String container = newContainer();
    String wrong = AZURITE.account().connectionStringWithWrongKey().orElseThrow();
    StorageDriver driver = driver(container, Map.of(AzureSettings.CONNECTION_STRING, wrong), PART);
    StorageException e = assertThrows(StorageException.class, () -> driver.read("k"));
    assertEquals(Reason.ACCESS_DENIED, e.reason(), e.getMessage());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("container '" + container + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("AZURE_STORAGE_CONNECTION_STRING"), e.getMessage());
    String wrongKey = ConnectionString.parse(wrong).orElseThrow().accountKey().orElseThrow();
    assertFalse(e.getMessage().contains(wrongKey), e.getMessage());
  }

  @Test
  void missingContainer_isBucketNotFound_forEveryOperation() {
    String missing = AzureContractBase.uniqueName();
    StorageDriver driver = driver(missing, AZURITE.account().environment(), PART);
    List<Runnable> operations =
        List.of(
            () -> driver.stat("k"),
            () -> driver.read("k"),
            () -> driver.write("k", new byte[1], Condition.ifAbsent()),
            () -> driver.download("k", tmp.resolve("x")),
            () -> keys(driver, ""));
    for (Runnable operation : operations) {
      StorageException e = assertThrows(StorageException.class, operation::run);
      assertEquals(Reason.BUCKET_NOT_FOUND, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("'" + missing + "'"), e.getMessage());
    }
  }

  // ---- large objects: blocks up, ranges down

  @Test
  void largeUpload_stagesBlocksOfThePartSize_andCommitsThemWithTheCondition() throws IOException {
    String container = newContainer();
    RecordingPolicy recorder = new RecordingPolicy();
    StorageDriver driver = recordedDriver(container, recorder, PART);
    long size = 4 * PART + 12_345;
    Path source = randomFile(size, 1);

    ObjectInfo uploaded = driver.upload("big", source, Condition.ifAbsent());

    assertEquals(size, uploaded.size());
    BlobContainerClient sdk = service().getBlobContainerClient(container);
    List<Long> blocks =
        sdk
            .getBlobClient("big")
            .getBlockBlobClient()
            .listBlocks(BlockListType.COMMITTED)
            .getCommittedBlocks()
            .stream()
            .map(block -> block.getSizeLong())
            .toList();
    assertEquals(List.of(PART, PART, PART, PART, 12_345L), blocks);
    List<RecordingPolicy.Request> commits =
        recorder.requests().stream().filter(RecordingPolicy.Request::isCommit).toList();
    assertEquals(1, commits.size());
    assertEquals("*", commits.get(0).ifNoneMatch(), "the condition goes on the commit");
    assertEquals(
        5, recorder.requests().stream().filter(RecordingPolicy.Request::isStageBlock).count());
    assertEquals(uploaded.tag(), sdk.getBlobClient("big").getProperties().getETag());
    assertArrayEquals(
        Files.readAllBytes(source), sdk.getBlobClient("big").downloadContent().toBytes());
  }

  @Test
  void largeDownload_heldBackByItsReader_startsNoRangeBeyondTheLead_andFinishesOnceReleased()
      throws Exception {
    String container = newContainer();
    long size = 4 * PART + 777; // 5 ranges
    Path source = randomFile(size, 12);
    service()
        .getBlobContainerClient(container)
        .getBlobClient("held")
        .uploadFromFile(source.toString());
    RecordingPolicy recorder = new RecordingPolicy();
    StorageDriver driver = recordedDriver(container, recorder, PART, 1);
    Path target = tmp.resolve("held.back");
    HeldBackReader reader = new HeldBackReader();

    ObjectInfo downloaded =
        reader.transferHeldBack(
            () -> driver.download("held", target, reader),
            1,
            // One range at a time: a lead of 2 ranges, so ranges 0-2 go, and then range 3 waits.
            () -> assertEquals(3, gets(recorder), "ranges past the lead"));

    assertEquals(size, downloaded.size());
    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(target));
    assertEquals(5, gets(recorder));
  }

  private static long gets(RecordingPolicy recorder) {
    return recorder.requests().stream().filter(RecordingPolicy.Request::isGet).count();
  }

  @Test
  void largeDownload_fetchesRangesPinnedToTheFirstRangesETag() throws IOException {
    String container = newContainer();
    long size = 3 * PART + 777;
    Path source = randomFile(size, 2);
    service()
        .getBlobContainerClient(container)
        .getBlobClient("big")
        .uploadFromFile(source.toString());
    RecordingPolicy recorder = new RecordingPolicy();
    StorageDriver driver = recordedDriver(container, recorder, PART);

    ObjectInfo downloaded = driver.download("big", tmp.resolve("back"));

    assertEquals(size, downloaded.size());
    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(tmp.resolve("back")));
    List<RecordingPolicy.Request> gets =
        recorder.requests().stream().filter(RecordingPolicy.Request::isGet).toList();
    assertEquals("bytes=0-" + (PART - 1), gets.get(0).range());
    assertNull(gets.get(0).ifMatch(), "the first range learns the ETag");
    assertEquals(
        Set.of(
            "bytes=" + PART + "-" + (2 * PART - 1),
            "bytes=" + 2 * PART + "-" + (3 * PART - 1),
            "bytes=" + 3 * PART + "-" + (size - 1)),
        gets.subList(1, gets.size()).stream()
            .map(RecordingPolicy.Request::range)
            .collect(Collectors.toSet()));
    for (RecordingPolicy.Request later : gets.subList(1, gets.size())) {
      assertEquals(downloaded.tag(), later.ifMatch(), "range " + later.range() + " is pinned");
    }
  }

  @Test
  void overwriteDuringDownload_failsRetryably_andLeavesTheTargetAsItWas() throws IOException {
    String container = newContainer();
    BlobContainerClient sdk = service().getBlobContainerClient(container);
    sdk.getBlobClient("big").uploadFromFile(randomFile(2 * PART + 1, 3).toString());
    RecordingPolicy recorder = new RecordingPolicy();
    StorageDriver driver = recordedDriver(container, recorder, PART);
    recorder.before(
        request -> request.isGet() && request.ifMatch() != null,
        () ->
            sdk.getBlobClient("big")
                .upload(BinaryData.fromBytes(new byte[(int) (2 * PART + 1)]), true));
    Path target = Files.writeString(tmp.resolve("target"), "previous version");

    StorageException e = assertThrows(StorageException.class, () -> driver.download("big", target));

    assertEquals(Reason.CORRUPT, e.reason(), e.getMessage());
    assertTrue(e.retryable());
    assertEquals("previous version", Files.readString(target));
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(
          Set.of("target", "source-3"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
          "no partial file left behind");
    }
  }

  @Test
  void largeIfAbsentUpload_losingTheRaceAtCommit_isPreconditionFailed() throws IOException {
    String container = newContainer();
    BlobContainerClient sdk = service().getBlobContainerClient(container);
    RecordingPolicy recorder = new RecordingPolicy();
    StorageDriver driver = recordedDriver(container, recorder, PART);
    recorder.before(
        RecordingPolicy.Request::isCommit,
        () -> sdk.getBlobClient("big").upload(BinaryData.fromString("the other writer"), true));
    Path source = randomFile(2 * PART + 5, 4);

    StorageException e =
        assertThrows(
            StorageException.class, () -> driver.upload("big", source, Condition.ifAbsent()));

    assertEquals(Reason.PRECONDITION_FAILED, e.reason(), e.getMessage());
    assertEquals("the other writer", sdk.getBlobClient("big").downloadContent().toString());
  }

  @Test
  void largeUploadWithAStaleTag_failsBeforeSendingAnyBlock() throws IOException {
    String container = newContainer();
    RecordingPolicy recorder = new RecordingPolicy();
    StorageDriver driver = recordedDriver(container, recorder, PART);
    String stale = driver.write("big", "one".getBytes(UTF_8), Condition.none()).tag();
    driver.write("big", "two".getBytes(UTF_8), Condition.none());
    Path source = randomFile(2 * PART + 5, 5);

    StorageException e =
        assertThrows(
            StorageException.class,
            () -> driver.upload("big", source, Condition.ifTagMatches(stale)));

    assertEquals(Reason.PRECONDITION_FAILED, e.reason(), e.getMessage());
    assertEquals(
        0, recorder.requests().stream().filter(RecordingPolicy.Request::isStageBlock).count());
    assertEquals("two", new String(driver.read("big").orElseThrow().bytes(), UTF_8));
  }

  @Test
  void largeUploadWithTheCurrentTag_replacesTheBlob() throws IOException {
    String container = newContainer();
    StorageDriver driver = driver(container, AZURITE.account().environment(), PART);
    String tag = driver.write("big", "small".getBytes(UTF_8), Condition.none()).tag();
    Path source = randomFile(PART + 3, 6);

    ObjectInfo replaced = driver.upload("big", source, Condition.ifTagMatches(tag));

    assertEquals(replaced.tag(), driver.stat("big").orElseThrow().tag());
    Path back = tmp.resolve("back");
    driver.download("big", back);
    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(back));
  }

  // ---- staged uploads: blocks before the claim, the commit after it

  @Test
  void stagedUpload_isUncommittedBlocks_committedWithTheCondition() throws IOException {
    String container = newContainer();
    RecordingPolicy recorder = new RecordingPolicy();
    StorageDriver driver = recordedDriver(container, recorder, PART);
    Path source = randomFile(2 * PART + 9, 7);

    StagedObject staged = driver.stageUpload("staged", source, DownloadProgress.NONE);

    BlobContainerClient sdk = service().getBlobContainerClient(container);
    assertEquals(
        3,
        sdk.getBlobClient("staged")
            .getBlockBlobClient()
            .listBlocks(BlockListType.UNCOMMITTED)
            .getUncommittedBlocks()
            .size());
    assertEquals(0, recorder.requests().stream().filter(RecordingPolicy.Request::isCommit).count());
    driver.commitStaged(staged, "staged", Condition.ifAbsent());
    List<RecordingPolicy.Request> commits =
        recorder.requests().stream().filter(RecordingPolicy.Request::isCommit).toList();
    assertEquals(1, commits.size());
    assertEquals("*", commits.get(0).ifNoneMatch(), "the condition goes on the commit");
    assertArrayEquals(
        Files.readAllBytes(source), sdk.getBlobClient("staged").downloadContent().toBytes());
  }

  @Test
  void stagedUpload_heldBackByItsReader_sendsNoBlockBeyondTheLead_andFinishesOnceReleased()
      throws Exception {
    String container = newContainer();
    RecordingPolicy recorder = new RecordingPolicy();
    StorageDriver driver = recordedDriver(container, recorder, PART, 1);
    Path source = randomFile(4 * PART + 9, 13); // 5 blocks
    HeldBackReader reader = new HeldBackReader();

    StagedObject staged =
        reader.transferHeldBack(
            () -> driver.stageUpload("held", source, reader),
            1,
            // One block at a time: a lead of 2 blocks, so blocks 0-2 go, and then block 3 waits.
            () ->
                assertEquals(
                    3,
                    recorder.requests().stream()
                        .filter(RecordingPolicy.Request::isStageBlock)
                        .count(),
                    "blocks past the lead"));

    driver.commitStaged(staged, "held", Condition.ifAbsent());
    assertArrayEquals(
        Files.readAllBytes(source),
        service()
            .getBlobContainerClient(container)
            .getBlobClient("held")
            .downloadContent()
            .toBytes());
  }

  /** Another writer's blob discards our uncommitted blocks: an if-absent commit has lost. */
  @Test
  void stagedUpload_afterAnotherWriterCommitted_isPreconditionFailed_andKeepsTheirBlob()
      throws IOException {
    String container = newContainer();
    StorageDriver driver = driver(container, AZURITE.account().environment(), PART);
    StagedObject staged =
        driver.stageUpload("taken", randomFile(PART + 1, 8), DownloadProgress.NONE);
    BlobContainerClient sdk = service().getBlobContainerClient(container);
    sdk.getBlobClient("taken").upload(BinaryData.fromString("the other writer"), true);

    StorageException e =
        assertThrows(
            StorageException.class,
            () -> driver.commitStaged(staged, "taken", Condition.ifAbsent()));
    driver.discardStaged(staged);

    assertEquals(Reason.PRECONDITION_FAILED, e.reason(), e.getMessage());
    assertEquals("the other writer", sdk.getBlobClient("taken").downloadContent().toString());
  }

  @Test
  void stagedUpload_smallerThanTwoBlocks_isNotWorthStaging() {
    StorageDriver driver = driver(newContainer(), AZURITE.account().environment(), PART);

    assertEquals(PART + 1, driver.stagedUploadMinimumSize());
  }

  // ---- listing

  @Test
  void list_fetchesPagesOnlyAsTheyAreRead() {
    String container = newContainer();
    RecordingPolicy recorder = new RecordingPolicy();
    AzureSettings settings =
        AzureSettings.from(DriverConfig.of(container, AZURITE.account().environment()));
    DriverConfig config = DriverConfig.of(container, AZURITE.account().environment());
    StorageDriver driver =
        track(
            new AzureBlobDriver(
                AzureClients.containerClient(settings, config, List.of(recorder)),
                settings,
                config,
                10));
    for (int i = 0; i < 25; i++) {
      driver.write(String.format("p/%02d", i), new byte[] {(byte) i}, Condition.none());
    }
    driver.write("q/other", new byte[1], Condition.none());

    try (Stream<ObjectInfo> listing = driver.list("p/")) {
      assertEquals(5, listing.limit(5).count());
    }
    assertEquals(1, recorder.requests().stream().filter(RecordingPolicy.Request::isList).count());

    Map<String, Long> sizes = new HashMap<>();
    try (Stream<ObjectInfo> listing = driver.list("p/")) {
      listing.forEach(info -> sizes.put(info.key(), info.size()));
    }
    assertEquals(25, sizes.size());
    assertEquals(1L, sizes.get("p/24"));
    assertEquals(
        1 + 3, recorder.requests().stream().filter(RecordingPolicy.Request::isList).count());
  }

  // ---- helpers

  private void roundTrip(StorageDriver driver) {
    ObjectInfo written = driver.write("a/b", "content".getBytes(UTF_8), Condition.ifAbsent());
    assertEquals("content", new String(driver.read("a/b").orElseThrow().bytes(), UTF_8));
    assertEquals(written.tag(), driver.stat("a/b").orElseThrow().tag());
    assertEquals(Set.of("a/b"), keys(driver, "a/"));
    driver.delete("a/b");
    assertTrue(driver.stat("a/b").isEmpty());
  }

  private static Set<String> keys(StorageDriver driver, String prefix) {
    try (Stream<ObjectInfo> listing = driver.list(prefix)) {
      return listing.map(ObjectInfo::key).collect(Collectors.toSet());
    }
  }

  private StorageDriver driver(String container, Map<String, String> environment, long partSize) {
    return track(
        new AzureStorageDriverProvider()
            .create(new DriverConfig(container, environment, Duration.ofSeconds(60), 4, partSize)));
  }

  private StorageDriver recordedDriver(String container, RecordingPolicy recorder, long partSize) {
    return recordedDriver(container, recorder, partSize, 4);
  }

  private StorageDriver recordedDriver(
      String container, RecordingPolicy recorder, long partSize, int parallelism) {
    DriverConfig config =
        new DriverConfig(
            container,
            AZURITE.account().environment(),
            Duration.ofSeconds(60),
            parallelism,
            partSize);
    AzureSettings settings = AzureSettings.from(config);
    return track(
        new AzureBlobDriver(
            AzureClients.containerClient(settings, config, List.of(recorder)),
            settings,
            config,
            AzureBlobDriver.LIST_PAGE_SIZE));
  }

  private StorageDriver track(StorageDriver driver) {
    drivers.add(driver);
    return driver;
  }

  private String newContainer() {
    String name = AzureContractBase.uniqueName();
    service().createBlobContainer(name);
    containers.add(name);
    return name;
  }

  private BlobServiceClient service() {
    if (service == null) {
      service = AZURITE.account().serviceClient();
    }
    return service;
  }

  private Path randomFile(long size, long seed) throws IOException {
    byte[] bytes = new byte[(int) size];
    new Random(seed).nextBytes(bytes);
    return Files.write(tmp.resolve("source-" + seed), bytes);
  }
}
