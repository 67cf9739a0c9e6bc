package dev.assetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.ObjectInfo;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push on a driver that stages writes: each file is read once, hashed as it is staged, and
 * nothing is visible (or left staged) unless the whole version is published. And, on any driver, a
 * source file written during its push is refused.
 */
class StagedPublishTest {
  /** Above the size the engine stages from memory, so that the driver copies the file itself. */
  private static final int DRIVER_COPIED = 2 << 20;

  @TempDir Path tmp;

  private final InMemoryStorageDriver bucket = InMemoryStorageDriver.withStagedWrites();

  private RemoteAssetsStore store(StorageDriver driver) {
    AssetsSettings settings =
        AssetsSettings.builder()
            .environment(Map.of())
            .assetsDir(tmp.resolve("assets"))
            .prefix("p")
            .build();
    return RemoteAssetsStore.builder().settings(settings).driver(driver).build();
  }

  private Path tree(int files, int size) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < files; i++) {
      byte[] bytes = new byte[size];
      bytes[0] = (byte) i;
      Files.write(Files.createDirectories(dir.resolve("d" + i % 3)).resolve("f" + i), bytes);
    }
    return dir;
  }

  @Test
  void push_stagesEveryFileOnce_thenCommitsIt_andUploadsNothingElse() throws IOException {
    CountingStorageDriver counting = new CountingStorageDriver(bucket);
    Path dir = tree(7, 100);
    Files.write(dir.resolve("big.bin"), new byte[DRIVER_COPIED]);

    try (RemoteAssetsStore store = store(counting)) {
      PushResult result = store.create(dir, "m", false);
      assertEquals(8, result.meta().files().size());
    }

    assertEquals(8, counting.calls("upload"), "one staging per file");
    assertEquals(8, counting.calls("commit"), "one commit per file");
    assertEquals(0, bucket.stagedCount());
    assertEquals(DRIVER_COPIED, bucket.stat("p/m/0.0/big.bin").map(ObjectInfo::size).orElseThrow());
  }

  @Test
  void dryRun_stagesNothing() throws IOException {
    CountingStorageDriver counting = new CountingStorageDriver(bucket);
    try (RemoteAssetsStore store = store(counting)) {
      store.create(tree(3, 10), "m", true);
    }
    assertEquals(0, counting.calls("upload") + counting.calls("write"));
  }

  /**
   * The hash follows the driver's copy by reading the source again; a source written meanwhile (a
   * job still saving its weights) is refused, not published with a checksum of other bytes.
   */
  @Test
  void sourceChangedWhileStaged_isRefused_nothingClaimed_nothingLeftStaged() throws IOException {
    Path dir = tree(2, 10);
    Path big = dir.resolve("weights.bin");
    Files.write(big, new byte[DRIVER_COPIED]);
    StorageDriver appending =
        new ForwardingStorageDriver(bucket) {
          @Override
          public StagedObject stage(Path source, DownloadProgress progress) {
            StagedObject staged = delegate.stage(source, progress);
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
    assertEquals(0, bucket.stagedCount(), "everything staged was discarded");
  }

  /**
   * Where a push cannot stage, every file is hashed first and uploaded after the claim: a file
   * written in between is refused as well, and the version it was uploaded under is never indexed.
   */
  @Test
  void sourceChangedBeforeItsUpload_onAStoreThatDoesNotStage_isRefused_andNotIndexed()
      throws IOException {
    InMemoryStorageDriver plain = new InMemoryStorageDriver();
    Path dir = tree(2, 10);
    StorageDriver appending =
        new ForwardingStorageDriver(plain) {
          @Override
          public ObjectInfo upload(String key, Path source, Condition condition) {
            try {
              Files.write(source, new byte[] {1}, StandardOpenOption.APPEND);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return delegate.upload(key, source, condition);
          }
        };

    try (RemoteAssetsStore store = store(appending)) {
      AssetsException e = assertThrows(AssetsException.class, () -> store.create(dir, "m", false));

      assertEquals(ErrorKind.CONFLICT, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("changed while it was being pushed"), e.getMessage());
      assertEquals(List.of(), store.listAssets(), "no version indexed");
    }
  }

  @Test
  void failureWhileStaging_discardsWhatWasStaged_andPublishesNothing() throws IOException {
    Path dir = tree(40, 10);
    AtomicInteger stagings = new AtomicInteger();
    StorageDriver failing =
        new ForwardingStorageDriver(bucket) {
          @Override
          public StagedObject stage(byte[] content) {
            if (stagings.incrementAndGet() == 20) {
              throw new StorageException(StorageException.Reason.ACCESS_DENIED, "denied");
            }
            return delegate.stage(content);
          }
        };

    try (RemoteAssetsStore store = store(failing)) {
      AssetsException e = assertThrows(AssetsException.class, () -> store.create(dir, "m", false));
      assertEquals(ErrorKind.ACCESS_DENIED, e.kind(), e.getMessage());
    }
    assertEquals(List.of(), bucket.list("").toList());
    assertEquals(0, bucket.stagedCount(), "everything staged was discarded");
  }

  @Test
  void lostClaim_commitsTheStagedDataUnderTheNextVersion() throws IOException {
    Path dir = tree(3, 10);
    try (RemoteAssetsStore store = store(bucket)) {
      store.create(dir, "m", false);
      // Another publisher claims 0.1 (its meta only, still uploading) while this one stages.
      bucket.write(
          "p/m/0.1.meta", bucket.read("p/m/0.0.meta").orElseThrow().bytes(), Condition.ifAbsent());

      PushResult result = store.update(dir, "m", false, false);

      assertEquals("0.2", result.version());
      assertEquals(List.of("0.1"), result.lostVersions());
    }
    assertEquals(3, bucket.list("p/m/0.2/").count());
    assertEquals(0, bucket.list("p/m/0.1/").count());
    assertEquals(0, bucket.stagedCount());
  }
}
