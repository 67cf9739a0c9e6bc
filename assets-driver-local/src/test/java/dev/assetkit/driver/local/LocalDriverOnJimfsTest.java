package dev.assetkit.driver.local;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverContract;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The contract suite on in-memory file systems of both flavours, Unix and Windows. */
class LocalDriverOnJimfsTest {

  /** Jimfs keeps bytes on the heap: the large-object test is about streaming, not heap bounds. */
  private static final long IN_MEMORY_LARGE_OBJECT = 16L << 20;

  abstract static class OnJimfs extends StorageDriverContract {
    private FileSystem fileSystem;

    abstract Configuration configuration();

    abstract String rootPath();

    @Override
    protected StorageDriver newDriver() throws Exception {
      if (fileSystem == null) {
        fileSystem = Jimfs.newFileSystem(configuration());
      }
      Path bucket =
          Files.createTempDirectory(Files.createDirectories(fileSystem.getPath(rootPath())), "b");
      return LocalStorageDriverProvider.open(bucket);
    }

    @Override
    protected Optional<StorageDriver> driverOnMissingBucket() {
      return Optional.of(
          LocalStorageDriverProvider.open(fileSystem.getPath(rootPath(), "missing")));
    }

    @Override
    protected long largeObjectSize() {
      return IN_MEMORY_LARGE_OBJECT;
    }

    @AfterEach
    void closeFileSystem() throws Exception {
      fileSystem.close();
      fileSystem = null;
    }
  }

  @Nested
  class Unix extends OnJimfs {
    @Override
    Configuration configuration() {
      return Configuration.unix();
    }

    @Override
    String rootPath() {
      return "/work";
    }
  }

  @Nested
  class Windows extends OnJimfs {
    @Override
    Configuration configuration() {
      return Configuration.windows();
    }

    @Override
    String rootPath() {
      return "C:\\work";
    }
  }
}
