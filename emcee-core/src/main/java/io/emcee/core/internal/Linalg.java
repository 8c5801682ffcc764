package io.emcee.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * Small dense linear algebra on flat row-major arrays: checks and factorisations of small matrices.
 */
public final class Linalg {
  private Linalg() {}

  /**
   * The condition number of an {@code rows x cols} matrix (largest over smallest singular value),
   * by one-sided Jacobi SVD, which stays accurate for ill-conditioned matrices (unlike the
   * eigenvalues of {@code A^T A}, whose condition number is squared).
   *
   * @return the condition number, or infinity when a singular value is zero or rows < cols
   */
  public static double conditionNumber(double[] a, int rows, int cols) {
    if (rows < cols) {
      return Double.POSITIVE_INFINITY;
    }
    // Column-major copy: the algorithm works on columns.
    double[][] col = new double[cols][rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        col[j][i] = a[i * cols + j];
      }
    }
    double eps = 1e-15;
    for (int sweep = 0; sweep < 100; sweep++) {
      boolean rotated = false;
      for (int p = 0; p < cols - 1; p++) {
        for (int q = p + 1; q < cols; q++) {
          double alpha = 0;
          double beta = 0;
          double gamma = 0;
          double[] cp = col[p];
          double[] cq = col[q];
          for (int i = 0; i < rows; i++) {
            alpha += cp[i] * cp[i];
            beta += cq[i] * cq[i];
            gamma += cp[i] * cq[i];
          }
          if (gamma == 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) {
            continue;
          }
          rotated = true;
          double zeta = (beta - alpha) / (2 * gamma);
          double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
          if (zeta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(1 + t * t);
          double s = c * t;
          for (int i = 0; i < rows; i++) {
            double x = cp[i];
            double y = cq[i];
            cp[i] = c * x - s * y;
            cq[i] = s * x + c * y;
          }
        }
      }
      if (!rotated) {
        break;
      }
    }
    double max = 0;
    double min = Double.POSITIVE_INFINITY;
    for (double[] c : col) {
      double norm = 0;
      for (double v : c) {
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      max = Math.max(max, norm);
      min = Math.min(min, norm);
    }
    return min == 0 ? Double.POSITIVE_INFINITY : max / min;
  }

  /**
   * The lower-triangular Cholesky factor {@code L} of a symmetric {@code n x n} matrix ({@code A =
   * L L^T}), row-major.
   *
   * @return the factor, or null when the matrix is not (numerically) positive definite
   */
  public static double @Nullable [] cholesky(double[] a, int n) {
    double[] l = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i * n + j];
        for (int k = 0; k < j; k++) {
          sum -= l[i * n + k] * l[j * n + k];
        }
        if (i == j) {
          if (!(sum > 1e-300) || !Double.isFinite(sum)) {
            return null;
          }
          l[i * n + i] = Math.sqrt(sum);
        } else {
          l[i * n + j] = sum / l[j * n + j];
        }
      }
    }
    return l;
  }

  /** {@code |L^{-1} v|^2} for a lower-triangular {@code L}, using {@code work} (length n). */
  public static double mahalanobisSquared(double[] l, int n, double[] v, double[] work) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      double x = v[i];
      for (int k = 0; k < i; k++) {
        x -= l[i * n + k] * work[k];
      }
      x /= l[i * n + i];
      work[i] = x;
      s += x * x;
    }
    return s;
  }
}
