package io.emcee.core.internal;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A proof, in floating point, that the condition number of a tall matrix lies below or above a
 * limit, at the cost of its Gram matrix and one Cholesky factorisation: far cheaper than the
 * singular values, and decisive unless the matrix lies close to the limit.
 *
 * <p><b>Below.</b> With {@code G = CᵀC} formed in floating point as {@code G~} and a shift {@code
 * δ}, a Cholesky factorisation of {@code G~ - δI} that runs to completion proves {@code λmin(G) >=
 * δ - e}, where {@code e} bounds every rounding error on the way: forming {@code G~} ({@code |G~ -
 * G| <= γ_K |C|ᵀ|C|}, whose 2-norm is at most {@code γ_K |C|_F²}, with {@code K} the longest chain
 * of roundings in one entry), subtracting the shift ({@code u max G~_jj}), and the factorisation
 * itself (Demmel: the computed factor is exact for {@code G~ - δI + F} with {@code |F| <= γ_(n+1)
 * |L~||L~|ᵀ}, so {@code |F|_2 <= γ_(n+1) / (1 - γ_(n+1)) trace}). As {@code σmax(C)² <= |C|_F²},
 * the condition number is at most {@code sqrt(|C|_F² / (δ - e))}; {@code δ} is chosen so that this
 * is below the limit.
 *
 * <p><b>Above.</b> When the factorisation stops at pivot {@code p}, the factor so far gives a
 * vector {@code x} (refined by a few steps of iterative refinement against the unshifted {@code
 * G~}) on which {@code |Cx|} is small: {@code σmin(C) <= |Cx| / |x|}, and {@code σmax(C) >= |Cz| /
 * |z|} for {@code z} from power iteration on {@code G~} (or the largest column norm), each with its
 * rounding error bounded as above. When their ratio exceeds the limit, the matrix is proven above
 * it.
 *
 * <p><b>Fewer rows first.</b> Rows only add to {@code CᵀC}, so {@code λmin} of the Gram matrix of
 * some rows bounds that of all rows: when there are clearly more rows than columns, the first test
 * runs on the first {@code cols + max(cols / 4, 32)} rows, and on all of them only if that does not
 * prove the matrix below the limit.
 *
 * <p>Otherwise the matrix lies near the limit, within the factor that rounding costs this method
 * (about {@code sqrt(n / (n u))}), and the caller computes the condition number itself.
 */
public final class ConditionCertificate {
  /** The unit roundoff of double precision. */
  private static final double U = 0x1p-53;

  /** Rows summed into one register before the sum joins the entry of {@code G~}. */
  private static final int ROW_BLOCK = 256;

  /** Columns per block of {@code G~} (a task of the parallel loop computes one block). */
  private static final int COLUMN_BLOCK = 64;

  /** Work ({@code rows * cols²}) from which the Gram matrix is formed on several threads. */
  private static final long PARALLEL_WORK = 1L << 25;

  /** Relative slack for the few roundings of the bounds themselves (each at most a few u). */
  private static final double SAFETY = 1e-12;

  /** Absolute slack for the rounding of results far below the normal range (underflow). */
  private static final double UNDERFLOW = 1e-250;

  /** What the certificate proves. */
  public enum Verdict {
    /** The condition number is at most the limit. */
    BELOW,
    /** The condition number exceeds the limit. */
    ABOVE,
    /** Too close to the limit to decide by this method. */
    UNDECIDED
  }

  /**
   * The verdict and the bound that proves it.
   *
   * @param verdict what was proven
   * @param bound an upper bound on the condition number when {@code BELOW}, a lower bound when
   *     {@code ABOVE}, NaN when {@code UNDECIDED}
   */
  public record Result(Verdict verdict, double bound) {}

  private ConditionCertificate() {}

  /**
   * Decides whether the condition number of {@code C} (largest over smallest singular value) is at
   * most {@code limit}.
   *
   * @param columns {@code C} column by column: column {@code j} is {@code columns[j * rows .. (j +
   *     1) * rows)}; {@code cols} columns, none of them zero; not modified
   * @param rows number of rows, more than {@code cols}
   * @param cols number of columns
   * @param limit the limit on the condition number, at least 1
   * @return the verdict and its bound
   */
  public static Result decide(double[] columns, int rows, int cols, double limit) {
    // |C|_F² bounds σmax(C)², from every row: the sum of squares of each column, its rounding
    // bounded, then summed and bounded again.
    double[] squares = new double[cols];
    for (int j = 0; j < cols; j++) {
      double t = 0;
      int o = j * rows;
      for (int w = 0; w < rows; w++) {
        t += columns[o + w] * columns[o + w];
      }
      squares[j] = t;
    }
    double frobenius = sumUp(squares) * (1 + gamma(rows + 1)) * (1 + SAFETY);
    int subset = rowsTriedFirst(rows, cols);
    if (subset < rows) {
      // Rows only add to CᵀC, so the smallest singular value of a few of them bounds that of all:
      // a well-spread start is proven independent from its first rows, at a fraction of the cost.
      Result fromSubset = attempt(columns, rows, subset, cols, limit, frobenius, false);
      if (fromSubset.verdict() == Verdict.BELOW) {
        return fromSubset;
      }
    }
    return attempt(columns, rows, rows, cols, limit, frobenius, true);
  }

  /** How many rows the first test uses: all of them unless there are clearly more than columns. */
  static int rowsTriedFirst(int rows, int cols) {
    return (int) Math.min(rows, (long) cols + Math.max(cols / 4, 32));
  }

  /**
   * The certificate from the first {@code count} rows of {@code C} (column {@code j} starts at
   * {@code j * stride}); {@code frobenius} bounds {@code |C|_F²} of the whole matrix. Proves {@code
   * ABOVE} only when asked (which needs every row).
   */
  private static Result attempt(
      double[] columns,
      int stride,
      int count,
      int cols,
      double limit,
      double frobenius,
      boolean proveAbove) {
    int ld = cols;
    double[] g = new double[ld * ld];
    gram(columns, stride, count, cols, g, ld);
    // Keep G~'s diagonal: the factorisation overwrites it. The upper triangle is not touched.
    double[] diagonal = new double[cols];
    double maxDiagonal = 0;
    for (int j = 0; j < cols; j++) {
      diagonal[j] = g[j * ld + j];
      maxDiagonal = Math.max(maxDiagonal, diagonal[j]);
    }
    double gammaGram = gamma(gramChain(count));
    double gammaChol = gamma(cols + 1);
    // e, before the shift's own share: forming G~ (|C|_F² of these rows is at most that of all
    // of them) and subtracting the shift.
    double formed = (gammaGram * frobenius + U * maxDiagonal) * (1 + SAFETY);
    // The factorisation's share is at most γ_(n+1) / (1 - γ_(n+1)) times the trace of G~ - δI,
    // itself at most that of G~.
    double factored = gammaChol / (1 - gammaChol) * sumUp(diagonal) * (1 + SAFETY);
    double error = (formed + factored + UNDERFLOW) * (1 + SAFETY);
    // Smallest useful shift: δ - e >= |C|_F² / limit², with room to spare.
    double needed = frobenius / (limit * limit);
    double shift = 2 * error + 2 * needed;
    if (!(shift < 0.5 * maxDiagonal)) {
      // Rounding alone would dwarf what the test has to see.
      return new Result(Verdict.UNDECIDED, Double.NaN);
    }
    for (int j = 0; j < cols; j++) {
      g[j * ld + j] = diagonal[j] - shift;
    }
    int failed = choleskyLower(g, cols, ld);
    if (failed < 0) {
      double floor = (shift - error) * (1 - SAFETY); // >= 2 needed > 0
      double bound = Math.sqrt(frobenius / floor) * (1 + SAFETY);
      return bound <= limit
          ? new Result(Verdict.BELOW, bound)
          : new Result(Verdict.UNDECIDED, Double.NaN);
    }
    if (!proveAbove) {
      return new Result(Verdict.UNDECIDED, Double.NaN);
    }
    double lower = lowerBoundFromPivot(columns, count, cols, g, ld, diagonal, failed, frobenius);
    return lower > limit
        ? new Result(Verdict.ABOVE, lower)
        : new Result(Verdict.UNDECIDED, Double.NaN);
  }

  /**
   * The lower triangle and the mirrored upper triangle of {@code G~ = CᵀC} for the first {@code
   * rows} rows of {@code C} (column {@code j} starts at {@code j * stride}), stored in {@code g}
   * with leading dimension {@code ld}. Each entry sums {@code ROW_BLOCK} products in a register,
   * then adds that partial sum to the entry: at most {@code ROW_BLOCK + ceil(rows / ROW_BLOCK)}
   * roundings reach any one product.
   */
  static void gram(double[] columns, int stride, int rows, int cols, double[] g, int ld) {
    int blocks = (cols + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
    int tasks = blocks * (blocks + 1) / 2;
    IntStream range = IntStream.range(0, tasks);
    if ((long) rows * cols * cols >= PARALLEL_WORK) {
      range = range.parallel();
    }
    range.forEach(
        t -> {
          // Task t is block (bi, bj) with bj <= bi, in the order (0,0), (1,0), (1,1), (2,0), ...
          int bi = (int) ((Math.sqrt(8.0 * t + 1) - 1) / 2);
          while (bi * (bi + 1) / 2 > t) {
            bi--;
          }
          while ((bi + 1) * (bi + 2) / 2 <= t) {
            bi++;
          }
          int bj = t - bi * (bi + 1) / 2;
          gramBlock(columns, stride, rows, cols, g, ld, bi * COLUMN_BLOCK, bj * COLUMN_BLOCK);
        });
    for (int i = 0; i < cols; i++) {
      for (int j = 0; j < i; j++) {
        g[j * ld + i] = g[i * ld + j];
      }
    }
  }

  /** Entries {@code (i, j)} with {@code j <= i} of one block of {@code G~}, by 4 x 4 tiles. */
  private static void gramBlock(
      double[] a, int stride, int rows, int cols, double[] g, int ld, int i0, int j0) {
    int iEnd = Math.min(cols, i0 + COLUMN_BLOCK);
    int jEnd = Math.min(cols, j0 + COLUMN_BLOCK);
    double[] s16 = new double[16];
    for (int k0 = 0; k0 < rows; k0 += ROW_BLOCK) {
      int kEnd = Math.min(rows, k0 + ROW_BLOCK);
      for (int i = i0; i < iEnd; i += 4) {
        for (int j = j0; j < jEnd && j <= i; j += 4) {
          if (i + 4 <= iEnd && j + 4 <= jEnd) {
            tile(a, stride, g, ld, i, j, k0, kEnd, s16);
          } else {
            for (int ii = i; ii < Math.min(i + 4, iEnd); ii++) {
              for (int jj = j; jj < Math.min(j + 4, jEnd) && jj <= ii; jj++) {
                double s = 0;
                int pi = ii * stride;
                int pj = jj * stride;
                for (int k = k0; k < kEnd; k++) {
                  s += a[pi + k] * a[pj + k];
                }
                g[ii * ld + jj] += s;
              }
            }
          }
        }
      }
    }
  }

  /**
   * A 4 x 4 tile of {@code G~} over rows {@code k0..kEnd}, added to {@code g}. Entries of the tile
   * above the diagonal are computed too and overwritten when the triangle is mirrored.
   */
  private static void tile(
      double[] a, int stride, double[] g, int ld, int i, int j, int k0, int kEnd, double[] s) {
    dots4x4(a, stride, i, j, k0, kEnd, s);
    for (int r = 0; r < 4; r++) {
      int row = (i + r) * ld + j;
      g[row] += s[4 * r];
      g[row + 1] += s[4 * r + 1];
      g[row + 2] += s[4 * r + 2];
      g[row + 3] += s[4 * r + 3];
    }
  }

  /**
   * The Cholesky factor of the symmetric matrix in the lower triangle of {@code a} (leading
   * dimension {@code ld}), in place, row by row, four rows at a time: the upper triangle is neither
   * read nor written.
   *
   * @return -1 when it ran to completion, else the pivot whose value was not positive
   */
  static int choleskyLower(double[] a, int n, int ld) {
    double[] s = new double[16];
    for (int i0 = 0; i0 < n; i0 += 4) {
      int iEnd = Math.min(n, i0 + 4);
      for (int j0 = 0; j0 < i0; j0 += 4) {
        // Rows i0.. against rows j0..j0+3 (all finished): the sums over k < j0 four at a time.
        if (iEnd - i0 == 4) {
          dots4x4(a, ld, i0, j0, 0, j0, s);
        } else {
          for (int ii = i0; ii < iEnd; ii++) {
            for (int b = 0; b < 4; b++) {
              double t = 0;
              for (int k = 0; k < j0; k++) {
                t += a[ii * ld + k] * a[(j0 + b) * ld + k];
              }
              s[(ii - i0) * 4 + b] = t;
            }
          }
        }
        for (int ii = i0; ii < iEnd; ii++) {
          for (int b = 0; b < 4; b++) {
            int j = j0 + b;
            double v = a[ii * ld + j] - s[(ii - i0) * 4 + b];
            for (int k = j0; k < j; k++) {
              v -= a[ii * ld + k] * a[j * ld + k];
            }
            a[ii * ld + j] = v / a[j * ld + j];
          }
        }
      }
      for (int ii = i0; ii < iEnd; ii++) {
        for (int j = i0; j <= ii; j++) {
          double v = a[ii * ld + j];
          for (int k = 0; k < j; k++) {
            v -= a[ii * ld + k] * a[j * ld + k];
          }
          if (j == ii) {
            if (!(v > 1e-300) || !Double.isFinite(v)) {
              a[ii * ld + ii] = v;
              return ii;
            }
            a[ii * ld + ii] = Math.sqrt(v);
          } else {
            a[ii * ld + j] = v / a[j * ld + j];
          }
        }
      }
    }
    return -1;
  }

  /**
   * {@code s[4a + b] = sum over k0 <= k < kEnd of x[(i + a) * stride + k] x[(j + b) * stride + k]}:
   * sixteen dot products summed in registers, in order of {@code k}. The one kernel of the Gram
   * matrix's tiles (columns of {@code C}) and of the Cholesky factor's row blocks (rows of {@code
   * L}, {@code k < j0}).
   */
  private static void dots4x4(double[] x, int stride, int i, int j, int k0, int kEnd, double[] s) {
    int i1 = i * stride;
    int i2 = i1 + stride;
    int i3 = i2 + stride;
    int i4 = i3 + stride;
    int j1 = j * stride;
    int j2 = j1 + stride;
    int j3 = j2 + stride;
    int j4 = j3 + stride;
    double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
    double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
    double s20 = 0, s21 = 0, s22 = 0, s23 = 0;
    double s30 = 0, s31 = 0, s32 = 0, s33 = 0;
    for (int k = k0; k < kEnd; k++) {
      double a0 = x[i1 + k];
      double a1 = x[i2 + k];
      double a2 = x[i3 + k];
      double a3 = x[i4 + k];
      double b0 = x[j1 + k];
      double b1 = x[j2 + k];
      double b2 = x[j3 + k];
      double b3 = x[j4 + k];
      s00 += a0 * b0;
      s01 += a0 * b1;
      s02 += a0 * b2;
      s03 += a0 * b3;
      s10 += a1 * b0;
      s11 += a1 * b1;
      s12 += a1 * b2;
      s13 += a1 * b3;
      s20 += a2 * b0;
      s21 += a2 * b1;
      s22 += a2 * b2;
      s23 += a2 * b3;
      s30 += a3 * b0;
      s31 += a3 * b1;
      s32 += a3 * b2;
      s33 += a3 * b3;
    }
    s[0] = s00;
    s[1] = s01;
    s[2] = s02;
    s[3] = s03;
    s[4] = s10;
    s[5] = s11;
    s[6] = s12;
    s[7] = s13;
    s[8] = s20;
    s[9] = s21;
    s[10] = s22;
    s[11] = s23;
    s[12] = s30;
    s[13] = s31;
    s[14] = s32;
    s[15] = s33;
  }

  /**
   * A proven lower bound on the condition number from a factorisation that stopped at pivot {@code
   * p}: {@code x = [-(G11~)⁻¹ g_p; 1; 0...]} minimises {@code |Cx|} over the first {@code p + 1}
   * columns with the last coefficient fixed; the shifted factor {@code L11} solves for it and
   * iterative refinement against the unshifted {@code G11~} (kept in the upper triangle) removes
   * the shift's bias. Every quantity is then bounded with its rounding error.
   */
  private static double lowerBoundFromPivot(
      double[] columns,
      int rows,
      int cols,
      double[] g,
      int ld,
      double[] diagonal,
      int p,
      double frobenius) {
    if (p == 0) {
      return 0; // a single column: no dependence to show
    }
    // The right-hand side g_p (column p of G~ above the diagonal, i.e. G~[k][p] for k < p).
    double[] rhs = new double[p];
    for (int k = 0; k < p; k++) {
      rhs[k] = g[k * ld + p];
    }
    double[] x = new double[p];
    solveShifted(g, ld, p, rhs, x);
    double[] r = new double[p];
    double[] d = new double[p];
    for (int iteration = 0; iteration < 4; iteration++) {
      // r = g_p - G11~ x, with G11~ read from the upper triangle and the kept diagonal.
      for (int i = 0; i < p; i++) {
        double s = rhs[i] - diagonal[i] * x[i];
        for (int k = 0; k < i; k++) {
          s -= g[k * ld + i] * x[k];
        }
        for (int k = i + 1; k < p; k++) {
          s -= g[i * ld + k] * x[k];
        }
        r[i] = s;
      }
      solveShifted(g, ld, p, r, d);
      for (int i = 0; i < p; i++) {
        x[i] += d[i];
      }
    }
    // v = [-x; 1]: |C v| bounds the smallest singular value from above.
    double[] y = new double[rows];
    System.arraycopy(columns, p * rows, y, 0, rows);
    double xNorm = 1;
    for (int k = 0; k < p; k++) {
      double c = -x[k];
      if (c != 0) {
        int o = k * rows;
        for (int w = 0; w < rows; w++) {
          y[w] += c * columns[o + w];
        }
      }
      xNorm += x[k] * x[k];
    }
    double yNorm = 0;
    for (double v : y) {
      yNorm += v * v;
    }
    // Exact |v|² >= computed / (1 + γ), exact |Cv| <= |computed Cv| + γ_(p+1) |C|_F |v| (the
    // rounding of forming Cv), and the largest singular value is at least the largest column norm,
    // |c_j|² >= G~_jj / (1 + γ_K). SAFETY covers the few roundings of these bounds themselves.
    double vLower = Math.sqrt(xNorm / (1 + gamma(p + 2)));
    double vUpper = Math.sqrt(xNorm * (1 + gamma(p + 2)));
    double cvUpper =
        Math.sqrt(yNorm * (1 + gamma(rows + 1)))
            + gamma(p + 2) * Math.sqrt(frobenius) * vUpper
            + UNDERFLOW;
    double maxDiagonal = 0;
    for (double v : diagonal) {
      maxDiagonal = Math.max(maxDiagonal, v);
    }
    double sigmaMaxLower =
        Math.max(
            Math.sqrt(maxDiagonal / (1 + gamma(gramChain(rows)))),
            largestSingularValueLower(columns, rows, cols, g, ld, diagonal, frobenius));
    return sigmaMaxLower / (cvUpper / vLower) * (1 - SAFETY);
  }

  /**
   * A proven lower bound on the largest singular value: {@code |Cz| / |z|} for {@code z} from a few
   * steps of power iteration on {@code G~} (its upper triangle and the kept diagonal), with the
   * rounding of forming {@code Cz} bounded as for {@code Cv}.
   */
  private static double largestSingularValueLower(
      double[] columns,
      int rows,
      int cols,
      double[] g,
      int ld,
      double[] diagonal,
      double frobenius) {
    double[] z = new double[cols];
    double[] next = new double[cols];
    Arrays.fill(z, 1);
    for (int iteration = 0; iteration < 8; iteration++) {
      double max = 0;
      for (int i = 0; i < cols; i++) {
        double s = diagonal[i] * z[i];
        for (int k = 0; k < i; k++) {
          s += g[k * ld + i] * z[k];
        }
        for (int k = i + 1; k < cols; k++) {
          s += g[i * ld + k] * z[k];
        }
        next[i] = s;
        max = Math.max(max, Math.abs(s));
      }
      if (!(max > 0) || !Double.isFinite(max)) {
        return 0;
      }
      for (int i = 0; i < cols; i++) {
        z[i] = next[i] / max;
      }
    }
    double[] y = new double[rows];
    double zNorm = 0;
    for (int j = 0; j < cols; j++) {
      double zj = z[j];
      zNorm += zj * zj;
      int o = j * rows;
      for (int w = 0; w < rows; w++) {
        y[w] += zj * columns[o + w];
      }
    }
    double yNorm = 0;
    for (double v : y) {
      yNorm += v * v;
    }
    double zUpper = Math.sqrt(zNorm * (1 + gamma(cols + 1)));
    double czLower =
        Math.sqrt(yNorm / (1 + gamma(rows + 1)))
            - gamma(cols + 1) * Math.sqrt(frobenius) * zUpper
            - UNDERFLOW;
    return Math.max(0, czLower / zUpper * (1 - SAFETY));
  }

  /** Solves {@code L11 L11ᵀ z = b} with the finished rows {@code 0..p-1} of the factor. */
  private static void solveShifted(double[] l, int ld, int p, double[] b, double[] z) {
    for (int i = 0; i < p; i++) {
      double s = b[i];
      int o = i * ld;
      for (int k = 0; k < i; k++) {
        s -= l[o + k] * z[k];
      }
      z[i] = s / l[o + i];
    }
    for (int i = p - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = i + 1; k < p; k++) {
        s -= l[k * ld + i] * z[k];
      }
      z[i] = s / l[i * ld + i];
    }
  }

  /** The most roundings that reach one product in an entry of {@code G~} (see {@link #gram}). */
  private static int gramChain(int rows) {
    return Math.min(rows, ROW_BLOCK) + (rows + ROW_BLOCK - 1) / ROW_BLOCK + 1;
  }

  /** {@code γ_k = k u / (1 - k u)}, with room for its own rounding. */
  private static double gamma(long k) {
    double ku = k * U;
    return ku / (1 - ku) * (1 + SAFETY);
  }

  /** An upper bound on the exact sum of non-negative values, from their floating-point sum. */
  private static double sumUp(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s * (1 + gamma(values.length)) * (1 + SAFETY);
  }
}
