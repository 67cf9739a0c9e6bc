package dev.assetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.assetkit.testing.InMemoryStorageDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferListenerTest {
  @TempDir Path tmp;

  /** Records every event as text; sorted where threads make the order free. */
  static final class Recorder implements TransferListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void transferStarted(Direction direction, String asset, int files, long bytes) {
      events.add("started " + direction + " " + asset + " " + files + " " + bytes);
    }

    @Override
    public void fileStarted(String path, Path local, long size) {
      events.add("file " + path + " " + size);
    }

    @Override
    public void fileFinished(String path, long bytes) {
      events.add("done " + path + " " + bytes);
    }

    @Override
    public void transferFinished(boolean succeeded) {
      events.add("finished " + succeeded);
    }
  }

  private AssetsSettings settings() {
    return AssetsSettings.builder().environment(Map.of()).assetsDir(tmp.resolve("assets")).build();
  }

  @Test
  void publishAndDownload_reportEveryFileBetweenStartAndFinish() throws IOException {
    Path source = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(source.resolve("a.txt"), "aaa", StandardCharsets.UTF_8);
    Files.writeString(source.resolve("b.txt"), "bbbbb", StandardCharsets.UTF_8);
    InMemoryStorageDriver driver = new InMemoryStorageDriver();
    Recorder pushes = new Recorder();
    Recorder fetches = new Recorder();
    try (RemoteAssetsStore store =
            RemoteAssetsStore.builder()
                .settings(settings())
                .driver(driver)
                .listener(pushes)
                .build();
        AssetsManager manager =
            AssetsManager.builder().settings(settings()).driver(driver).listener(fetches).build()) {
      store.create(source, "x/y", false);
      manager.fetch("x/y:0.0");
      manager.fetch("x/y:0.0"); // cached: no transfer, no event
    }
    for (Recorder recorder : List.of(pushes, fetches)) {
      List<String> middle = new ArrayList<>(recorder.events.subList(1, 5));
      Collections.sort(middle);
      assertEquals(List.of("done a.txt 3", "done b.txt 5", "file a.txt 3", "file b.txt 5"), middle);
      assertEquals("finished true", recorder.events.get(5));
      assertEquals(6, recorder.events.size());
    }
    assertEquals("started UPLOAD x/y:0.0 2 8", pushes.events.get(0));
    assertEquals("started DOWNLOAD x/y:0.0 2 8", fetches.events.get(0));
  }

  @Test
  void failedDownload_finishesUnsuccessfully() throws IOException {
    Path source = Files.writeString(tmp.resolve("w.bin"), "weights", StandardCharsets.UTF_8);
    InMemoryStorageDriver driver = new InMemoryStorageDriver();
    Recorder fetches = new Recorder();
    try (RemoteAssetsStore store =
            RemoteAssetsStore.builder().settings(settings()).driver(driver).build();
        AssetsManager manager =
            AssetsManager.builder().settings(settings()).driver(driver).listener(fetches).build()) {
      store.create(source, "w", false);
      driver.tamper("modelkit-assets/w/0.0", "altered".getBytes(StandardCharsets.UTF_8));
      assertThrows(IntegrityException.class, () -> manager.fetch("w:0.0"));
    }
    assertEquals("started DOWNLOAD w:0.0 1 7", fetches.events.get(0));
    assertEquals("file  7", fetches.events.get(1));
    assertEquals("finished false", fetches.events.get(fetches.events.size() - 1));
  }
}
