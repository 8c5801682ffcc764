package io.emcee.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class AutocorrelationTest {

  /** emcee's test chain: x[i] = 0.9 x[i-1] + U(0,1), whose integrated time is (1+a)/(1-a) = 19. */
  private static double[] ar1(long seed, int steps, int ndim) {
    RandomStream r = new RandomStream(seed);
    double[] x = new double[steps * ndim];
    for (int i = 1; i < steps; i++) {
      for (int d = 0; d < ndim; d++) {
        x[i * ndim + d] = 0.9 * x[(i - 1) * ndim + d] + r.nextDouble();
      }
    }
    return x;
  }

  @Test
  void function1dMatchesTheDirectSum() {
    RandomStream r = new RandomStream(1);
    double[] x = new double[300];
    for (int i = 1; i < x.length; i++) {
      x[i] = 0.7 * x[i - 1] + r.nextGaussian();
    }
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double[] direct = new double[x.length];
    for (int lag = 0; lag < x.length; lag++) {
      double s = 0;
      for (int t = 0; t + lag < x.length; t++) {
        s += (x[t] - mean) * (x[t + lag] - mean);
      }
      direct[lag] = s;
    }
    double zero = direct[0];
    for (int lag = 0; lag < x.length; lag++) {
      direct[lag] /= zero;
    }
    assertArrayEquals(direct, Autocorrelation.function1d(x), 1e-10);
  }

  @Test
  void oneDimensionalAr1HasTau19() {
    // emcee's test_1d: N = 250000, one walker, tau within 20 % of 19.
    double[] x = ar1(1234, 250_000, 1);
    double[] tau = Autocorrelation.integratedTime(x, 250_000, 1, 1);
    assertEquals(19.0, tau[0], 0.2 * 19.0);
  }

  @Test
  void threeDimensionalAr1HasTau19InEveryDimension() {
    double[] x = ar1(1234, 150_000, 3);
    double[] tau = Autocorrelation.integratedTime(x, 150_000, 1, 3);
    for (double t : tau) {
      assertEquals(19.0, t, 0.2 * 19.0);
    }
  }

  @Test
  void walkersArePairedInTransformsWithoutChangingTheResult() {
    // Three walkers (an odd count exercises the unpaired last walker): the estimate must equal
    // the average of the per-walker autocorrelation functions, computed one walker at a time.
    int steps = 4000;
    int nwalkers = 3;
    double[] chain = new double[steps * nwalkers];
    double[][] series = new double[nwalkers][steps];
    for (int w = 0; w < nwalkers; w++) {
      double[] x = ar1(100 + w, steps, 1);
      series[w] = x;
      for (int t = 0; t < steps; t++) {
        chain[t * nwalkers + w] = x[t];
      }
    }
    double[] f = new double[steps];
    for (double[] x : series) {
      double[] acf = Autocorrelation.function1d(x);
      for (int t = 0; t < steps; t++) {
        f[t] += acf[t] / nwalkers;
      }
    }
    double cumsum = 0;
    double expected = Double.NaN;
    for (int t = 0; t < steps; t++) {
      cumsum += f[t];
      double tau = 2 * cumsum - 1;
      if (!(t < 5 * tau)) {
        expected = tau;
        break;
      }
    }
    double[] tau = Autocorrelation.integratedTime(chain, steps, nwalkers, 1, 5, 50, false);
    assertEquals(expected, tau[0], 1e-9);
  }

  @Test
  void tooShortChainThrowsWithEstimatesAndQuietReturnsThem() {
    double[] x = ar1(1234, 100, 3);
    AutocorrException e =
        assertThrows(AutocorrException.class, () -> Autocorrelation.integratedTime(x, 100, 1, 3));
    assertEquals("EMCEE-A001", e.getCode());
    assertTrue(e.getMessage().contains("shorter than 50 times"), e.getMessage());
    assertEquals(3, e.getTau().length);
    double[] quiet = Autocorrelation.integratedTime(x, 100, 1, 3, 5, 50, true);
    assertArrayEquals(e.getTau(), quiet);
  }

  @Test
  void independentDrawsHaveTauOne() {
    RandomStream r = new RandomStream(42);
    int steps = 16384;
    double[] x = new double[steps * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
    }
    double[] tau = Autocorrelation.integratedTime(x, steps, 1, 2);
    for (double t : tau) {
      assertEquals(1.0, t, 0.1);
    }
  }

  /** emcee's estimate computed literally: average of padded per-walker ACFs, then the window. */
  private static double literalEstimate(double[][] series) {
    int steps = series[0].length;
    double[] f = new double[steps];
    for (double[] x : series) {
      double[] acf = Autocorrelation.function1d(x);
      for (int t = 0; t < steps; t++) {
        f[t] += acf[t] / series.length;
      }
    }
    double cumsum = 0;
    for (int t = 0; t < steps; t++) {
      cumsum += f[t];
      double tau = 2 * cumsum - 1;
      if (!(t < 5 * tau)) {
        return tau;
      }
    }
    throw new AssertionError("window not found");
  }

  @Test
  void halfSizeTransformGivesEmceesEstimateAndFallsBackWhenTheWindowIsLong() {
    // 40000 steps: the half-size transform (65536) leaves 25536 exact lags; tau ~ 19 is far
    // inside. 3000 steps with a = 0.995 (tau ~ 400): the window passes the 1096 exact lags of the
    // half-size transform, so the estimate must come from the padded one.
    for (int[] shape : new int[][] {{40_000, 4, 900}, {3_000, 3, 995}}) {
      int steps = shape[0];
      int nwalkers = shape[1];
      double a = shape[2] / 1000.0;
      double[][] series = new double[nwalkers][steps];
      double[] chain = new double[steps * nwalkers];
      for (int w = 0; w < nwalkers; w++) {
        RandomStream r = new RandomStream(w + 17);
        for (int t = 1; t < steps; t++) {
          series[w][t] = a * series[w][t - 1] + r.nextDouble();
        }
        for (int t = 0; t < steps; t++) {
          chain[t * nwalkers + w] = series[w][t];
        }
      }
      double[] tau = Autocorrelation.integratedTime(chain, steps, nwalkers, 1, 5, 50, true);
      assertEquals(literalEstimate(series), tau[0], 1e-9 * tau[0], "steps " + steps);
    }
  }

  @Test
  void autoWindowIsTheFirstLagOutsideTheWindowAsNumpysArgmin() {
    // c * taus = 5, 10, 15, 2.5, 2: lags 0..2 inside, lag 3 is the first with M >= c * taus[M].
    assertEquals(3, Autocorrelation.autoWindow(new double[] {1, 2, 3, 0.5, 0.4}, 5));
    // Every lag inside: argmin of an all-true mask is 0.
    assertEquals(0, Autocorrelation.autoWindow(new double[] {1, 2, 3}, 5));
    // No lag inside: the last lag.
    assertEquals(3, Autocorrelation.autoWindow(new double[] {0, 0.1, 0.1, 0.1}, 5));
    // Lag 0 outside, later lags inside: still the first lag outside.
    assertEquals(0, Autocorrelation.autoWindow(new double[] {0, 1, 1}, 5));
    assertEquals(2, Autocorrelation.autoWindow(new double[] {1, 1, 1, 1}, 2));
    assertThrows(
        io.emcee.api.EmceeException.class, () -> Autocorrelation.autoWindow(new double[0], 5));
  }

  @Test
  void theEstimateIsTheRunningTauAtTheAutomaticWindow() {
    // emcee's integrated_time for one walker: taus = 2 cumsum(acf) - 1, read at auto_window.
    double[] x = ar1(77, 20_000, 1);
    double[] acf = Autocorrelation.function1d(x);
    double[] taus = new double[acf.length];
    double cumsum = 0;
    for (int t = 0; t < acf.length; t++) {
      cumsum += acf[t];
      taus[t] = 2 * cumsum - 1;
    }
    for (double c : new double[] {3, 5, 8}) {
      int window = Autocorrelation.autoWindow(taus, c);
      assertTrue(window > 0 && window >= c * taus[window] && window - 1 < c * taus[window - 1]);
      double tau = Autocorrelation.integratedTime(x, x.length, 1, 1, c, 50, true)[0];
      assertEquals(taus[window], tau, 1e-9 * tau, "c = " + c);
    }
  }
}
