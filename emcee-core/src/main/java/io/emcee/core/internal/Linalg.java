package io.emcee.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * Small dense linear algebra on flat row-major arrays: checks and factorisations of small matrices.
 */
public final class Linalg {
  private Linalg() {}

  /**
   * Bounds on the condition number of an {@code rows x cols} matrix ({@code rows >= cols}) whose
   * columns have unit norm, far cheaper than {@link #conditionNumber} on large matrices: a
   * Householder QR, then the Frobenius norm of {@code R^-1}. With unit columns the largest singular
   * value lies in {@code [1, sqrt(cols)]} and the inverse of the smallest in {@code [|R^-1|_F /
   * sqrt(cols), |R^-1|_F]}, hence the bounds.
   *
   * @param a the matrix, row-major; not modified
   * @param rows number of rows, at least {@code cols}
   * @param cols number of columns
   * @return {@code {lower, upper}}; both infinite when {@code R} has a zero on its diagonal
   */
  public static double[] conditionBounds(double[] a, int rows, int cols) {
    return conditionBoundsOfColumns(columns(a, rows, cols), rows);
  }

  /**
   * {@link #conditionBounds} of the matrix whose columns are {@code col}, each of length {@code
   * rows}; the columns are overwritten.
   */
  static double[] conditionBoundsOfColumns(double[][] col, int rows) {
    int cols = col.length;
    double[][] r = new double[cols][cols]; // row-major upper triangle
    for (int k = 0; k < cols; k++) {
      double[] v = col[k];
      double norm = 0;
      for (int i = k; i < rows; i++) {
        norm += v[i] * v[i];
      }
      norm = Math.sqrt(norm);
      if (norm == 0) {
        return new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
      }
      double alpha = v[k] > 0 ? -norm : norm;
      v[k] -= alpha;
      double vv = 2 * norm * (norm + Math.abs(v[k] + alpha)); // |v|^2
      r[k][k] = alpha;
      for (int j = k + 1; j < cols; j++) {
        double[] c = col[j];
        double dot = 0;
        for (int i = k; i < rows; i++) {
          dot += v[i] * c[i];
        }
        double f = 2 * dot / vv;
        for (int i = k; i < rows; i++) {
          c[i] -= f * v[i];
        }
        r[k][j] = c[k];
      }
    }
    double frobenius = 0;
    double[] x = new double[cols];
    for (int j = 0; j < cols; j++) { // column j of R^-1, by back substitution
      for (int i = j; i >= 0; i--) {
        double[] ri = r[i];
        double sum = i == j ? 1 : 0;
        for (int l = i + 1; l <= j; l++) {
          sum -= ri[l] * x[l];
        }
        double xi = sum / ri[i];
        x[i] = xi;
        frobenius += xi * xi;
      }
    }
    double inverse = Math.sqrt(frobenius);
    if (!Double.isFinite(inverse)) {
      return new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    }
    double root = Math.sqrt(cols);
    return new double[] {inverse / root, inverse * root};
  }

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
    return conditionNumberOfColumns(columns(a, rows, cols), rows);
  }

  /** The columns of a row-major {@code rows x cols} matrix, each as its own array. */
  private static double[][] columns(double[] a, int rows, int cols) {
    double[][] col = new double[cols][rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        col[j][i] = a[i * cols + j];
      }
    }
    return col;
  }

  /**
   * {@link #conditionNumber} of the matrix whose columns are {@code col}, each of length {@code
   * rows >= col.length}; the columns are overwritten.
   */
  static double conditionNumberOfColumns(double[][] col, int rows) {
    int cols = col.length;
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
