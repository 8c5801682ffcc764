package io.emcee.core;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/** Statistics for tests: moments, the normal CDF and the Kolmogorov-Smirnov distance. */
public final class Stats {
  private Stats() {}

  /** Mean of column {@code d} of {@code samples}. */
  public static double mean(double[][] samples, int d) {
    double s = 0;
    for (double[] x : samples) {
      s += x[d];
    }
    return s / samples.length;
  }

  /** Population variance of column {@code d} (as numpy's default {@code np.var}). */
  public static double variance(double[][] samples, int d) {
    double m = mean(samples, d);
    double s = 0;
    for (double[] x : samples) {
      s += (x[d] - m) * (x[d] - m);
    }
    return s / samples.length;
  }

  /** Covariance of columns {@code i} and {@code j}. */
  public static double covariance(double[][] samples, int i, int j) {
    double mi = mean(samples, i);
    double mj = mean(samples, j);
    double s = 0;
    for (double[] x : samples) {
      s += (x[i] - mi) * (x[j] - mj);
    }
    return s / samples.length;
  }

  /** The standard normal CDF, accurate to about 1e-7 (erfc by a Chebyshev fit). */
  public static double normalCdf(double x) {
    return 0.5 * erfc(-x / Math.sqrt(2));
  }

  private static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r =
        t
            * Math.exp(
                -z * z
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  /** The Kolmogorov-Smirnov distance between the sample and a continuous CDF. */
  public static double ksDistance(double[] sample, DoubleUnaryOperator cdf) {
    double[] x = sample.clone();
    Arrays.sort(x);
    int n = x.length;
    double d = 0;
    for (int i = 0; i < n; i++) {
      double f = cdf.applyAsDouble(x[i]);
      d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
    }
    return d;
  }

  /** Column {@code d} of {@code samples}. */
  public static double[] column(double[][] samples, int d) {
    double[] out = new double[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = samples[i][d];
    }
    return out;
  }
}
