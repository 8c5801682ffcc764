package io.emcee.core.moves;

import io.emcee.api.LogProbability;
import io.emcee.core.Stats;
import io.emcee.core.internal.Linalg;
import io.emcee.core.random.RandomStream;
import java.util.function.DoubleUnaryOperator;

/** A target distribution with known moments and marginals, for the move statistics tests. */
record Target(
    String name,
    int ndim,
    LogProbability logProbability,
    double[] mean,
    double[][] covariance,
    DoubleUnaryOperator[] marginalCdf,
    double[][] start) {

  /** N(0, I) in {@code ndim} dimensions, walkers started from N(0, I). */
  static Target standardNormal(int ndim, int nwalkers) {
    double[][] cov = new double[ndim][ndim];
    DoubleUnaryOperator[] cdf = new DoubleUnaryOperator[ndim];
    for (int i = 0; i < ndim; i++) {
      cov[i][i] = 1;
      cdf[i] = Stats::normalCdf;
    }
    LogProbability lp =
        x -> {
          double s = 0;
          for (double v : x) {
            s += v * v;
          }
          return -0.5 * s;
        };
    return new Target(
        "N(0, I) in " + ndim + "-D",
        ndim,
        lp,
        new double[ndim],
        cov,
        cdf,
        gaussianStart(nwalkers, ndim, 1, 1));
  }

  /** The uniform distribution on the unit box, walkers started uniformly inside it. */
  static Target uniformBox(int ndim, int nwalkers) {
    double[][] cov = new double[ndim][ndim];
    double[] mean = new double[ndim];
    DoubleUnaryOperator[] cdf = new DoubleUnaryOperator[ndim];
    for (int i = 0; i < ndim; i++) {
      cov[i][i] = 1.0 / 12;
      mean[i] = 0.5;
      cdf[i] = x -> Math.min(1, Math.max(0, x));
    }
    LogProbability lp =
        x -> {
          for (double v : x) {
            if (v < 0 || v > 1) {
              return Double.NEGATIVE_INFINITY;
            }
          }
          return 0;
        };
    RandomStream r = new RandomStream(2);
    double[][] start = new double[nwalkers][ndim];
    for (double[] w : start) {
      for (int j = 0; j < ndim; j++) {
        w[j] = r.nextDouble();
      }
    }
    return new Target("uniform on [0,1]^" + ndim, ndim, lp, mean, cov, cdf, start);
  }

  /**
   * A correlated 5-D Gaussian with a fixed random covariance {@code A A^T / 5 + 0.05 I} and mean
   * (1, -1, 2, 0, 0.5), walkers started from N(mean, I).
   */
  static Target correlatedGaussian(int nwalkers) {
    int ndim = 5;
    RandomStream r = new RandomStream(20131234);
    double[] a = new double[ndim * ndim];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextGaussian();
    }
    double[][] cov = new double[ndim][ndim];
    double[] flat = new double[ndim * ndim];
    for (int i = 0; i < ndim; i++) {
      for (int j = 0; j < ndim; j++) {
        double s = 0;
        for (int k = 0; k < ndim; k++) {
          s += a[i * ndim + k] * a[j * ndim + k];
        }
        cov[i][j] = s / ndim + (i == j ? 0.05 : 0);
        flat[i * ndim + j] = cov[i][j];
      }
    }
    double[] l = Linalg.cholesky(flat, ndim);
    double[] mean = {1, -1, 2, 0, 0.5};
    DoubleUnaryOperator[] cdf = new DoubleUnaryOperator[ndim];
    for (int i = 0; i < ndim; i++) {
      double m = mean[i];
      double sd = Math.sqrt(cov[i][i]);
      cdf[i] = x -> Stats.normalCdf((x - m) / sd);
    }
    LogProbability lp =
        x -> {
          double[] d = new double[ndim];
          for (int j = 0; j < ndim; j++) {
            d[j] = x[j] - mean[j];
          }
          return -0.5 * Linalg.mahalanobisSquared(l, ndim, d, new double[ndim]);
        };
    double[][] start = gaussianStart(nwalkers, ndim, 3, 1);
    for (double[] w : start) {
      for (int j = 0; j < ndim; j++) {
        w[j] += mean[j];
      }
    }
    return new Target("correlated 5-D Gaussian", ndim, lp, mean, cov, cdf, start);
  }

  static double[][] gaussianStart(int nwalkers, int ndim, long seed, double scale) {
    RandomStream r = new RandomStream(seed);
    double[][] start = new double[nwalkers][ndim];
    for (double[] w : start) {
      for (int j = 0; j < ndim; j++) {
        w[j] = scale * r.nextGaussian();
      }
    }
    return start;
  }
}
