package dev.assetkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.testing.ForwardingStorageDriver;
import dev.assetkit.testing.InMemoryStorageDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up in the middle of a download: a clear error, the previous version intact.
 * Large files are written by the driver (which reports the full disk in its own words), small ones
 * by the engine after checking them in memory (which meets the full disk itself).
 */
class FullDiskTest {
  /** Above the size the engine reads into memory, so that the driver writes the file. */
  private static final int DRIVER_WRITTEN = 2 << 20;

  private static final int ENGINE_WRITTEN = 100;

  @TempDir Path tmp;

  /**
   * Once {@code full}: writes half of every download, then fails as a full disk does; and makes the
   * engine's own write of a small file land on {@code /dev/full}, where the kernel answers ENOSPC.
   */
  private static final class DiskFillingDriver extends ForwardingStorageDriver {
    private final Path assetsDir;
    volatile boolean full;

    DiskFillingDriver(StorageDriver delegate, Path assetsDir) {
      super(delegate);
      this.assetsDir = assetsDir;
    }

    @Override
    public ObjectInfo download(String key, Path target) {
      ObjectInfo info = delegate.download(key, target);
      if (full) {
        try {
          Files.write(target, new byte[(int) info.size() / 2]);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        throw new StorageException(
            StorageException.Reason.OTHER,
            "local store error on " + key + ": " + target + ": No space left on device");
      }
      return info;
    }

    @Override
    public byte[] readSmall(String key, int limit) {
      byte[] bytes = delegate.readSmall(key, limit);
      if (full) {
        // key is modelkit-assets/m/<version>/weights; the engine stages it under .cache/staging.
        String[] parts = key.split("/");
        Path staged =
            assetsDir.resolve(".cache/staging/m").resolve(parts[2]).resolve("tree/weights");
        try {
          Files.createSymbolicLink(staged, Path.of("/dev/full"));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return bytes;
    }

    @Override
    public void close() {}
  }

  @Test
  void fullDisk_whileTheDriverWritesALargeFile_isAClearError_andThePreviousVersionIsIntact()
      throws IOException {
    fullDiskDuringFetch(DRIVER_WRITTEN);
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void fullDisk_whileTheEngineWritesASmallFile_isAClearError_andThePreviousVersionIsIntact()
      throws IOException {
    assumeTrue(Files.isWritable(Path.of("/dev/full")), "no /dev/full to write to");
    fullDiskDuringFetch(ENGINE_WRITTEN);
  }

  private void fullDiskDuringFetch(int size) throws IOException {
    Path assetsDir = tmp.resolve("assets");
    DiskFillingDriver driver = new DiskFillingDriver(new InMemoryStorageDriver(), assetsDir);
    AssetsSettings settings =
        AssetsSettings.builder().environment(Map.of()).assetsDir(assetsDir).build();
    Path dir = Files.createDirectories(tmp.resolve("src"));
    byte[] zero = weights(size, (byte) 0);
    Files.write(dir.resolve("weights"), zero);
    try (RemoteAssetsStore store =
            RemoteAssetsStore.builder().settings(settings).driver(driver).build();
        AssetsManager manager = AssetsManager.builder().settings(settings).driver(driver).build()) {
      store.create(dir, "m", false);
      Path previous = manager.fetchAsset("m:0.0");
      Files.write(dir.resolve("weights"), weights(size, (byte) 1));
      store.update(dir, "m", false, false);

      driver.full = true;
      AssetsException e = assertThrows(AssetsException.class, () -> manager.fetchAsset("m"));
      assertEquals(ErrorKind.UNAVAILABLE, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("no space left"), e.getMessage());
      assertFalse(Files.exists(assetsDir.resolve("m/0.1")), "nothing partial installed");
      assertArrayEquals(zero, Files.readAllBytes(previous.resolve("weights")));

      AssetsException forced =
          assertThrows(AssetsException.class, () -> manager.fetchAsset("m:0.0", true));
      assertEquals(ErrorKind.UNAVAILABLE, forced.kind(), forced.getMessage());
      assertArrayEquals(zero, Files.readAllBytes(previous.resolve("weights")));
      assertTrue(Files.exists(previous.resolve(".SUCCESS")));
    }
  }

  private static byte[] weights(int size, byte fill) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, fill);
    return bytes;
  }
}
