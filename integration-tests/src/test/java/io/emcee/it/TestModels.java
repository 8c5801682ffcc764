package io.emcee.it;

import io.emcee.api.LogProbability;
import io.emcee.core.model.BlobLogProbability;
import java.util.List;
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

  /** The blob names of {@link #normalWithBlobs()}, in order. */
  static final List<String> BLOB_NAMES = List.of("r2", "x0");

  /** A standard normal log-density with two blobs: {@code r2 = |x|²} and {@code x0 = x[0]}. */
  static BlobLogProbability normalWithBlobs() {
    return (x, blobs) -> {
      double r2 = 0;
      for (double v : x) {
        r2 += v * v;
      }
      blobs.set("r2", r2);
      blobs.set("x0", x[0]);
      return -0.5 * r2;
    };
  }
}
