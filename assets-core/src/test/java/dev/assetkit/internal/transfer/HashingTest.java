package dev.assetkit.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashingTest {
  private static final String EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void sha256_ofBytes_matchesTheStandardVectors() {
    assertEquals(EMPTY, Hashing.sha256(new byte[0]));
    assertEquals(ABC, Hashing.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void sha256AndSize_ofAFile_hashesAndCountsEveryByte(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("abc"), "abc".getBytes(StandardCharsets.US_ASCII));

    assertEquals(new Hashing.HashedFile(ABC, 3), Hashing.sha256AndSize(file, 0));
    assertEquals(ABC, Hashing.sha256(file));
  }

  @Test
  void sha256_afterAHashLeftHalfWay_startsFromEmpty() {
    Hashing.threadDigest().update(new byte[] {1, 2, 3}); // as a read failing after an update would

    assertEquals(ABC, Hashing.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void sha256_onManyThreadsAtOnce_keepsEachHashItsOwn() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> hashes = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        byte[] bytes = (i % 2 == 0 ? "abc" : "").getBytes(StandardCharsets.US_ASCII);
        hashes.add(threads.submit(() -> Hashing.sha256(bytes)));
      }
      for (int i = 0; i < hashes.size(); i++) {
        assertEquals(i % 2 == 0 ? ABC : EMPTY, hashes.get(i).get());
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
