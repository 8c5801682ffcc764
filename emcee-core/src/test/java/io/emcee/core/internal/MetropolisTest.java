package io.emcee.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  /** The bracketed logarithm stays within its stated error over the whole normal range. */
  @Test
  void logApproxStaysWithinItsErrorBound() {
    RandomStream r = new RandomStream(8);
    double worst = 0;
    for (int i = 0; i < 2_000_000; i++) {
      // log-uniform over [2^-1022, 2^1023], plus a dense sweep around 1 where log is near 0
      double x =
          i % 2 == 0
              ? Math.scalb(1 + r.nextDouble(), (int) (r.nextDouble() * 2045) - 1022)
              : 0.5 + 1.5 * r.nextDouble();
      worst = Math.max(worst, Math.abs(Metropolis.logApprox(x) - Math.log(x)));
    }
    assertTrue(worst < Metropolis.LOG_ERROR / 10, "worst absolute error " + worst);
  }

  /**
   * acceptRatio decides exactly as {@code power log(ratio) + delta > -E} with the same exponential
   * draw, also for draws placed right at the boundary, where only the exact logarithm can decide.
   */
  @Test
  void ratioDecisionsEqualTheExactTest() {
    RandomStream r = new RandomStream(21);
    RandomStream draws = new RandomStream(77);
    RandomStream twin = new RandomStream(77);
    int nearBoundary = 0;
    for (int i = 0; i < 1_000_000; i++) {
      double ratio = Math.exp(6 * (r.nextDouble() - 0.5));
      int power = 1 + (int) (r.nextDouble() * 50);
      double e = twin.nextExponential();
      double delta = 20 * (r.nextDouble() - 0.6);
      if (i % 2 == 0) { // put this draw within 1e-12 of the boundary
        delta = -(power * Math.log(ratio) + e) + (r.nextDouble() - 0.5) * 1e-12;
        nearBoundary++;
      }
      boolean exact = power * Math.log(ratio) + (delta + e) > 0;
      assertEquals(exact, Metropolis.acceptRatio(ratio, power, delta, draws), "draw " + i);
    }
    assertEquals(500_000, nearBoundary);
  }

  @Test
  void ratioTestRejectsNanAndHandlesExtremes() {
    RandomStream r = new RandomStream(2);
    for (int i = 0; i < 1000; i++) {
      assertFalse(Metropolis.acceptRatio(2, 9, Double.NaN, r));
      assertFalse(Metropolis.acceptRatio(2, 9, Double.NEGATIVE_INFINITY, r));
      assertTrue(Metropolis.acceptRatio(0.5, 9, Double.POSITIVE_INFINITY, r));
      assertFalse(Metropolis.acceptRatio(Double.MIN_VALUE, 3, 100, r)); // subnormal: exact log
      assertTrue(Metropolis.acceptRatio(Double.MAX_VALUE, 1, -700, r));
    }
  }
}
