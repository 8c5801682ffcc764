package io.emcee.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.emcee.api.EmceeException;
import org.junit.jupiter.api.Test;

class InMemoryBackendTest {

  /**
   * 512 walkers x 64 dims make the blocks 2 steps in the first tier and 32 after it, so 100 steps
   * cross from the small blocks into three large ones; every value reads back where it was put, by
   * step, by series and after a reset to the same shape.
   */
  @Test
  void stepsReadBackAcrossBothTiersOfBlocks() {
    int nwalkers = 512;
    int ndim = 64;
    int steps = 100;
    InMemoryBackend backend = new InMemoryBackend();
    for (int chain = 0; chain < 2; chain++) { // the second chain reuses the first one's blocks
      backend.reset(ChainMetadata.of(nwalkers, ndim));
      fill(backend, nwalkers, ndim, steps, chain);
      assertEquals(steps, backend.getIteration());
      double[] row = new double[nwalkers * ndim];
      double[] logp = new double[nwalkers];
      for (int step = 0; step < steps; step++) {
        backend.readCoords(step, row, 0);
        backend.readLogProbability(step, logp, 0);
        for (int i = 0; i < row.length; i += 97) {
          assertEquals(value(chain, step, i), row[i], "coordinate " + i + " of step " + step);
        }
        for (int w = 0; w < nwalkers; w += 31) {
          assertEquals(-value(chain, step, w), logp[w], "log-probability of walker " + w);
        }
      }
      int walker = 300;
      int dim = 17;
      double[] series = new double[steps];
      backend.readCoordSeries(walker, dim, 0, 1, steps, series);
      for (int step = 0; step < steps; step++) {
        assertEquals(value(chain, step, walker * ndim + dim), series[step], "series at " + step);
      }
    }
    assertThrows(
        EmceeException.class, () -> backend.readCoords(steps, new double[nwalkers * ndim], 0));
  }

  private static void fill(InMemoryBackend backend, int nwalkers, int ndim, int steps, int chain) {
    double[] coords = new double[nwalkers * ndim];
    double[] logp = new double[nwalkers];
    for (int step = 0; step < steps; step++) {
      for (int i = 0; i < coords.length; i++) {
        coords[i] = value(chain, step, i);
      }
      for (int w = 0; w < nwalkers; w++) {
        logp[w] = -value(chain, step, w);
      }
      backend.saveStep(coords, logp, new double[0], new long[nwalkers], step + 1, new long[6]);
    }
  }

  private static double value(int chain, int step, int index) {
    return chain * 1e9 + step * 1e6 + index;
  }
}
