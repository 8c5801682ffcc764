package io.emcee.core.internal;

import io.emcee.api.EmceeException;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** emcee's check that the starting walkers span the space ({@code walkers_independent}). */
public final class InitialState {
  /** emcee's bound on the condition number of the scaled, centred walker matrix. */
  public static final double MAX_CONDITION = 1e8;

  private static final System.Logger LOG = System.getLogger(InitialState.class.getName());

  /**
   * From this many dimensions on, a start that the certificate leaves undecided gets bounds on its
   * condition number from a QR factorisation before the singular values are computed.
   */
  static final int BOUNDS_FROM_DIMENSION = 32;

  /** How far clear of the limit the QR bounds must lie to decide, against their own rounding. */
  private static final double BOUNDS_MARGIN = 1e-2;

  /**
   * Work (multiply-adds: {@code rows ndim² / 2} for the Gram matrix of the rows tried first, {@code
   * ndim³ / 3} for its factorisation) from which the check may take a few seconds, and says so
   * first: about 1 s of processor time at the 3.7e9 multiply-adds per second measured for this
   * code, a few seconds of wall-clock time on a slower or busy machine.
   */
  private static final double LOGGED_WORK = 4e9;

  private InitialState() {}

  /**
   * Throws unless the walkers are linearly independent: every dimension varies across walkers and
   * the centred coordinates, each column scaled to unit norm, have a condition number of at most
   * 1e8.
   *
   * @param coords {@code nwalkers * ndim}, row-major
   * @param nwalkers number of walkers
   * @param ndim number of dimensions
   */
  public static void checkIndependent(double[] coords, int nwalkers, int ndim) {
    EmceeException failure = assess(coords, nwalkers, ndim);
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * emcee's {@code walkers_independent}: false when a coordinate is not finite, a dimension is
   * constant, or the condition number of the scaled, centred walkers exceeds 1e8.
   *
   * @param coords {@code nwalkers * ndim}, row-major
   * @param nwalkers number of walkers
   * @param ndim number of dimensions
   * @return whether the walkers are linearly independent
   */
  public static boolean isIndependent(double[] coords, int nwalkers, int ndim) {
    for (double v : coords) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return assess(coords, nwalkers, ndim) == null;
  }

  /** The error that {@link #checkIndependent} throws, or null when the walkers pass. */
  private static @Nullable EmceeException assess(double[] coords, int nwalkers, int ndim) {
    double[] c = scaledColumns(coords, nwalkers, ndim);
    for (int j = 0; j < ndim; j++) {
      if (Double.isNaN(c[j * nwalkers])) {
        return new EmceeException(
            "EMCEE-I006",
            "every walker starts at the same value "
                + coords[j]
                + " in dimension "
                + j
                + ", so the ensemble can never move in that dimension; start the walkers in a small"
                + " ball instead, e.g. x0 + 1e-4 * N(0, 1) per coordinate");
      }
    }
    if (nwalkers <= ndim) {
      // Centred, the walkers span at most nwalkers - 1 dimensions: emcee's condition number is
      // that of a rank-deficient matrix, far above the limit.
      return new EmceeException(
          "EMCEE-I006",
          String.format(
              Locale.ROOT,
              "the initial walkers are not linearly independent: %d walkers, centred, span at most"
                  + " %d of the %d dimensions (condition number infinite > %.0e); use more walkers"
                  + " than dimensions (at least 2 x %d for the stretch move), or skip the check"
                  + " with Sampler.builder().skipInitialStateCheck(true)",
              nwalkers,
              nwalkers - 1,
              ndim,
              MAX_CONDITION,
              ndim));
    }
    double work =
        (double) ConditionCertificate.rowsTriedFirst(nwalkers, ndim) * ndim * ndim / 2
            + (double) ndim * ndim * ndim / 3;
    if (work >= LOGGED_WORK) {
      LOG.log(
          System.Logger.Level.INFO,
          "checking that the {0} starting walkers in {1} dimensions are linearly independent"
              + " (the {1} x {1} Gram matrix of the walkers and its Cholesky factorisation, about"
              + " {2} multiply-adds); skip it with Sampler.builder().skipInitialStateCheck(true)",
          nwalkers,
          ndim,
          String.format(Locale.ROOT, "%.1e", work));
    }
    ConditionCertificate.Result certified =
        ConditionCertificate.decide(c, nwalkers, ndim, MAX_CONDITION);
    switch (certified.verdict()) {
      case BELOW:
        return null;
      case ABOVE:
        return dependent(certified.bound(), true);
      default:
        break;
    }
    // Near the limit: emcee's exact condition number decides.
    if (work >= LOGGED_WORK / 8) {
      LOG.log(
          System.Logger.Level.INFO,
          "the {0} starting walkers in {1} dimensions lie close to a lower-dimensional subspace"
              + " (condition number near {2}): computing it exactly, which takes longer than the"
              + " first test; skip it with Sampler.builder().skipInitialStateCheck(true)",
          nwalkers,
          ndim,
          String.format(Locale.ROOT, "%.0e", MAX_CONDITION));
    }
    if (ndim >= BOUNDS_FROM_DIMENSION) {
      // Decide from bounds when they lie clearly on one side of the limit (they are a factor
      // sqrt(ndim) apart); only a start right at the limit needs the singular values.
      double[] bounds = Linalg.conditionBoundsOfColumns(columnArrays(c, nwalkers, ndim), nwalkers);
      if (bounds[1] <= MAX_CONDITION * (1 - BOUNDS_MARGIN)) {
        return null;
      }
      if (bounds[0] > MAX_CONDITION * (1 + BOUNDS_MARGIN)) {
        return dependent(bounds[0], true);
      }
    }
    double condition = exactCondition(c, nwalkers, ndim);
    return condition <= MAX_CONDITION ? null : dependent(condition, false);
  }

  /**
   * emcee's scaled walker matrix, column by column (column {@code j} at {@code [j * nwalkers, (j +
   * 1) * nwalkers)}): each dimension centred, divided by its largest absolute value, then by its
   * norm. A constant dimension's column is NaN.
   */
  static double[] scaledColumns(double[] coords, int nwalkers, int ndim) {
    // Means walker by walker (each dimension's sum in walker order), then the centred values
    // transposed in tiles, so that both layouts are read and written in cache-sized pieces.
    double[] mean = new double[ndim];
    for (int w = 0; w < nwalkers; w++) {
      int o = w * ndim;
      for (int j = 0; j < ndim; j++) {
        mean[j] += coords[o + j];
      }
    }
    for (int j = 0; j < ndim; j++) {
      mean[j] /= nwalkers;
    }
    double[] c = new double[nwalkers * ndim];
    int tile = 32;
    for (int w0 = 0; w0 < nwalkers; w0 += tile) {
      int wEnd = Math.min(nwalkers, w0 + tile);
      for (int j0 = 0; j0 < ndim; j0 += tile) {
        int jEnd = Math.min(ndim, j0 + tile);
        for (int j = j0; j < jEnd; j++) {
          int o = j * nwalkers;
          double mj = mean[j];
          for (int w = w0; w < wEnd; w++) {
            c[o + w] = coords[w * ndim + j] - mj;
          }
        }
      }
    }
    for (int j = 0; j < ndim; j++) {
      int o = j * nwalkers;
      double max = 0;
      for (int w = 0; w < nwalkers; w++) {
        max = Math.max(max, Math.abs(c[o + w]));
      }
      if (max == 0) {
        Arrays.fill(c, o, o + nwalkers, Double.NaN);
        continue;
      }
      double norm = 0;
      for (int w = 0; w < nwalkers; w++) {
        double v = c[o + w] / max;
        c[o + w] = v;
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      for (int w = 0; w < nwalkers; w++) {
        c[o + w] /= norm;
      }
    }
    return c;
  }

  /**
   * The condition number of the scaled matrix {@code c} (from {@link #scaledColumns}) by its
   * singular values: the exact computation that any faster test must agree with.
   */
  static double exactCondition(double[] c, int nwalkers, int ndim) {
    if (nwalkers < ndim) {
      return Double.POSITIVE_INFINITY;
    }
    return Linalg.conditionNumberOfColumns(columnArrays(c, nwalkers, ndim), nwalkers);
  }

  private static double[][] columnArrays(double[] c, int nwalkers, int ndim) {
    double[][] col = new double[ndim][];
    for (int j = 0; j < ndim; j++) {
      col[j] = Arrays.copyOfRange(c, j * nwalkers, (j + 1) * nwalkers);
    }
    return col;
  }

  private static EmceeException dependent(double condition, boolean lowerBound) {
    return new EmceeException(
        "EMCEE-I006",
        String.format(
            Locale.ROOT,
            "the initial walkers are not linearly independent (condition number %s%.3g > %.0e):"
                + " they lie on or near a lower-dimensional subspace that the ensemble moves"
                + " cannot leave; start them in a small ball around a point, e.g. x0 + 1e-4 *"
                + " N(0, 1) per coordinate, or skip the check with"
                + " Sampler.builder().skipInitialStateCheck(true)",
            lowerBound ? "at least " : "",
            condition,
            MAX_CONDITION));
  }
}
