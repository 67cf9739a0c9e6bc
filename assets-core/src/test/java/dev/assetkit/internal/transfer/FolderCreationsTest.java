package dev.assetkit.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderCreationsTest {
  @Test
  void createForWriting_createsAFile_orTruncatesTheOneThere(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("w.bin");
    write(file, new byte[] {1, 2, 3, 4});
    write(file, new byte[] {9});

    assertArrayEquals(new byte[] {9}, Files.readAllBytes(file));
  }

  @Test
  void createForWriting_inAMissingFolder_failsAsFileChannelOpenDoes(@TempDir Path dir) {
    assertThrows(
        NoSuchFileException.class,
        () -> FolderCreations.createForWriting(dir.resolve("missing/w.bin")).close());
  }

  @Test
  void lockOf_isOnePerFolder_whateverTheFile(@TempDir Path dir) {
    assertSame(
        FolderCreations.lockOf(dir.resolve("a/x").getParent()),
        FolderCreations.lockOf(dir.resolve("a/y").getParent()));
    assertSame(FolderCreations.lockOf(null), FolderCreations.lockOf(null)); // a bare file name
  }

  @Test
  void createForWriting_fromManyThreadsInOneFolder_createsEveryFile(@TempDir Path dir)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        Path file = dir.resolve("f" + i);
        byte[] content = {(byte) i};
        writes.add(threads.submit(() -> write(file, content)));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      threads.shutdownNow();
    }
    try (var files = Files.list(dir)) {
      assertEquals(400, files.count());
    }
    assertArrayEquals(new byte[] {(byte) 399}, Files.readAllBytes(dir.resolve("f399")));
  }

  private static Void write(Path file, byte[] content) throws Exception {
    try (FileChannel out = FolderCreations.createForWriting(file)) {
      out.write(ByteBuffer.wrap(content));
    }
    return null;
  }
}
