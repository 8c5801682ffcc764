package io.emcee.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class MetropolisTest {

  /** The acceptance rate is min(1, e^logRatio), within 5 standard errors of a binomial count. */
  @Test
  void acceptsWithProbabilityMinOneExpLogRatio() {
    RandomStream r = new RandomStream(5);
    int n = 400_000;
    for (double logRatio : new double[] {-12, -5, -2, -0.7, -0.1, -1e-3, 0, 0.5, 3}) {
      int accepted = 0;
      for (int i = 0; i < n; i++) {
        accepted += Metropolis.accept(logRatio, r) ? 1 : 0;
      }
      double p = Math.min(1, Math.exp(logRatio));
      double se = Math.sqrt(p * (1 - p) / n);
      double rate = accepted / (double) n;
      assertTrue(
          Math.abs(rate - p) <= 5 * se + 1e-12,
          "logRatio " + logRatio + ": rate " + rate + ", expected " + p + " ± " + 5 * se);
    }
  }

  @Test
  void nanAndMinusInfinityRejectPlusInfinityAccepts() {
    RandomStream r = new RandomStream(1);
    for (int i = 0; i < 1000; i++) {
      assertFalse(Metropolis.accept(Double.NaN, r));
      assertFalse(Metropolis.accept(Double.NEGATIVE_INFINITY, r));
      assertTrue(Metropolis.accept(Double.POSITIVE_INFINITY, r));
    }
  }
}
