package dev.assetkit.driver.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StagedObject;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverContract;
import dev.assetkit.spi.StorageDriverRegistry;
import dev.assetkit.spi.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The contract suite on the real disk, plus what only a real folder can show. */
class LocalDriverOnDiskTest extends StorageDriverContract {

  private Path bucket;

  @Override
  protected StorageDriver newDriver() throws Exception {
    bucket = Files.createTempDirectory(tmp, "bucket");
    return StorageDriverRegistry.load().open("local", DriverConfig.of(bucket.toString(), Map.of()));
  }

  @Override
  protected Optional<StorageDriver> driverOnMissingBucket() {
    return Optional.of(LocalStorageDriverProvider.open(tmp.resolve("no-such-folder")));
  }

  @Test
  void objects_areFilesAtTheirKeys_asModelkitLaysThemOut() throws Exception {
    driver.write("modelkit-assets/cat/asset.versions", "{}".getBytes(UTF_8), Condition.none());
    assertEquals("{}", Files.readString(bucket.resolve("modelkit-assets/cat/asset.versions")));
  }

  @Test
  void filesWrittenByOtherTools_areListedAndRead() throws Exception {
    Files.createDirectories(bucket.resolve("p/a"));
    Files.writeString(bucket.resolve("p/a/0.0"), "hello");
    assertEquals("hello", new String(driver.read("p/a/0.0").orElseThrow().bytes(), UTF_8));
    assertEquals(java.util.Set.of("p/a/0.0"), listKeys("p/"));
  }

  @Test
  void temporaryFiles_areNeverListed_andTheWorkFolderIsReserved() {
    driver.write("a", new byte[1], Condition.none());
    assertEquals(java.util.Set.of("a"), listKeys(""));
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> driver.write(".assetkit/x", new byte[1], Condition.none()));
    assertEquals(StorageException.Reason.INVALID_KEY, e.reason());
  }

  @Test
  void stagedData_isAFileOfTheWorkFolder_untilCommitted_whichLinksItWithoutACopy()
      throws Exception {
    StagedObject staged = driver.stage("weights".getBytes(UTF_8));
    Path file = bucket.resolve(".assetkit").resolve(staged.handle());
    assertTrue(Files.isRegularFile(file), "staged as " + file);
    Object inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

    driver.commitStaged(staged, "m/0.0/w", Condition.ifAbsent());

    assertFalse(Files.exists(file), "the staged name is removed once committed");
    Path committed = bucket.resolve("m/0.0/w");
    assertEquals("weights", Files.readString(committed));
    assertEquals(inode, Files.readAttributes(committed, BasicFileAttributes.class).fileKey());
  }

  @Test
  void stage_failures_nameTheirCause_andLeaveNothingStaged() throws Exception {
    driver.stage(new byte[1]); // the work folder exists, holding one staged file
    Path missing = tmp.resolve("no-such-source.bin");
    Path unreadable = Files.createDirectories(tmp.resolve("a-folder"));

    StorageException e =
        assertThrows(StorageException.class, () -> driver.stage(missing, DownloadProgress.NONE));
    assertTrue(e.getMessage().contains("cannot read " + missing), e.getMessage());
    assertThrows(StorageException.class, () -> driver.stage(unreadable, DownloadProgress.NONE));

    try (Stream<Path> staged = Files.list(bucket.resolve(".assetkit"))) {
      assertEquals(1, staged.filter(p -> p.getFileName().toString().startsWith("stage-")).count());
    }
  }

  @Test
  void temporaryFilesOfKilledPushes_areRemovedByTheNextStaging_liveOnesKept() throws Exception {
    Path work = Files.createDirectories(bucket.resolve(".assetkit"));
    Path abandoned = Files.write(work.resolve("stage-abandoned.tmp"), new byte[10]);
    Path oldUpload = Files.write(work.resolve("upload-abandoned.tmp"), new byte[10]);
    Path live = Files.write(work.resolve("stage-live.tmp"), new byte[10]);
    Path lock = Files.write(work.resolve("cas.lock"), new byte[0]);
    FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
    for (Path old : List.of(abandoned, oldUpload, lock)) {
      Files.setLastModifiedTime(old, twoDaysAgo);
    }

    driver.stage(new byte[1]);

    assertFalse(Files.exists(abandoned));
    assertFalse(Files.exists(oldUpload));
    assertTrue(Files.exists(live), "a file written within the day may be a live push's");
    assertTrue(Files.exists(lock), "only temporary files are removed");
  }

  @Test
  void commitStaged_refusesAHandleItDidNotGive() {
    assertThrows(
        IllegalArgumentException.class,
        () -> driver.commitStaged(new StagedObject("../m/0.0/w", 1), "k", Condition.ifAbsent()));
  }

  @Test
  void delete_removesFoldersLeftEmpty_soTheNameCanBecomeAFile() {
    driver.write("a/b/c", new byte[1], Condition.none());
    driver.delete("a/b/c");
    assertFalse(Files.exists(bucket.resolve("a")));
    driver.write("a/b", new byte[2], Condition.none());
    assertEquals(2, driver.stat("a/b").orElseThrow().size());
  }

  @Test
  void stat_ofAFolder_isNotAnObject() {
    driver.write("a/b/c", new byte[1], Condition.none());
    assertEquals(Optional.empty(), driver.stat("a/b"));
    assertEquals(Optional.empty(), driver.stat("a/b/c/d"));
  }

  @Test
  void provider_refusesAnInvalidFolderPath() {
    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                new LocalStorageDriverProvider()
                    .create(DriverConfig.of("bad\u0000path", Map.of())));
    assertEquals(StorageException.Reason.INVALID_CONFIGURATION, e.reason());
    assertTrue(e.getMessage().contains("ASSETS_STORAGE_BUCKET"), e.getMessage());
  }

  @Override
  protected boolean refusesOversizedReadsUnread() {
    return true;
  }
}
