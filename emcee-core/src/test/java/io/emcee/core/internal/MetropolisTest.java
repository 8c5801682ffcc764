package io.emcee.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class MetropolisTest {

  @Test
  void polynomialExpStaysWithinItsErrorBound() {
    double worst = 0;
    for (double x = -699.5; x < 699.5; x += 0.0137) {
      double exact = Math.exp(x);
      worst = Math.max(worst, Math.abs(Metropolis.expAny(x) - exact) / exact);
    }
    assertTrue(worst < 3e-7, "worst relative error " + worst);
  }

  @Test
  void decisionsEqualTheExactTest() {
    RandomStream r = new RandomStream(5);
    for (int i = 0; i < 2_000_000; i++) {
      double logRatio = -20 * r.nextDouble() + 1;
      double u = r.nextDouble();
      // Half the draws are put right at the boundary, where only the exact exp can decide.
      if (i % 2 == 0 && logRatio < 0) {
        u = Math.exp(logRatio) * (1 + (r.nextDouble() - 0.5) * 1e-9);
      }
      boolean exact = logRatio >= 0 || u < Math.exp(logRatio);
      assertEquals(exact, Metropolis.accept(logRatio, u), () -> "logRatio/u mismatch");
      double ratio = Math.exp(3 * (r.nextDouble() - 0.5));
      double delta = logRatio - Math.log(ratio);
      assertEquals(
          u < ratio * Math.exp(delta) || (delta >= 0 && ratio >= 1),
          Metropolis.acceptRatio(ratio, delta, u));
    }
  }

  @Test
  void nanAndMinusInfinityReject() {
    assertFalse(Metropolis.accept(Double.NaN, 0.5));
    assertFalse(Metropolis.accept(Double.NEGATIVE_INFINITY, 0.5));
    assertFalse(Metropolis.acceptRatio(2, Double.NaN, 0.5));
    assertTrue(Metropolis.accept(Double.POSITIVE_INFINITY, 0.5));
    assertTrue(Metropolis.acceptRatio(0.5, 800, 0.99));
  }
}
