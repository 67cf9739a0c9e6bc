package dev.assetkit.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SmallReadsTest {
  private static final byte[] CONTENT = "0123456789".getBytes(StandardCharsets.UTF_8);

  @Test
  void upTo_exactSize_returnsTheContent() throws IOException {
    assertArrayEquals(CONTENT, SmallReads.upTo(dribbling(CONTENT), CONTENT.length));
  }

  @Test
  void upTo_aLargerLimit_returnsTheWholeContent() throws IOException {
    assertArrayEquals(CONTENT, SmallReads.upTo(dribbling(CONTENT), 100));
  }

  @Test
  void upTo_aSmallerLimit_returnsOneBytePastIt() throws IOException {
    assertArrayEquals(Arrays.copyOf(CONTENT, 5), SmallReads.upTo(dribbling(CONTENT), 4));
  }

  @Test
  void upTo_zeroLimit_returnsNothingForAnEmptyChannelAndOneByteOtherwise() throws IOException {
    assertArrayEquals(new byte[0], SmallReads.upTo(dribbling(new byte[0]), 0));
    assertArrayEquals(new byte[] {'0'}, SmallReads.upTo(dribbling(CONTENT), 0));
  }

  /** A channel that hands out one byte per read, as a slow stream may. */
  private static ReadableByteChannel dribbling(byte[] content) {
    return new ReadableByteChannel() {
      private int position;

      @Override
      public int read(ByteBuffer target) {
        if (position == content.length) {
          return -1;
        }
        if (!target.hasRemaining()) {
          return 0;
        }
        target.put(content[position++]);
        return 1;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
  }
}
