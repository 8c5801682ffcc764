package io.emcee.cli;

import io.emcee.api.LogProbability;
import io.emcee.core.random.RandomStream;
import java.util.Arrays;

/**
 * The tutorial's log-probability (a top-level class that names no class of the command, so that a
 * standing worker receives only its own bytes): flat priors {@code -5 < m < 0.5}, {@code 0 < b <
 * 10}, {@code -10 < ln f < 1}, and a Gaussian likelihood whose variance is {@code yerr^2 + f^2
 * model^2}.
 */
record TutorialLine(double[] x, double[] y, double[] yerr) implements LogProbability {
  /** The tutorial's true slope, intercept and fractional error, and its number of points. */
  static final double M_TRUE = -0.9594;

  static final double B_TRUE = 4.294;
  static final double F_TRUE = 0.534;
  static final int POINTS = 50;

  @Override
  public double logProbability(double[] theta) {
    double m = theta[0];
    double b = theta[1];
    double lnf = theta[2];
    if (!(-5 < m && m < 0.5 && 0 < b && b < 10 && -10 < lnf && lnf < 1)) {
      return Double.NEGATIVE_INFINITY;
    }
    return logLikelihood(m, b, lnf);
  }

  double logLikelihood(double m, double b, double lnf) {
    double f2 = Math.exp(2 * lnf);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double model = m * x[i] + b;
      double sigma2 = yerr[i] * yerr[i] + model * model * f2;
      double r = y[i] - model;
      s += r * r / sigma2 + Math.log(sigma2);
    }
    return -0.5 * s;
  }

  /** The tutorial's data: x sorted uniform in [0, 10), then yerr, then the two noise terms. */
  static TutorialLine draw(long seed) {
    RandomStream rng = new RandomStream(seed);
    double[] x = new double[POINTS];
    double[] yerr = new double[POINTS];
    double[] y = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      x[i] = 10 * rng.nextDouble();
    }
    Arrays.sort(x);
    for (int i = 0; i < POINTS; i++) {
      yerr[i] = 0.1 + 0.5 * rng.nextDouble();
    }
    for (int i = 0; i < POINTS; i++) {
      y[i] = M_TRUE * x[i] + B_TRUE;
    }
    for (int i = 0; i < POINTS; i++) {
      y[i] += Math.abs(F_TRUE * y[i]) * rng.nextGaussian();
    }
    for (int i = 0; i < POINTS; i++) {
      y[i] += yerr[i] * rng.nextGaussian();
    }
    return new TutorialLine(x, y, yerr);
  }

  /**
   * A starting point near the maximum of the likelihood (the tutorial's optimiser): m and b by
   * weighted least squares, then ln f by a grid search over its prior range.
   */
  double[] start() {
    double sw = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < x.length; i++) {
      double w = 1 / (yerr[i] * yerr[i]);
      sw += w;
      sx += w * x[i];
      sy += w * y[i];
      sxx += w * x[i] * x[i];
      sxy += w * x[i] * y[i];
    }
    double det = sw * sxx - sx * sx;
    double m = (sw * sxy - sx * sy) / det;
    double b = (sxx * sy - sx * sxy) / det;
    m = Math.min(0.49, Math.max(-4.99, m));
    b = Math.min(9.99, Math.max(0.01, b));
    double bestLnf = 0;
    double best = Double.NEGATIVE_INFINITY;
    for (double lnf = -9.99; lnf < 1; lnf += 0.01) {
      double ll = logLikelihood(m, b, lnf);
      if (ll > best) {
        best = ll;
        bestLnf = lnf;
      }
    }
    return new double[] {m, b, bestLnf};
  }
}
