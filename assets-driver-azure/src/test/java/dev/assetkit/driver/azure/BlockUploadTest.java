package dev.assetkit.driver.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BlockUploadTest {
  private static final long MIB = 1L << 20;

  @Test
  void blockSize_isThePartSize_whenTheBlockCountAllowsIt() {
    assertEquals(16 * MIB, BlockUpload.blockSize(288 * MIB, 16 * MIB));
    assertEquals(16 * MIB, BlockUpload.blockSize(50_000 * 16 * MIB, 16 * MIB));
  }

  @Test
  void blockSize_growsToStayWithinFiftyThousandBlocks() {
    long size = 50_000 * 16 * MIB + 1;
    long blockSize = BlockUpload.blockSize(size, 16 * MIB);
    assertEquals(16 * MIB + 1, blockSize);
    assertEquals(50_000, (size + blockSize - 1) / blockSize);
  }

  @Test
  void blockSize_neverExceedsAzuresLimit() {
    assertEquals(4000 * MIB, BlockUpload.blockSize(10_000 * MIB, 8192 * MIB));
  }
}
