package io.emcee.it;

import io.emcee.api.LogProbability;
import java.util.Random;

/** Starting ensembles and log-probabilities the pool tests share. */
final class TestModels {
  private TestModels() {}

  /** {@code nwalkers} × {@code ndim} standard-normal starting points from a fixed seed. */
  static double[][] start(int nwalkers, int ndim, long seed) {
    Random r = new Random(seed);
    double[][] s = new double[nwalkers][ndim];
    for (double[] w : s) {
      for (int j = 0; j < ndim; j++) {
        w[j] = r.nextGaussian();
      }
    }
    return s;
  }

  /** A standard normal log-density that first spins for {@code nanos} (a model's cost). */
  static LogProbability costly(long nanos) {
    return x -> {
      long end = System.nanoTime() + nanos;
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      double s = 0;
      for (double v : x) {
        s += v * v;
      }
      return -0.5 * s;
    };
  }
}
