package io.emcee.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/** The cases of emcee's own tests of {@code walkers_independent}, on the public utility. */
class WalkerIndependenceTest {

  private static double[][] randn(int nwalkers, int ndim, long seed) {
    RandomStream r = new RandomStream(seed);
    double[][] w = new double[nwalkers][ndim];
    for (double[] row : w) {
      for (int j = 0; j < ndim; j++) {
        row[j] = r.nextGaussian();
      }
    }
    return w;
  }

  @Test
  void identicalWalkersAreDependent() {
    for (int ndim : new int[] {1, 2, 5}) {
      double[][] ones = new double[2 * ndim + 2][ndim];
      for (double[] row : ones) {
        java.util.Arrays.fill(row, 1);
      }
      assertFalse(WalkerIndependence.walkersIndependent(ones));
    }
  }

  @Test
  void noMoreWalkersThanDimensionsAreDependent() {
    assertFalse(WalkerIndependence.walkersIndependent(randn(10, 11, 1)));
    assertFalse(WalkerIndependence.walkersIndependent(randn(2, 3, 2)));
    assertFalse(WalkerIndependence.walkersIndependent(randn(5, 5, 3)));
  }

  @Test
  void gaussianWalkersAreIndependentWhateverTheirOffset() {
    assertTrue(WalkerIndependence.walkersIndependent(randn(10, 2, 4)));
    assertTrue(WalkerIndependence.walkersIndependent(randn(20, 5, 5)));
    long seed = 6;
    for (double offset : new double[] {1e5, 1e10, 1e14}) {
      int ndim = offset < 1e6 ? 2 : offset < 1e12 ? 5 : 10;
      double[][] w = randn(3 * ndim + (ndim == 2 ? 4 : 5), ndim, seed++);
      for (double[] row : w) {
        for (int j = 0; j < ndim; j++) {
          row[j] += offset;
        }
      }
      assertTrue(WalkerIndependence.walkersIndependent(w), "offset " + offset);
    }
  }

  @Test
  void anOffsetThatSwallowsTheSpreadMakesThemDependent() {
    double offset = 10 / Math.ulp(1.0);
    double[][] w = randn(30, 10, 7);
    for (double[] row : w) {
      for (int j = 0; j < row.length; j++) {
        row[j] += offset;
      }
    }
    assertFalse(WalkerIndependence.walkersIndependent(w));
  }

  /**
   * Removes from every walker its component along the unit vector {@code p}, times {@code keep}.
   */
  private static void squash(double[][] w, double[] p, double keep) {
    for (double[] row : w) {
      double dot = 0;
      for (int j = 0; j < row.length; j++) {
        dot += p[j] * row[j];
      }
      for (int j = 0; j < row.length; j++) {
        row[j] -= (1 - keep) * dot * p[j];
      }
    }
  }

  private static double[] unit(int ndim, long seed) {
    double[] p = randn(1, ndim, seed)[0];
    double norm = 0;
    for (double v : p) {
      norm += v * v;
    }
    for (int j = 0; j < ndim; j++) {
      p[j] /= Math.sqrt(norm);
    }
    return p;
  }

  @Test
  void walkersFlattenedOntoAHyperplaneAreDependentWhereverItLies() {
    double[][] w = randn(30, 10, 8);
    assertTrue(WalkerIndependence.walkersIndependent(w));
    double[] p = unit(10, 9);
    squash(w, p, 0);
    assertFalse(WalkerIndependence.walkersIndependent(w));
    for (double[] row : w) {
      for (int j = 0; j < row.length; j++) {
        row[j] += p[j];
      }
    }
    assertFalse(WalkerIndependence.walkersIndependent(w));
  }

  @Test
  void walkersAlmostOnAHyperplaneAreDependent() {
    double[][] w = randn(30, 10, 10);
    assertTrue(WalkerIndependence.walkersIndependent(w));
    squash(w, unit(10, 11), 1e-8);
    assertFalse(WalkerIndependence.walkersIndependent(w));
  }

  @Test
  void scalesThatWouldOverflowWhenSquaredDoNotMatter() {
    double[] scales = {1, 1e10, 1e100, 1e200, 1e-10, 1e-100, 1e-200};
    double[][] w = randn(5 * scales.length, scales.length, 12);
    for (double[] row : w) {
      for (int j = 0; j < scales.length; j++) {
        row[j] *= scales[j];
      }
    }
    assertTrue(WalkerIndependence.walkersIndependent(w));
  }

  @Test
  void nonFiniteCoordinatesAreNotIndependentAndShapesAreChecked() {
    double[][] w = randn(10, 2, 13);
    w[3][1] = Double.NaN;
    assertFalse(WalkerIndependence.walkersIndependent(w));
    w[3][1] = Double.POSITIVE_INFINITY;
    assertFalse(WalkerIndependence.walkersIndependent(w));
    double[] flat = new double[20];
    assertEquals(
        "EMCEE-I002",
        assertThrows(EmceeException.class, () -> WalkerIndependence.walkersIndependent(flat, 10, 3))
            .getCode());
    assertEquals(
        "EMCEE-I002",
        assertThrows(
                EmceeException.class,
                () -> WalkerIndependence.walkersIndependent(new double[][] {{1, 2}, {3}}))
            .getCode());
    assertEquals(
        "EMCEE-I001",
        assertThrows(
                EmceeException.class, () -> WalkerIndependence.walkersIndependent(new double[0][]))
            .getCode());
  }

  @Test
  void theFlatFormGivesTheSameVerdict() {
    double[][] w = randn(12, 4, 14);
    double[] flat = new double[48];
    for (int i = 0; i < 12; i++) {
      System.arraycopy(w[i], 0, flat, 4 * i, 4);
    }
    assertTrue(WalkerIndependence.walkersIndependent(flat, 12, 4));
    for (int i = 0; i < 12; i++) {
      flat[4 * i + 3] = 2 * flat[4 * i] - flat[4 * i + 1];
    }
    assertFalse(WalkerIndependence.walkersIndependent(flat, 12, 4));
  }
}
