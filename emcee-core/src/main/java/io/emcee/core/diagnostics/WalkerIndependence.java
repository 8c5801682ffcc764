package io.emcee.core.diagnostics;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.internal.InitialState;

/**
 * emcee's {@code walkers_independent}: whether a set of walkers spans every dimension, the check a
 * sampler makes on its start state. Each dimension is centred, scaled by its largest absolute value
 * and then to unit norm; the walkers are independent when every coordinate is finite, no dimension
 * is constant and the condition number of that matrix is at most {@value #MAX_CONDITION}.
 *
 * <pre>{@code boolean ok = WalkerIndependence.walkersIndependent(start);}</pre>
 *
 * <p>The verdict is emcee's: a cheap certified test decides most start states, and the exact
 * condition number (a singular value decomposition) is computed only when the start lies close to
 * the limit. Fewer walkers than dimensions plus one are never independent: centred, they span at
 * most one dimension fewer than there are walkers.
 */
@Stability(Stability.Level.STABLE)
public final class WalkerIndependence {
  /** emcee's bound on the condition number of the scaled, centred walker matrix. */
  public static final double MAX_CONDITION = InitialState.MAX_CONDITION;

  private WalkerIndependence() {}

  /**
   * Whether the walkers are linearly independent, as emcee's {@code walkers_independent(coords)}.
   *
   * @param coords one row of coordinates per walker, every row the same length
   * @return false when a coordinate is not finite, a dimension is constant or the walkers lie on or
   *     near a lower-dimensional subspace
   */
  public static boolean walkersIndependent(double[][] coords) {
    if (coords.length == 0 || coords[0].length == 0) {
      throw new EmceeException(
          "EMCEE-I001",
          "the coordinates are empty: give one row per walker and one value per dimension");
    }
    int ndim = coords[0].length;
    if ((long) coords.length * ndim > Integer.MAX_VALUE - 8) {
      throw new EmceeException(
          "EMCEE-I032",
          coords.length
              + " walkers x "
              + ndim
              + " dims is more than one Java array holds (2^31 - 9); use fewer walkers or"
              + " dimensions");
    }
    double[] flat = new double[coords.length * ndim];
    for (int w = 0; w < coords.length; w++) {
      if (coords[w].length != ndim) {
        throw new EmceeException(
            "EMCEE-I002",
            "the coordinates are ragged: walker 0 has "
                + ndim
                + " dimensions but walker "
                + w
                + " has "
                + coords[w].length
                + "; give every walker the same number of values");
      }
      System.arraycopy(coords[w], 0, flat, w * ndim, ndim);
    }
    return InitialState.isIndependent(flat, coords.length, ndim);
  }

  /**
   * Whether the walkers of a flat row-major array are linearly independent.
   *
   * @param coords {@code nwalkers * ndim} values, walker by walker
   * @param nwalkers number of walkers
   * @param ndim number of dimensions
   * @return as {@link #walkersIndependent(double[][])}
   */
  public static boolean walkersIndependent(double[] coords, int nwalkers, int ndim) {
    if (nwalkers < 1 || ndim < 1 || (long) nwalkers * ndim != coords.length) {
      throw new EmceeException(
          "EMCEE-I002",
          "the coordinates hold "
              + coords.length
              + " values but nwalkers x ndim = "
              + nwalkers
              + " x "
              + ndim
              + "; give nwalkers >= 1 rows of ndim >= 1 values");
    }
    return InitialState.isIndependent(coords, nwalkers, ndim);
  }
}
