package io.emcee.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The start-state check gives the verdict of the exact computation (the condition number of emcee's
 * scaled walker matrix by its singular values) on start states from every side of the limit, and
 * the certificate's bounds, when it decides, bracket that condition number.
 */
class InitialStateVerdictTest {
  private static final int[] DIMS = {1, 2, 5, 32, 33, 200};

  /** One start state: its name (for failure messages) and coordinates, row-major. */
  private record Start(String name, double[] coords, int nwalkers, int ndim) {}

  /** Orthonormal vectors of length {@code m}, each orthogonal to the vector of ones. */
  private static double[][] orthonormalCentred(int count, int m, Random r) {
    double[][] q = new double[count][m];
    for (int j = 0; j < count; j++) {
      double[] v = q[j];
      for (int w = 0; w < m; w++) {
        v[w] = r.nextGaussian();
      }
      for (int pass = 0; pass < 2; pass++) {
        double mean = 0;
        for (double x : v) {
          mean += x;
        }
        mean /= m;
        for (int w = 0; w < m; w++) {
          v[w] -= mean;
        }
        for (int k = 0; k < j; k++) {
          double dot = 0;
          for (int w = 0; w < m; w++) {
            dot += v[w] * q[k][w];
          }
          for (int w = 0; w < m; w++) {
            v[w] -= dot * q[k][w];
          }
        }
      }
      double norm = 0;
      for (double x : v) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      for (int w = 0; w < m; w++) {
        v[w] /= norm;
      }
    }
    return q;
  }

  /**
   * Walkers whose scaled matrix has condition number {@code kappa} (to rounding): {@code ndim - 1}
   * orthonormal centred columns, and column {@code p} at angle {@code 2 atan(1 / kappa)} from their
   * span, so that the Gram matrix has eigenvalues 1 and {@code 1 ± cos θ}. Each dimension is then
   * scaled by {@code scale[j]} and shifted by {@code offset[j]}, which emcee's scaling undoes.
   */
  private static double[] conditioned(
      int m, int n, double kappa, long seed, double[] scale, double[] offset) {
    Random r = new Random(seed);
    double[][] q = orthonormalCentred(n, m, r);
    double[] a = new double[m];
    double wNorm = 0;
    double[] weights = new double[n - 1];
    for (int k = 0; k < n - 1; k++) {
      weights[k] = r.nextGaussian();
      wNorm += weights[k] * weights[k];
    }
    wNorm = Math.sqrt(wNorm);
    for (int k = 0; k < n - 1; k++) {
      for (int w = 0; w < m; w++) {
        a[w] += weights[k] / wNorm * q[k][w];
      }
    }
    double theta = 2 * Math.atan(1 / kappa);
    int p = n / 2;
    double[][] cols = new double[n][];
    for (int j = 0, k = 0; j < n; j++) {
      if (j == p) {
        double[] c = new double[m];
        for (int w = 0; w < m; w++) {
          c[w] = Math.cos(theta) * a[w] + Math.sin(theta) * q[n - 1][w];
        }
        cols[j] = c;
      } else {
        cols[j] = q[k++];
      }
    }
    double[] coords = new double[m * n];
    for (int w = 0; w < m; w++) {
      for (int j = 0; j < n; j++) {
        coords[w * n + j] = offset[j] + scale[j] * cols[j][w];
      }
    }
    return coords;
  }

  /** {@code x0 + spread N(0, 1)} per coordinate, with {@code x0} in [-1, 1). */
  private static double[] ball(int m, int n, long seed, double spread) {
    Random r = new Random(seed);
    double[] x0 = new double[n];
    for (int j = 0; j < n; j++) {
      x0[j] = 2 * r.nextDouble() - 1;
    }
    double[] coords = new double[m * n];
    for (int w = 0; w < m; w++) {
      for (int j = 0; j < n; j++) {
        coords[w * n + j] = x0[j] + spread * r.nextGaussian();
      }
    }
    return coords;
  }

  private static double[] ones(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  /** Per-dimension scales from 1e-150 to 1e150 and offsets of a few times the scale. */
  private static double[][] wildScales(int n, long seed) {
    Random r = new Random(seed);
    double[] scale = new double[n];
    double[] offset = new double[n];
    for (int j = 0; j < n; j++) {
      scale[j] = Math.pow(10, j % 2 == 0 ? 150 * r.nextDouble() : -150 * r.nextDouble());
      offset[j] = scale[j] * (r.nextDouble() - 0.5);
    }
    return new double[][] {scale, offset};
  }

  private static List<Start> starts() {
    List<Start> s = new ArrayList<>();
    for (int n : DIMS) {
      for (int m : new int[] {n + 1, 2 * n, 2 * n + 7}) {
        s.add(new Start("ball", ball(m, n, 31L * n + m, 1e-4), m, n));
        double[] scaled = ball(m, n, 17L * n + m, 1);
        double[][] wild = wildScales(n, n + m);
        for (int w = 0; w < m; w++) {
          for (int j = 0; j < n; j++) {
            scaled[w * n + j] = wild[1][j] + wild[0][j] * scaled[w * n + j];
          }
        }
        s.add(new Start("ball with scales 1e-150..1e150", scaled, m, n));
        double[] constant = ball(m, n, 5L * n + m, 1e-3);
        for (int w = 0; w < m; w++) {
          constant[w * n + n / 2] = 0.25;
        }
        s.add(new Start("one constant dimension", constant, m, n));
      }
      for (int m : new int[] {Math.max(1, n - 1), n}) {
        s.add(new Start("no more walkers than dimensions", ball(m, n, 3L * n + m, 1), m, n));
      }
      if (n < 2) {
        continue;
      }
      int m = 2 * n;
      for (double kappa : new double[] {1e6, 1e7, 1e8 * (1 - 1e-3), 1e8 * (1 + 1e-3), 1e9}) {
        s.add(
            new Start(
                "condition " + kappa,
                conditioned(m, n, kappa, 7L * n, ones(n, 1), ones(n, 0.5)),
                m,
                n));
        double[][] wild = wildScales(n, 11L * n);
        s.add(
            new Start(
                "condition " + kappa + ", wild scales",
                conditioned(m + 1, n, kappa, 13L * n, wild[0], wild[1]),
                m + 1,
                n));
      }
      for (double tilt : new double[] {1e-5, 1e-7, 1e-8, 1e-9}) {
        // A random ball whose middle dimension is a combination of two others plus a little of
        // its own: condition numbers around 1 / tilt, not known in advance.
        double[] near = ball(m, n, 19L * n, 1);
        Random r = new Random(n);
        for (int w = 0; w < m; w++) {
          near[w * n + n / 2] = 3 * near[w * n] - near[w * n + n - 1] + tilt * r.nextGaussian();
        }
        s.add(new Start("a combination tilted by " + tilt, near, m, n));
      }
      // The first walkers on a hyperplane, the last ndim + 1 spread: the first rows alone prove
      // nothing, all of them prove independence.
      int many = 3 * n + 64;
      double[] flatFirst = ball(many, n, 37L * n, 1e-2);
      for (int w = 0; w < many - (n + 1); w++) {
        flatFirst[w * n + n - 1] = 2 * flatFirst[w * n] - flatFirst[w * n + n / 2];
      }
      s.add(new Start("the first walkers on a hyperplane", flatFirst, many, n));
      double[] dependent = ball(m, n, 23L * n, 1e-3);
      for (int w = 0; w < m; w++) {
        dependent[w * n + n - 1] = 3 * dependent[w * n] - dependent[w * n + n / 2];
      }
      s.add(new Start("exactly dependent", dependent, m, n));
      // Every walker twice: independent as long as there are more distinct walkers than
      // dimensions.
      for (int distinct : new int[] {n, n + 2}) {
        double[] twice = new double[2 * distinct * n];
        double[] base = ball(distinct, n, 29L * n + distinct, 1e-2);
        System.arraycopy(base, 0, twice, 0, base.length);
        System.arraycopy(base, 0, twice, base.length, base.length);
        s.add(new Start(distinct + " walkers, each twice", twice, 2 * distinct, n));
      }
    }
    return s;
  }

  @Test
  void theCheckGivesTheVerdictOfTheSingularValuesOnEveryKindOfStart() {
    int certifiedBelow = 0;
    int certifiedAbove = 0;
    int nearLimit = 0;
    for (Start start : starts()) {
      int m = start.nwalkers();
      int n = start.ndim();
      double[] c = InitialState.scaledColumns(start.coords(), m, n);
      boolean constant = false;
      for (double v : c) {
        constant |= Double.isNaN(v);
      }
      double exact = constant ? Double.NaN : InitialState.exactCondition(c, m, n);
      boolean expected = !constant && exact <= InitialState.MAX_CONDITION;
      String what = start.name() + ", " + m + " walkers x " + n + " dims, condition " + exact;
      assertEquals(expected, InitialState.isIndependent(start.coords(), m, n), what);
      if (expected) {
        InitialState.checkIndependent(start.coords(), m, n);
      } else {
        EmceeException e =
            assertThrows(
                EmceeException.class, () -> InitialState.checkIndependent(start.coords(), m, n));
        assertEquals("EMCEE-I006", e.getCode(), what);
      }
      if (constant || m <= n) {
        continue;
      }
      ConditionCertificate.Result certified =
          ConditionCertificate.decide(c, m, n, InitialState.MAX_CONDITION);
      switch (certified.verdict()) {
        case BELOW -> {
          certifiedBelow++;
          assertTrue(exact <= certified.bound(), what + " above its bound " + certified.bound());
        }
        case ABOVE -> {
          certifiedAbove++;
          // The singular values carry a relative error of about n u times the condition number.
          assertTrue(
              exact >= certified.bound() * (1 - 1e-6),
              what + " below its bound " + certified.bound());
        }
        default -> nearLimit++;
      }
    }
    // The cheap test decides the common starts (every ball, every exact dependence); only starts
    // near the limit need the singular values.
    assertTrue(certifiedBelow >= 3 * DIMS.length * 2, "certified below: " + certifiedBelow);
    assertTrue(certifiedAbove >= DIMS.length - 1, "certified above: " + certifiedAbove);
    assertTrue(nearLimit > 0, "undecided: " + nearLimit);
  }

  @Test
  void startsBuiltNearTheLimitLieWhereTheyWereBuilt() {
    for (int n : new int[] {2, 33, 200}) {
      for (double kappa : new double[] {1e8 * (1 - 1e-3), 1e8 * (1 + 1e-3)}) {
        int m = 2 * n;
        double[] coords = conditioned(m, n, kappa, 7L * n, ones(n, 1), ones(n, 0.5));
        double exact = InitialState.exactCondition(InitialState.scaledColumns(coords, m, n), m, n);
        assertEquals(kappa, exact, kappa * 1e-4, n + " dims");
        assertEquals(kappa <= 1e8, InitialState.isIndependent(coords, m, n), n + " dims");
      }
    }
  }

  @Test
  void ballsAndExactDependencesAreDecidedWithoutTheSingularValues() {
    for (int n : new int[] {5, 200}) {
      int m = 2 * n;
      double[] c = InitialState.scaledColumns(ball(m, n, n, 1e-4), m, n);
      ConditionCertificate.Result below = ConditionCertificate.decide(c, m, n, 1e8);
      assertEquals(ConditionCertificate.Verdict.BELOW, below.verdict());
      assertTrue(below.bound() <= 1e8, "bound " + below.bound());
      double[] coords = ball(m, n, n, 1e-4);
      for (int w = 0; w < m; w++) {
        coords[w * n + 1] = 2 * coords[w * n] + 1;
      }
      ConditionCertificate.Result above =
          ConditionCertificate.decide(InitialState.scaledColumns(coords, m, n), m, n, 1e8);
      assertEquals(ConditionCertificate.Verdict.ABOVE, above.verdict());
    }
  }

  @Test
  void tooFewWalkersAreDependentAndSaySo() {
    double[] coords = ball(4, 6, 1, 1);
    assertFalse(InitialState.isIndependent(coords, 4, 6));
    EmceeException e =
        assertThrows(EmceeException.class, () -> InitialState.checkIndependent(coords, 4, 6));
    assertEquals("EMCEE-I006", e.getCode());
    assertTrue(
        e.getMessage().contains("4 walkers, centred, span at most 3 of the 6"), e.getMessage());
  }

  @Test
  void aFactorisationThatFailsNamesItsPivot() {
    // [[1, 1], [1, 1]] stops at its second pivot; a positive definite matrix runs through.
    assertEquals(1, ConditionCertificate.choleskyLower(new double[] {1, 1, 1, 1}, 2, 2));
    double[] spd = {4, 0, 0, 0, 2, 5, 0, 0, 1, 1, 6, 0, 0, 1, 1, 7};
    assertEquals(-1, ConditionCertificate.choleskyLower(spd, 4, 4));
    assertEquals(2, spd[0], 1e-15);
    assertEquals(1, spd[4], 1e-15);
    assertEquals(2, spd[5], 1e-15);
  }
}
