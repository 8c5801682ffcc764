package io.emcee.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
