package io.emcee.core.internal;

import io.emcee.api.EmceeException;
import java.util.Locale;

/** emcee's check that the starting walkers span the space ({@code walkers_independent}). */
public final class InitialState {
  /** emcee's bound on the condition number of the scaled, centred walker matrix. */
  public static final double MAX_CONDITION = 1e8;

  private static final System.Logger LOG = System.getLogger(InitialState.class.getName());

  /** From this many dimensions on, cheap bounds on the condition number are tried first. */
  static final int BOUNDS_FROM_DIMENSION = 32;

  /** Work ({@code nwalkers * ndim^2}) from which the check takes seconds, and says so first. */
  private static final long LOGGED_WORK = 1L << 30;

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
    double[] c = new double[nwalkers * ndim];
    for (int j = 0; j < ndim; j++) {
      double mean = 0;
      for (int w = 0; w < nwalkers; w++) {
        mean += coords[w * ndim + j];
      }
      mean /= nwalkers;
      double max = 0;
      for (int w = 0; w < nwalkers; w++) {
        double v = coords[w * ndim + j] - mean;
        c[w * ndim + j] = v;
        max = Math.max(max, Math.abs(v));
      }
      if (max == 0) {
        throw new EmceeException(
            "EMCEE-I006",
            "every walker starts at the same value "
                + coords[j]
                + " in dimension "
                + j
                + ", so the ensemble can never move in that dimension; start the walkers in a small"
                + " ball instead, e.g. x0 + 1e-4 * N(0, 1) per coordinate");
      }
      double norm = 0;
      for (int w = 0; w < nwalkers; w++) {
        double v = c[w * ndim + j] / max;
        c[w * ndim + j] = v;
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      for (int w = 0; w < nwalkers; w++) {
        c[w * ndim + j] /= norm;
      }
    }
    if ((long) nwalkers * ndim * ndim >= LOGGED_WORK) {
      LOG.log(
          System.Logger.Level.INFO,
          "checking that the {0} starting walkers in {1} dimensions are linearly independent"
              + " (a QR factorisation of the {0} x {1} walker matrix); skip it with"
              + " Sampler.builder().skipInitialStateCheck(true)",
          nwalkers,
          ndim);
    }
    if (ndim >= BOUNDS_FROM_DIMENSION && nwalkers >= ndim) {
      // Decide from bounds when they lie on one side of the limit: the same verdict as the exact
      // condition number at a fraction of its cost. Only a start near the limit needs the SVD.
      double[] bounds = Linalg.conditionBounds(c, nwalkers, ndim);
      if (bounds[1] <= MAX_CONDITION) {
        return;
      }
      if (bounds[0] > MAX_CONDITION) {
        throw dependent(bounds[0], true);
      }
    }
    double condition = Linalg.conditionNumber(c, nwalkers, ndim);
    if (!(condition <= MAX_CONDITION)) {
      throw dependent(condition, false);
    }
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
