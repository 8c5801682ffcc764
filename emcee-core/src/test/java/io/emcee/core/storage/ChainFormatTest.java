package io.emcee.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.core.random.RandomStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainFormatTest {
  private static final Path PATH = Path.of("test.chain");

  private static ByteBuffer concat(ByteBuffer... parts) {
    int n = 0;
    for (ByteBuffer p : parts) {
      n += p.remaining();
    }
    ByteBuffer all = ChainFormat.le(ByteBuffer.allocate(n));
    for (ByteBuffer p : parts) {
      all.put(p.duplicate());
    }
    return all.flip();
  }

  @Test
  void theHeaderRoundTrips() {
    ChainMetadata m =
        new ChainMetadata(3, 2, List.of("α", "b"), List.of("r2"), "StretchMove(a=2.0)", "v1 ü");
    ByteBuffer bytes = ChainFormat.encodeHeader(m);
    ByteBuffer preamble = bytes.duplicate().limit(ChainFormat.PREAMBLE).slice();
    int length = ChainFormat.headerLength(preamble, bytes.remaining(), PATH);
    assertEquals(bytes.remaining(), ChainFormat.PREAMBLE + length);
    ByteBuffer body = bytes.duplicate().position(ChainFormat.PREAMBLE).slice();
    assertEquals(m, ChainFormat.decodeHeader(preamble, body, PATH));
    for (int i = ChainFormat.MAGIC.length + 8; i < bytes.remaining(); i++) {
      ByteBuffer damaged = ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip();
      damaged.put(i, (byte) (damaged.get(i) ^ 0x10));
      EmceeException e =
          assertThrows(
              EmceeException.class,
              () ->
                  ChainFormat.decodeHeader(
                      damaged.duplicate().limit(ChainFormat.PREAMBLE).slice(),
                      damaged.duplicate().position(ChainFormat.PREAMBLE).slice(),
                      PATH));
      assertEquals("EMCEE-F002", e.getCode());
    }
  }

  @Test
  void aBlockRoundTripsAndItsChecksumCatchesEveryFlippedBit() {
    ChainMetadata m = new ChainMetadata(2, 3, List.of(), List.of("x"), "", "");
    int steps = 3;
    ByteBuffer stepBytes = ChainFormat.le(ByteBuffer.allocate(steps * ChainFormat.stepBytes(m)));
    for (int t = 0; t < steps; t++) {
      ChainFormat.encodeStep(
          stepBytes,
          m,
          new double[] {t, 1, 2, 3, 4, 5},
          new double[] {-t, -1},
          new double[] {t * 10, 7});
    }
    long[] state = new long[RandomStream.STATE_LENGTH];
    state[2] = 42;
    ChainFormat.BlockEnd end =
        new ChainFormat.BlockEnd(new long[] {5, 6}, 9, state, 3, Segments.STARTS);
    ByteBuffer block = concat(ChainFormat.encodeBlock(17, steps, stepBytes.flip(), end));
    int version = ChainFormat.VERSION;
    assertEquals(
        ChainFormat.blockBytes(ChainFormat.payloadLength(m, steps, version)), block.remaining());
    ChainFormat.BlockHeader h = ChainFormat.decodeBlockHeader(block);
    assertTrue(h.fits(m, 17, version));
    assertFalse(h.fits(m, 18, version));
    assertFalse(h.fits(m, 17, 1), "a format-2 block is not a format-1 block");
    assertEquals(block.remaining(), h.bytes());
    assertTrue(ChainFormat.checksumMatches(block));
    ByteBuffer payload = block.duplicate().position(ChainFormat.BLOCK_HEADER).slice();
    ChainFormat.BlockEnd back = ChainFormat.decodeBlockEnd(payload, m, steps, version);
    assertArrayEquals(end.accepted(), back.accepted());
    assertEquals(9, back.proposals());
    assertArrayEquals(state, back.randomState());
    assertEquals(3, back.thinBy());
    assertEquals(Segments.STARTS, back.flags());
    double[] coords = new double[6];
    double[] lp = new double[2];
    double[] blobs = new double[2];
    ByteBuffer step2 = payload.duplicate().position(2 * ChainFormat.stepBytes(m)).slice();
    ChainFormat.decodeCoords(step2, m, coords, 0);
    ChainFormat.decodeLogProbability(step2, m, lp, 0);
    ChainFormat.decodeBlobs(step2, m, blobs, 0);
    assertArrayEquals(new double[] {2, 1, 2, 3, 4, 5}, coords);
    assertArrayEquals(new double[] {-2, -1}, lp);
    assertArrayEquals(new double[] {20, 7}, blobs);
    for (int bit = 0; bit < 8 * block.remaining(); bit++) {
      ByteBuffer flipped = ByteBuffer.allocate(block.remaining()).put(block.duplicate()).flip();
      flipped.put(bit / 8, (byte) (flipped.get(bit / 8) ^ (1 << (bit % 8))));
      assertFalse(ChainFormat.checksumMatches(flipped), "bit " + bit);
    }
  }

  @Test
  void onlyThePrefixOfTheNextBlockHeaderCountsAsATornWrite() {
    ByteBuffer header = ChainFormat.le(ByteBuffer.allocate(20));
    header.putInt(ChainFormat.BLOCK_MAGIC).putLong(40).putInt(10).putInt(999).flip();
    int v = ChainFormat.VERSION;
    for (int n = 0; n < 20; n++) {
      assertTrue(ChainFormat.isHeaderPrefix(header.duplicate().limit(n).slice(), 40, v), "" + n);
    }
    assertFalse(ChainFormat.isHeaderPrefix(header.duplicate().limit(8).slice(), 30, v));
    assertFalse(ChainFormat.isHeaderPrefix(header.duplicate().limit(8).slice(), 40, 1));
    assertFalse(ChainFormat.isHeaderPrefix(ByteBuffer.wrap(new byte[] {1, 2, 3}), 40, v));
  }

  @Test
  void foreignFilesAndOtherVersionsAreNamed() {
    ByteBuffer text = ByteBuffer.wrap("hello, not a chain at all".getBytes());
    assertEquals(
        "EMCEE-F001",
        assertThrows(EmceeException.class, () -> ChainFormat.headerLength(text, 25, PATH))
            .getCode());
    for (int version : new int[] {0, ChainFormat.VERSION + 1}) {
      ByteBuffer other = ChainFormat.le(ByteBuffer.allocate(16)).put(ChainFormat.MAGIC);
      other.putInt(version).putInt(0).flip();
      assertEquals(
          "EMCEE-F003",
          assertThrows(EmceeException.class, () -> ChainFormat.headerLength(other, 100, PATH))
              .getCode());
    }
    for (int version = ChainFormat.OLDEST_VERSION; version <= ChainFormat.VERSION; version++) {
      ByteBuffer readable = ChainFormat.le(ByteBuffer.allocate(16)).put(ChainFormat.MAGIC);
      readable.putInt(version).putInt(0).flip();
      assertEquals(ChainFormat.CHECKSUM, ChainFormat.headerLength(readable, 100, PATH));
      assertEquals(version, ChainFormat.version(readable));
    }
  }

  @Test
  void aFormatOneChainNamesItsThinningInItsMoves() {
    assertEquals(3, ChainFormat.legacyThinBy("thinBy=3; StretchMove(a=2.0) weight 1.0"));
    assertEquals(1, ChainFormat.legacyThinBy("StretchMove(a=2.0) weight 1.0"));
    assertEquals(1, ChainFormat.legacyThinBy("thinBy=x; StretchMove"));
  }
}
