package io.emcee.benchmarks;

import io.emcee.api.LogProbability;
import io.emcee.core.internal.Metropolis;
import io.emcee.core.random.RandomStream;

/**
 * The reference for "how close to the hardware": emcee's stretch move as one plain loop over
 * primitive arrays, with no abstraction at all — a random half-split, the proposals, one
 * log-probability call per walker, the Metropolis test, and the chain stored step by step. It does
 * the same arithmetic as the sampler (the split by a partial shuffle, each proposal in its own
 * array handed to the model as is, the test against an exponential draw with {@code (ndim - 1) log
 * z} bracketed, the accepted walkers moved after all are decided), so the difference between the
 * two is what the sampler's structure costs. It exists only in the benchmarks.
 */
final class HandWrittenStretch {
  private HandWrittenStretch() {}

  /**
   * Runs {@code steps} steps and returns the flat chain {@code [step][walker][dim]}.
   *
   * @param logProb the model
   * @param start {@code nwalkers * ndim} starting coordinates (copied)
   * @param nwalkers number of walkers (even)
   * @param ndim number of dimensions
   * @param steps number of steps
   * @param seed the random seed
   * @return the chain
   */
  static double[] run(
      LogProbability logProb, double[] start, int nwalkers, int ndim, int steps, long seed) {
    RandomStream random = new RandomStream(seed);
    double[] coords = start.clone();
    double[] logp = new double[nwalkers];
    double[] chain = new double[steps * nwalkers * ndim];
    int[] order = new int[nwalkers];
    int[] moved = new int[nwalkers / 2];
    double[] z = new double[nwalkers / 2];
    double[][] q = new double[nwalkers / 2][ndim]; // one array per proposal, evaluated as is
    double[] lq = new double[nwalkers / 2];
    double[] row = new double[ndim];
    for (int w = 0; w < nwalkers; w++) {
      System.arraycopy(coords, w * ndim, row, 0, ndim);
      logp[w] = logProb.logProbability(row);
    }
    int half = nwalkers / 2;
    double a = 2.0;
    for (int step = 0; step < steps; step++) {
      for (int i = 0; i < nwalkers; i++) {
        order[i] = i;
      }
      for (int p = 0; p < half; p++) { // the first half is a random half of the walkers
        int j = p + random.nextInt(nwalkers - p);
        int t = order[p];
        order[p] = order[j];
        order[j] = t;
      }
      for (int set = 0; set < 2; set++) {
        int active = set == 0 ? 0 : half;
        int other = set == 0 ? half : 0;
        for (int k = 0; k < half; k++) {
          double root = (a - 1) * random.nextDouble() + 1;
          z[k] = root * root / a;
          int c = order[other + random.nextInt(half)] * ndim;
          int x = order[active + k] * ndim;
          for (int j = 0; j < ndim; j++) {
            double cj = coords[c + j];
            q[k][j] = cj - (cj - coords[x + j]) * z[k];
          }
        }
        for (int k = 0; k < half; k++) {
          lq[k] = logProb.logProbability(q[k]);
        }
        int n = 0;
        for (int k = 0; k < half; k++) {
          double delta = lq[k] - logp[order[active + k]];
          moved[n] = k;
          n += Metropolis.acceptRatio(z[k], ndim - 1, delta, random) ? 1 : 0;
        }
        for (int i = 0; i < n; i++) {
          int k = moved[i];
          int w = order[active + k];
          for (int j = 0; j < ndim; j++) {
            coords[w * ndim + j] = q[k][j];
          }
          logp[w] = lq[k];
        }
      }
      System.arraycopy(coords, 0, chain, step * nwalkers * ndim, nwalkers * ndim);
    }
    return chain;
  }
}
