package io.emcee.benchmarks;

import io.emcee.api.LogProbability;
import io.emcee.core.random.RandomStream;

/**
 * The reference for "how close to the hardware": emcee's stretch move as one plain loop over
 * primitive arrays, with no abstraction at all — randomised halves, the proposal, one
 * log-probability call per walker, the Metropolis test, and the chain stored step by step. It
 * exists only in the benchmarks, to show what the real sampler costs on top.
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
    double[] q = new double[ndim];
    double[] chain = new double[steps * nwalkers * ndim];
    int[] labels = new int[nwalkers];
    int[] first = new int[nwalkers / 2];
    int[] second = new int[nwalkers / 2];
    double[] row = new double[ndim];
    for (int w = 0; w < nwalkers; w++) {
      System.arraycopy(coords, w * ndim, row, 0, ndim);
      logp[w] = logProb.logProbability(row);
    }
    double a = 2.0;
    for (int step = 0; step < steps; step++) {
      for (int i = 0; i < nwalkers; i++) {
        labels[i] = i & 1;
      }
      for (int i = nwalkers - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = labels[i];
        labels[i] = labels[j];
        labels[j] = t;
      }
      int n0 = 0;
      int n1 = 0;
      for (int i = 0; i < nwalkers; i++) {
        if (labels[i] == 0) {
          first[n0++] = i;
        } else {
          second[n1++] = i;
        }
      }
      for (int half = 0; half < 2; half++) {
        int[] active = half == 0 ? first : second;
        int[] other = half == 0 ? second : first;
        int n = half == 0 ? n0 : n1;
        int nc = half == 0 ? n1 : n0;
        for (int k = 0; k < n; k++) {
          int w = active[k];
          double root = (a - 1) * random.nextDouble() + 1;
          double z = root * root / a;
          int c = other[random.nextInt(nc)] * ndim;
          int x = w * ndim;
          for (int j = 0; j < ndim; j++) {
            double cj = coords[c + j];
            q[j] = cj - (cj - coords[x + j]) * z;
          }
          double lp = logProb.logProbability(q);
          double diff = (ndim - 1) * Math.log(z) + lp - logp[w];
          if (diff >= 0 || diff > Math.log(random.nextDouble())) {
            System.arraycopy(q, 0, coords, x, ndim);
            logp[w] = lp;
          }
        }
      }
      System.arraycopy(coords, 0, chain, step * nwalkers * ndim, nwalkers * ndim);
    }
    return chain;
  }
}
