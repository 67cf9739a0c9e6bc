package dev.assetkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.testing.ForwardingStorageDriver;
import dev.assetkit.testing.InMemoryStorageDriver;
import dev.assetkit.testing.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large files are hashed while they download: what is installed is still exactly what the meta
 * describes, after retries that rewrote the file and when the store's bytes were altered.
 */
class HashWhileDownloadingTest {
  private static final int SIZE = (6 << 20) + 3; // above the follow threshold

  @TempDir Path tmp;

  private AssetsSettings settings;
  private Path source;

  /** Reports its download in 1 MiB steps; its first attempt writes garbage, reports it, fails. */
  private static final class FlakyStreamingDriver extends ForwardingStorageDriver {
    final AtomicInteger attempts = new AtomicInteger();
    volatile boolean flaky;

    FlakyStreamingDriver(StorageDriver delegate) {
      super(delegate);
    }

    @Override
    public ObjectInfo download(String key, Path target, DownloadProgress progress) {
      ObjectInfo info = delegate.download(key, target);
      if (info.size() < SIZE) {
        progress.prefixWritten(info.size());
        return info;
      }
      try {
        if (flaky && attempts.getAndIncrement() == 0) {
          Files.write(target, new byte[(int) info.size()]); // zeros where the weights belong
          progress.prefixWritten(info.size());
          throw new StorageException(StorageException.Reason.UNAVAILABLE, "connection reset");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (long at = 1 << 20; at < info.size(); at += 1 << 20) {
        progress.prefixWritten(at);
      }
      progress.prefixWritten(info.size());
      return info;
    }

    @Override
    public void close() {}
  }

  @BeforeEach
  void createSource() throws IOException {
    settings =
        AssetsSettings.builder().environment(Map.of()).assetsDir(tmp.resolve("assets")).build();
    source = tmp.resolve("weights.bin");
    TestFiles.writeRandom(source, SIZE, 11);
  }

  @Test
  void aRetryThatRewritesTheFile_stillInstallsTheRightBytes() throws IOException {
    FlakyStreamingDriver driver = new FlakyStreamingDriver(new InMemoryStorageDriver());
    driver.flaky = true;
    try (RemoteAssetsStore store =
            RemoteAssetsStore.builder().settings(settings).driver(driver).build();
        AssetsManager manager = AssetsManager.builder().settings(settings).driver(driver).build()) {
      store.create(source, "big", false);

      Path fetched = manager.fetchAsset("big:0.0");

      assertEquals(2, driver.attempts.get(), "the first attempt failed and was retried");
      assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(fetched));
    }
  }

  @Test
  void alteredBytesInTheStore_areCaught_andNothingIsInstalled() throws IOException {
    FlakyStreamingDriver driver = new FlakyStreamingDriver(new InMemoryStorageDriver());
    try (RemoteAssetsStore store =
            RemoteAssetsStore.builder().settings(settings).driver(driver).build();
        AssetsManager manager = AssetsManager.builder().settings(settings).driver(driver).build()) {
      store.create(source, "big", false);
      byte[] altered = Files.readAllBytes(source);
      altered[SIZE / 2] ^= 1;
      driver.write("modelkit-assets/big/0.0", altered, Condition.none());

      IntegrityException e =
          assertThrows(IntegrityException.class, () -> manager.fetchAsset("big:0.0"));

      assertTrue(e.getMessage().contains("sha256 is "), e.getMessage());
      assertFalse(Files.exists(tmp.resolve("assets/big/0.0")), "nothing installed");
    }
  }
}
