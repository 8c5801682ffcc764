package io.emcee.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emcee.core.random.RandomStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A small chain whose every stored value is known: step {@code t}, walker {@code w}, coordinate
 * {@code j} holds {@code t + w / 100 + j / 10000}; the log-probability is {@code -t - w}; walker
 * {@code w} has accepted {@code (t + 1) * w / 4} proposals; the random state after step {@code t}
 * is {@code t + 1} repeated.
 */
final class ChainFiles {
  static final int NWALKERS = 4;
  static final int NDIM = 2;

  private ChainFiles() {}

  static ChainMetadata metadata() {
    return new ChainMetadata(
        NWALKERS, NDIM, List.of("a", "b"), List.of("r"), "StretchMove(a=2.0)", "known v1");
  }

  static void write(ChainBackend chain, int from, int to) {
    double[] coords = new double[NWALKERS * NDIM];
    double[] lp = new double[NWALKERS];
    double[] blobs = new double[NWALKERS];
    long[] accepted = new long[NWALKERS];
    long[] state = new long[RandomStream.STATE_LENGTH];
    for (int t = from; t < to; t++) {
      for (int w = 0; w < NWALKERS; w++) {
        for (int j = 0; j < NDIM; j++) {
          coords[w * NDIM + j] = t + w / 100.0 + j / 10000.0;
        }
        lp[w] = -t - w;
        blobs[w] = t * 2.0;
        accepted[w] = (t + 1L) * w / 4;
      }
      java.util.Arrays.fill(state, t + 1L);
      chain.saveStep(coords, lp, blobs, accepted, t + 1L, state);
    }
  }

  /** Writes a new chain file of {@code steps} steps in blocks of {@code block}. */
  static void create(Path file, int steps, int block) {
    try (FileBackend chain =
        FileBackend.open(file, FileBackend.Options.DEFAULT.withFlushEverySteps(block))) {
      chain.reset(metadata());
      write(chain, 0, steps);
    }
  }

  /** Asserts that {@code chain} holds the known steps {@code 0..steps} and their bookkeeping. */
  static void assertKnownPrefix(ChainBackend chain, int steps, String what) {
    assertEquals(steps, chain.getIteration(), what);
    double[] coords = new double[NWALKERS * NDIM];
    double[] lp = new double[NWALKERS];
    double[] blobs = new double[NWALKERS];
    for (int t = 0; t < steps; t++) {
      chain.readCoords(t, coords, 0);
      chain.readLogProbability(t, lp, 0);
      chain.readBlobs(t, blobs, 0);
      for (int w = 0; w < NWALKERS; w++) {
        for (int j = 0; j < NDIM; j++) {
          assertEquals(t + w / 100.0 + j / 10000.0, coords[w * NDIM + j], what + " step " + t);
        }
        assertEquals(-t - w, lp[w], what);
        assertEquals(t * 2.0, blobs[w], what);
      }
    }
    if (steps > 0) {
      assertEquals(steps, chain.getProposals(), what);
      long[] accepted = new long[NWALKERS];
      for (int w = 0; w < NWALKERS; w++) {
        accepted[w] = (long) steps * w / 4;
      }
      assertArrayEquals(accepted, chain.getAccepted(), what);
      long[] state = new long[RandomStream.STATE_LENGTH];
      java.util.Arrays.fill(state, steps);
      assertArrayEquals(state, chain.getRandomState(), what);
    }
  }
}
