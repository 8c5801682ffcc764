package io.emcee.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.core.Stats;
import org.junit.jupiter.api.Test;

class RandomStreamTest {

  @Test
  void sameSeedSameStreamDifferentSeedDifferentStream() {
    RandomStream a = new RandomStream(42);
    RandomStream b = new RandomStream(42);
    RandomStream c = new RandomStream(43);
    boolean differs = false;
    for (int i = 0; i < 1000; i++) {
      long x = a.nextLong();
      assertEquals(x, b.nextLong());
      differs |= x != c.nextLong();
    }
    assertTrue(differs);
  }

  @Test
  void savedStateResumesTheExactStreamIncludingTheSpareGaussian() {
    RandomStream a = new RandomStream(7);
    a.nextGaussian(); // leaves a spare normal draw in the state
    long[] state = a.getState();
    double[] expected = new double[100];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = i % 3 == 0 ? a.nextGaussian() : a.nextDouble();
    }
    RandomStream b = new RandomStream(0);
    b.setState(state);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], i % 3 == 0 ? b.nextGaussian() : b.nextDouble());
    }
  }

  @Test
  void invalidStateIsRefused() {
    EmceeException e =
        assertThrows(EmceeException.class, () -> new RandomStream(1).setState(new long[3]));
    assertEquals("EMCEE-I020", e.getCode());
  }

  @Test
  void nextDoubleIsUniform() {
    RandomStream r = new RandomStream(11);
    double[] u = new double[200_000];
    for (int i = 0; i < u.length; i++) {
      u[i] = r.nextDouble();
      assertTrue(u[i] >= 0 && u[i] < 1);
    }
    // KS distance of n uniform draws exceeds 1.95/sqrt(n) with probability 0.001.
    double d = Stats.ksDistance(u, x -> Math.min(1, Math.max(0, x)));
    assertTrue(d < 1.95 / Math.sqrt(u.length), "KS distance " + d);
  }

  @Test
  void nextIntIsUnbiasedForAnAwkwardBound() {
    RandomStream r = new RandomStream(3);
    int bound = 7;
    int n = 700_000;
    int[] counts = new int[bound];
    for (int i = 0; i < n; i++) {
      counts[r.nextInt(bound)]++;
    }
    double expected = (double) n / bound;
    double chi2 = 0;
    for (int c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    // chi-square with 6 degrees of freedom exceeds 22.46 with probability 0.001.
    assertTrue(chi2 < 22.46, "chi2 " + chi2);
  }

  @Test
  void nextGaussianHasStandardNormalDistribution() {
    RandomStream r = new RandomStream(5);
    double[] x = new double[200_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
    }
    double d = Stats.ksDistance(x, Stats::normalCdf);
    assertTrue(d < 1.95 / Math.sqrt(x.length), "KS distance " + d);
  }

  @Test
  void jumpGivesAnUnrelatedStream() {
    RandomStream a = new RandomStream(9);
    RandomStream b = new RandomStream(9);
    b.jump();
    long[] sa = new long[8];
    long[] sb = new long[8];
    for (int i = 0; i < 8; i++) {
      sa[i] = a.nextLong();
      sb[i] = b.nextLong();
    }
    assertNotEquals(sa[0], sb[0]);
    RandomStream c = new RandomStream(9);
    c.jump();
    long[] sc = new long[8];
    for (int i = 0; i < 8; i++) {
      sc[i] = c.nextLong();
    }
    assertArrayEquals(sb, sc);
  }

  /**
   * The ziggurat's draws follow Exp(1): Kolmogorov-Smirnov distance against 1 - e^-x (critical
   * value 1.95 / sqrt(n), p = 0.001), mean and variance within 5 standard errors, and the tail
   * beyond the ziggurat's base (x > 7.697, probability 4.5e-4) as often as it should be.
   */
  @Test
  void exponentialDrawsFollowTheExponentialLaw() {
    RandomStream r = new RandomStream(11);
    int n = 1_000_000;
    double[] x = new double[n];
    double sum = 0;
    double sumSq = 0;
    int tail = 0;
    for (int i = 0; i < n; i++) {
      x[i] = r.nextExponential();
      assertTrue(x[i] >= 0 && Double.isFinite(x[i]), () -> "draw out of range");
      sum += x[i];
      sumSq += x[i] * x[i];
      tail += x[i] > 7.69711747013104972 ? 1 : 0;
    }
    java.util.Arrays.sort(x);
    double d = 0;
    for (int i = 0; i < n; i++) {
      double cdf = -Math.expm1(-x[i]);
      d = Math.max(d, Math.max(cdf - i / (double) n, (i + 1) / (double) n - cdf));
    }
    assertTrue(d * Math.sqrt(n) < 1.95, "KS distance " + d + " over " + n + " draws");
    double mean = sum / n;
    double variance = sumSq / n - mean * mean;
    assertEquals(1, mean, 5 / Math.sqrt(n)); // sd of an Exp(1) draw is 1
    assertEquals(1, variance, 5 * Math.sqrt(8.0 / n)); // var of (E - 1)^2 is 8
    double pTail = Math.exp(-7.69711747013104972);
    assertEquals(n * pTail, tail, 5 * Math.sqrt(n * pTail));
  }

  @Test
  void exponentialDrawsAreReproducibleAndPartOfTheSavedState() {
    RandomStream a = new RandomStream(3);
    for (int i = 0; i < 1000; i++) {
      a.nextExponential();
    }
    long[] state = a.getState();
    double[] expected = new double[10_000];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = a.nextExponential();
    }
    RandomStream b = new RandomStream(99);
    b.setState(state);
    for (double e : expected) {
      assertEquals(e, b.nextExponential());
    }
  }
}
