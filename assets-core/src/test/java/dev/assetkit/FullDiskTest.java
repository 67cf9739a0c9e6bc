package dev.assetkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.testing.ForwardingStorageDriver;
import dev.assetkit.testing.InMemoryStorageDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that fills up in the middle of a download: a clear error, the previous version intact. */
class FullDiskTest {
  @TempDir Path tmp;

  /** Writes half of every download, then fails as a full disk does. */
  private static final class DiskFillingDriver extends ForwardingStorageDriver {
    volatile boolean full;

    DiskFillingDriver(StorageDriver delegate) {
      super(delegate);
    }

    @Override
    public ObjectInfo download(String key, Path target) {
      ObjectInfo info = delegate.download(key, target);
      if (full) {
        try {
          Files.write(target, new byte[(int) info.size() / 2]);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        throw new StorageException(
            StorageException.Reason.OTHER,
            "local store error on " + key + ": " + target + ": No space left on device");
      }
      return info;
    }

    @Override
    public void close() {}
  }

  @Test
  void fullDiskDuringFetch_isAClearError_andThePreviousVersionIsIntact() throws IOException {
    DiskFillingDriver driver = new DiskFillingDriver(new InMemoryStorageDriver());
    AssetsSettings settings =
        AssetsSettings.builder().environment(Map.of()).assetsDir(tmp.resolve("assets")).build();
    Path dir = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(dir.resolve("weights"), "version zero weights");
    try (RemoteAssetsStore store =
            RemoteAssetsStore.builder().settings(settings).driver(driver).build();
        AssetsManager manager = AssetsManager.builder().settings(settings).driver(driver).build()) {
      store.create(dir, "m", false);
      Path previous = manager.fetchAsset("m:0.0");
      Files.writeString(dir.resolve("weights"), "version one weights, longer");
      store.update(dir, "m", false, false);

      driver.full = true;
      AssetsException e = assertThrows(AssetsException.class, () -> manager.fetchAsset("m"));
      assertEquals(ErrorKind.UNAVAILABLE, e.kind());
      assertTrue(e.getMessage().contains("no space left"), e.getMessage());
      assertFalse(Files.exists(tmp.resolve("assets/m/0.1")), "nothing partial installed");
      assertEquals("version zero weights", Files.readString(previous.resolve("weights"), UTF_8));

      AssetsException forced =
          assertThrows(AssetsException.class, () -> manager.fetchAsset("m:0.0", true));
      assertEquals(ErrorKind.UNAVAILABLE, forced.kind());
      assertEquals("version zero weights", Files.readString(previous.resolve("weights"), UTF_8));
      assertTrue(Files.exists(previous.resolve(".SUCCESS")));
    }
  }
}
