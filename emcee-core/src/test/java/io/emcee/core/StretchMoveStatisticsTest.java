package io.emcee.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.core.random.RandomStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The default sampler reproduces emcee's statistics on N(0, I) in 5-D: with a fixed seed, the mean
 * of every coordinate is within 4 standard errors of 0 (the standard error counting the integrated
 * autocorrelation time), the variance within 10 % of 1, and each marginal, thinned by tau, within
 * KS distance 0.05 of the standard normal.
 */
class StretchMoveStatisticsTest {
  private static final LogProbability STANDARD_NORMAL =
      x -> {
        double s = 0;
        for (double v : x) {
          s += v * v;
        }
        return -0.5 * s;
      };

  static double[][] normalStart(int nwalkers, int ndim, long seed) {
    RandomStream r = new RandomStream(seed);
    double[][] start = new double[nwalkers][ndim];
    for (double[] w : start) {
      for (int j = 0; j < ndim; j++) {
        w[j] = r.nextGaussian();
      }
    }
    return start;
  }

  @Test
  void fiveDimensionalStandardNormal() {
    int ndim = 5;
    int nwalkers = 32;
    int steps = 20_000;
    int discard = 1_000;
    Sampler sampler = Sampler.builder().seed(1234).build();
    sampler.run(new Ensemble(STANDARD_NORMAL, normalStart(nwalkers, ndim, 99)), steps);

    double[] acceptance = sampler.getAcceptanceFraction();
    for (double a : acceptance) {
      assertTrue(a > 0.1 && a < 0.9, "acceptance " + Arrays.toString(acceptance));
    }

    double[] tau = sampler.getIntegratedAutocorrTime(discard, 1);
    double[][] flat = sampler.getFlatCoords(discard, 1);
    for (int d = 0; d < ndim; d++) {
      double mean = Stats.mean(flat, d);
      double var = Stats.variance(flat, d);
      double standardError = Math.sqrt(var * tau[d] / flat.length);
      assertTrue(
          Math.abs(mean) < 4 * standardError,
          "dim " + d + ": mean " + mean + ", standard error " + standardError);
      assertTrue(Math.abs(var - 1) < 0.1, "dim " + d + ": variance " + var);
    }

    int thin = (int) Math.ceil(Arrays.stream(tau).max().orElseThrow());
    double[][] thinned = sampler.getFlatCoords(discard, thin);
    for (int d = 0; d < ndim; d++) {
      double ks = Stats.ksDistance(Stats.column(thinned, d), Stats::normalCdf);
      assertTrue(ks < 0.05, "dim " + d + ": KS distance " + ks + " over " + thinned.length);
    }
  }
}
