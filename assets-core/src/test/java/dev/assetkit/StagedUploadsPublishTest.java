package dev.assetkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.StagedObject;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.testing.CountingStorageDriver;
import dev.assetkit.testing.ForwardingStorageDriver;
import dev.assetkit.testing.InMemoryStorageDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push on a driver that stages uploads (S3): the large files are sent under the first choice's
 * keys while they are hashed and made visible only after the claim; the small ones are hashed first
 * and uploaded after it. Nothing is visible, or left pending, unless the version is published.
 */
class StagedUploadsPublishTest {
  private static final int MINIMUM = 1000;

  @TempDir Path tmp;

  private final InMemoryStorageDriver bucket = InMemoryStorageDriver.withStagedUploads(MINIMUM);

  private RemoteAssetsStore store(StorageDriver driver, TransferListener listener) {
    AssetsSettings settings =
        AssetsSettings.builder()
            .environment(Map.of())
            .assetsDir(tmp.resolve("assets"))
            .prefix("p")
            .build();
    return RemoteAssetsStore.builder().settings(settings).driver(driver).listener(listener).build();
  }

  private RemoteAssetsStore store(StorageDriver driver) {
    return store(driver, TransferListener.NONE);
  }

  /** Three small files and two large ones ({@code big0.bin}, {@code big1.bin}). */
  private Path tree() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 3; i++) {
      Files.write(dir.resolve("small" + i), new byte[] {(byte) i, 1, 2});
    }
    for (int i = 0; i < 2; i++) {
      byte[] bytes = new byte[MINIMUM + i];
      bytes[7] = (byte) (i + 1);
      Files.write(dir.resolve("big" + i + ".bin"), bytes);
    }
    return dir;
  }

  @Test
  void push_sendsTheLargeFilesBeforeTheClaim_commitsThem_andUploadsTheSmallOnes()
      throws IOException {
    CountingStorageDriver counting = new CountingStorageDriver(bucket);
    List<String> staged = Collections.synchronizedList(new ArrayList<>());
    StorageDriver recording =
        new ForwardingStorageDriver(counting) {
          @Override
          public StagedObject stageUpload(String key, Path source, DownloadProgress progress) {
            // Sent before the claim: the meta cannot exist yet.
            assertTrue(bucket.stat("p/m/0.0.meta").isEmpty(), "claimed before sending " + key);
            staged.add(key);
            return delegate.stageUpload(key, source, progress);
          }
        };
    Path dir = tree();

    try (RemoteAssetsStore store = store(recording)) {
      PushResult result = store.create(dir, "m", false);
      assertEquals(5, result.meta().files().size());
    }

    assertEquals(Set.of("p/m/0.0/big0.bin", "p/m/0.0/big1.bin"), Set.copyOf(staged));
    assertEquals(5, counting.calls("upload"), "each file sent once");
    assertEquals(2, counting.calls("commit"));
    assertEquals(0, bucket.stagedCount());
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("big1.bin")),
        bucket.read("p/m/0.0/big1.bin").orElseThrow().bytes());
    assertEquals(3, bucket.read("p/m/0.0/small2").orElseThrow().bytes().length);
  }

  @Test
  void push_isOneTransferForTheListener_everyFileStartedAndFinishedOnce() throws IOException {
    TransferListenerTest.Recorder recorder = new TransferListenerTest.Recorder();
    try (RemoteAssetsStore store = store(bucket, recorder)) {
      store.create(tree(), "m", false);
    }
    List<String> events = recorder.events;
    assertEquals("started UPLOAD m:0.0 5 " + (3 * 3 + 2 * MINIMUM + 1), events.get(0));
    assertEquals("finished true", events.get(events.size() - 1));
    assertEquals(12, events.size(), events.toString());
    assertTrue(events.contains("done big1.bin " + (MINIMUM + 1)), events.toString());
    assertTrue(events.contains("done small0 3"), events.toString());
  }

  /**
   * Another publisher took the first choice while the large files were sent to its keys: they are
   * dropped there, unseen, and every file goes to the version this publisher gets.
   */
  @Test
  void lostClaim_dropsWhatWasSentToTheOtherVersion_andUploadsUnderTheNext() throws IOException {
    Path dir = tree();
    try (RemoteAssetsStore store = store(bucket)) {
      store.create(dir, "m", false);
      bucket.write(
          "p/m/0.1.meta", bucket.read("p/m/0.0.meta").orElseThrow().bytes(), Condition.ifAbsent());

      PushResult result = store.update(dir, "m", false, false);

      assertEquals("0.2", result.version());
      assertEquals(List.of("0.1"), result.lostVersions());
    }
    assertEquals(5, bucket.list("p/m/0.2/").count());
    assertEquals(0, bucket.list("p/m/0.1/").count(), "nothing written into the other version");
    assertEquals(0, bucket.stagedCount());
  }

  @Test
  void largeFileChangedWhileSent_isRefused_nothingClaimed_nothingLeftPending() throws IOException {
    Path dir = tree();
    StorageDriver appending =
        new ForwardingStorageDriver(bucket) {
          @Override
          public StagedObject stageUpload(String key, Path source, DownloadProgress progress) {
            StagedObject staged = delegate.stageUpload(key, source, progress);
            try {
              Files.write(source, new byte[] {1}, StandardOpenOption.APPEND);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return staged;
          }
        };

    try (RemoteAssetsStore store = store(appending)) {
      AssetsException e = assertThrows(AssetsException.class, () -> store.create(dir, "m", false));

      assertEquals(ErrorKind.CONFLICT, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("changed while it was being pushed"), e.getMessage());
    }
    assertEquals(List.of(), bucket.list("").toList(), "nothing claimed or committed");
    assertEquals(0, bucket.stagedCount(), "every pending upload was dropped");
  }

  @Test
  void failureWhileSending_dropsWhatWasSent_andPublishesNothing() throws IOException {
    Path dir = tree();
    AtomicInteger sent = new AtomicInteger();
    StorageDriver failing =
        new ForwardingStorageDriver(bucket) {
          @Override
          public StagedObject stageUpload(String key, Path source, DownloadProgress progress) {
            if (sent.incrementAndGet() == 2) {
              throw new StorageException(StorageException.Reason.ACCESS_DENIED, "denied");
            }
            return delegate.stageUpload(key, source, progress);
          }
        };

    try (RemoteAssetsStore store = store(failing)) {
      AssetsException e = assertThrows(AssetsException.class, () -> store.create(dir, "m", false));
      assertEquals(ErrorKind.ACCESS_DENIED, e.kind(), e.getMessage());
    }
    assertEquals(List.of(), bucket.list("").toList());
    assertEquals(0, bucket.stagedCount(), "every pending upload was dropped");
  }

  /**
   * A commit whose answer was lost is retried; the store then has nothing left to commit (S3: no
   * such upload), and the object in place, of the file's size, is this publisher's own.
   */
  @Test
  void retriedCommit_whoseFirstAttemptLanded_isNotAFailure() throws IOException {
    AtomicInteger commits = new AtomicInteger();
    StorageDriver losingAnswers =
        new ForwardingStorageDriver(bucket) {
          @Override
          public void commitStaged(StagedObject staged, String key, Condition condition) {
            delegate.commitStaged(staged, key, condition);
            if (commits.incrementAndGet() == 1) {
              throw new StorageException(StorageException.Reason.UNAVAILABLE, "connection reset");
            }
          }
        };

    try (RemoteAssetsStore store = store(losingAnswers)) {
      PushResult result = store.create(tree(), "m", false);
      assertEquals("0.0", result.version());
    }
    assertEquals(5, bucket.list("p/m/0.0/").count());
  }
}
