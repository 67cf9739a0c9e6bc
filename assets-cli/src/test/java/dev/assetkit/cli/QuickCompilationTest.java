package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which pushes ask for quick compilation before they start; the asking itself is checked on the
 * jar's own process ({@link ShadedJarIT}), since it changes the JIT of the JVM it runs in.
 */
class QuickCompilationTest {
  @TempDir Path tmp;

  @Test
  void folders_andLargeFiles_areLargeMoves() throws IOException {
    assertTrue(QuickCompilation.isLarge(Files.createDirectories(tmp.resolve("folder"))));
    Path large = tmp.resolve("large.bin");
    try (RandomAccessFile file = new RandomAccessFile(large.toString(), "rw")) {
      file.setLength(QuickCompilation.LARGE_BYTES); // sparse: no 64 MiB written
    }
    assertTrue(QuickCompilation.isLarge(large));
  }

  @Test
  void smallFiles_andMissingSources_areNot() throws IOException {
    Path small = Files.write(tmp.resolve("small.bin"), new byte[1024]);
    assertFalse(QuickCompilation.isLarge(small));
    assertFalse(QuickCompilation.isLarge(tmp.resolve("missing")));
  }
}
