package io.emcee.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.api.Pools;
import io.emcee.core.Chain;
import io.emcee.core.Ensemble;
import io.emcee.core.RunOptions;
import io.emcee.core.Sampler;
import io.emcee.core.random.RandomStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chain files of format 1, written before chains recorded their segments, still open, read and
 * continue (with their own kind of block), and say clearly what they cannot record.
 */
class FormatOneTest {
  private static final int NWALKERS = 8;
  private static final int NDIM = 2;

  @TempDir Path dir;

  private static double gaussian(double[] x) {
    return -0.5 * (x[0] * x[0] + x[1] * x[1]);
  }

  private static Ensemble start() {
    RandomStream r = new RandomStream(3);
    double[][] s = new double[NWALKERS][NDIM];
    for (double[] w : s) {
      w[0] = r.nextGaussian();
      w[1] = r.nextGaussian();
    }
    return new Ensemble(FormatOneTest::gaussian, s);
  }

  private static Sampler.Builder thinnedBy(int thinBy) {
    return Sampler.builder().seed(4).thinBy(thinBy);
  }

  /** Writes {@code chain} as format 1 did: its header, then one block of every step. */
  private static void writeFormatOne(ChainBackend chain, Path file) throws IOException {
    ChainMetadata m = chain.getMetadata();
    ChainMetadata legacy =
        new ChainMetadata(
            m.nwalkers(),
            m.ndim(),
            m.parameterNames(),
            m.blobNames(),
            "thinBy=2; " + m.moves(),
            "");
    int steps = chain.getIteration();
    ByteBuffer stepBytes = ChainFormat.le(ByteBuffer.allocate(steps * ChainFormat.stepBytes(m)));
    double[] coords = new double[NWALKERS * NDIM];
    double[] lp = new double[NWALKERS];
    for (int t = 0; t < steps; t++) {
      chain.readCoords(t, coords, 0);
      chain.readLogProbability(t, lp, 0);
      ChainFormat.encodeStep(stepBytes, legacy, coords, lp, new double[0]);
    }
    ChainFormat.BlockEnd end =
        new ChainFormat.BlockEnd(chain.getAccepted(), chain.getProposals(), chain.getRandomState());
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(ChainFormat.encodeHeader(legacy, 1));
      out.write(ChainFormat.encodeBlock(1, 0, steps, stepBytes.flip(), end));
    }
  }

  private static int version(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(ChainFormat.MAGIC.length);
  }

  @Test
  void aFormatOneChainOpensContinuesAndRefusesAnotherThinning() throws IOException {
    Sampler first = thinnedBy(2).build();
    first.run(start(), 12);
    Path file = dir.resolve("old.chain");
    writeFormatOne(first.getBackend(), file);

    try (FileBackend old = FileBackend.openReadOnly(file)) {
      Chain chain = Chain.of(old);
      assertEquals(12, chain.getIteration());
      assertTrue(Arrays.deepEquals(first.getCoords(), chain.getCoords()));
      assertArrayEquals(first.getAcceptanceFraction(), chain.getAcceptanceFraction());
      assertEquals(List.of(new ChainSegment(0, 2, false, false)), chain.getSegments());
    }

    try (FileBackend old = FileBackend.open(file)) {
      Sampler again = thinnedBy(2).backend(old).build(); // the stored moves still match
      again.run(again.resume(FormatOneTest::gaussian, Pools.serial()), 8);
    }
    Sampler whole = thinnedBy(2).build();
    whole.run(start(), 20);
    assertEquals(1, version(file), "a continued format-1 file stays format 1");
    try (FileBackend old = FileBackend.openReadOnly(file)) {
      Chain chain = Chain.of(old);
      assertTrue(Arrays.deepEquals(whole.getCoords(), chain.getCoords()));
      assertEquals(List.of(new ChainSegment(0, 2, false, false)), chain.getSegments());
    }

    try (FileBackend old = FileBackend.open(file)) {
      Sampler other = thinnedBy(2).backend(old).build();
      Ensemble last = other.resume(FormatOneTest::gaussian, Pools.serial());
      EmceeException e =
          assertThrows(
              EmceeException.class, () -> other.run(last, 3, other.getRunOptions().withThinBy(3)));
      assertEquals("EMCEE-F020", e.getCode());
      assertTrue(e.getMessage().contains("continue it with thinBy 2"), e.getMessage());
      assertEquals(20, old.getIteration(), "the refused run stored nothing");
      other.run(last, 2, RunOptions.DEFAULT.withThinBy(2)); // the same thinning still goes on
      assertEquals(22, old.getIteration());
    }
  }

  @Test
  void aNewChainInAFormatOneFileIsWrittenInTheCurrentFormat() throws IOException {
    Sampler first = thinnedBy(2).build();
    first.run(start(), 5);
    Path file = dir.resolve("restart.chain");
    writeFormatOne(first.getBackend(), file);
    try (FileBackend old = FileBackend.open(file)) {
      Sampler s = thinnedBy(2).backend(old).build();
      s.reset();
      s.run(start(), 4, RunOptions.DEFAULT.withThinBy(5));
    }
    assertEquals(ChainFormat.VERSION, version(file));
    try (FileBackend renewed = FileBackend.openReadOnly(file)) {
      assertEquals(List.of(new ChainSegment(0, 5, false, false)), renewed.getSegments());
    }
  }
}
