package io.emcee.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinalgTest {

  @Test
  void conditionNumberOfADiagonalMatrixIsTheRatioOfItsEntries() {
    double[] a = {3, 0, 0, 0, 0.5, 0, 0, 0, 1, 0, 0, 0};
    assertEquals(6.0, Linalg.conditionNumber(a, 4, 3), 1e-12);
  }

  @Test
  void conditionNumberSurvivesRotation() {
    // R diag(1e6, 1) with R a rotation by 30 degrees: condition number 1e6.
    double c = Math.cos(Math.PI / 6);
    double s = Math.sin(Math.PI / 6);
    double[] a = {c * 1e6, -s, s * 1e6, c};
    assertEquals(1e6, Linalg.conditionNumber(a, 2, 2), 1e-3);
  }

  @Test
  void rankDeficientMatrixIsInfinitelyIllConditioned() {
    double[] a = {1, 2, 2, 4, 3, 6};
    assertTrue(Linalg.conditionNumber(a, 3, 2) > 1e15);
    assertEquals(Double.POSITIVE_INFINITY, Linalg.conditionNumber(new double[] {1, 2}, 1, 2));
  }

  /** A {@code rows x cols} matrix with unit columns, mixing in {@code spread} of a random one. */
  private static double[] unitColumns(int rows, int cols, long seed, double spread) {
    Random r = new Random(seed);
    double[] base = new double[rows];
    for (int i = 0; i < rows; i++) {
      base[i] = r.nextGaussian();
    }
    double[] a = new double[rows * cols];
    for (int j = 0; j < cols; j++) {
      double norm = 0;
      for (int i = 0; i < rows; i++) {
        double v = base[i] + spread * r.nextGaussian();
        a[i * cols + j] = v;
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < rows; i++) {
        a[i * cols + j] /= norm;
      }
    }
    return a;
  }

  @Test
  void conditionBoundsBracketTheConditionNumber() {
    for (double spread : new double[] {10, 1, 1e-3, 1e-7, 1e-10}) {
      double[] a = unitColumns(80, 40, 9, spread);
      double exact = Linalg.conditionNumber(a, 80, 40);
      double[] bounds = Linalg.conditionBounds(a, 80, 40);
      assertTrue(
          bounds[0] <= exact * (1 + 1e-6) && exact <= bounds[1] * (1 + 1e-6),
          "spread " + spread + ": " + exact + " outside " + bounds[0] + ".." + bounds[1]);
    }
    double[] zeroColumn = new double[6];
    assertEquals(Double.POSITIVE_INFINITY, Linalg.conditionBounds(zeroColumn, 3, 2)[0]);
  }

  @Test
  void theInitialStateCheckGivesTheSameVerdictsWithBoundsInManyDimensions() {
    int ndim = InitialState.BOUNDS_FROM_DIMENSION + 8;
    int nwalkers = 2 * ndim;
    InitialState.checkIndependent(unitColumns(nwalkers, ndim, 1, 1), nwalkers, ndim);
    EmceeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            EmceeException.class,
            () ->
                InitialState.checkIndependent(
                    unitColumns(nwalkers, ndim, 1, 1e-12), nwalkers, ndim));
    assertEquals("EMCEE-I006", e.getCode());
    assertTrue(Linalg.conditionNumber(unitColumns(nwalkers, ndim, 1, 1e-12), nwalkers, ndim) > 1e8);
  }
}
