package io.emcee.core.internal;

import io.emcee.api.EmceeException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Checks of a state the user gives with its log-probabilities (and blobs) already known, which the
 * sampler then uses without evaluating the model: the same rules the model's own results obey.
 */
public final class KnownState {
  private KnownState() {}

  /**
   * A checked copy of given log-probabilities.
   *
   * @param logProbability one value per walker; -Infinity marks a walker outside the support
   * @param coords the walkers' flat coordinates, to name a bad walker's position
   * @param nwalkers number of walkers
   * @param ndim number of dimensions
   * @return a copy
   * @throws EmceeException (EMCEE-I050) for a null array or one of another length; (EMCEE-I051) for
   *     NaN or +Infinity; (EMCEE-I009) when every walker is at -Infinity
   */
  public static double[] logProbability(
      double @Nullable [] logProbability, double[] coords, int nwalkers, int ndim) {
    if (logProbability == null || logProbability.length != nwalkers) {
      throw new EmceeException(
          "EMCEE-I050",
          "the given log-probabilities are "
              + (logProbability == null ? "null" : logProbability.length + " values")
              + " but the ensemble has "
              + nwalkers
              + " walkers; give one log-probability per walker, in walker order");
    }
    for (int w = 0; w < nwalkers; w++) {
      double lp = logProbability[w];
      if (!(lp < Double.POSITIVE_INFINITY)) {
        throw new EmceeException(
            "EMCEE-I051",
            "the given log-probability of walker "
                + w
                + " at "
                + Points.format(coords, w, ndim)
                + " is "
                + lp
                + "; a log-probability is finite, or -Infinity outside the support (emcee refuses"
                + " a NaN initial log_prob too)");
      }
    }
    Evaluator.checkSomeWalkerInSupport(logProbability, nwalkers);
    return logProbability.clone();
  }

  /**
   * Given blobs, checked against the model's blob names and flattened walker after walker.
   *
   * @param blobs {@code [walker][blob]}, or null when the model has no blobs
   * @param names the model's blob names
   * @param nwalkers number of walkers
   * @return {@code nwalkers * names.size()} values
   * @throws EmceeException (EMCEE-I052) when blobs are missing, unexpected or of another shape
   */
  public static double[] blobs(double @Nullable [][] blobs, List<String> names, int nwalkers) {
    int count = names.size();
    if (blobs == null) {
      if (count == 0) {
        return new double[0];
      }
      throw new EmceeException(
          "EMCEE-I052",
          "the model has blobs "
              + names
              + " but none were given with the log-probabilities; give them too"
              + " (withLogProbability(logProbability, blobs)), or leave both out to evaluate");
    }
    if (count == 0) {
      throw new EmceeException(
          "EMCEE-I052",
          "blobs were given but the model has none; declare them with Ensemble.withBlobs(...)"
              + " or give only the log-probabilities");
    }
    if (blobs.length != nwalkers) {
      throw new EmceeException(
          "EMCEE-I052",
          "the given blobs have "
              + blobs.length
              + " rows but the ensemble has "
              + nwalkers
              + " walkers; give one row per walker");
    }
    double[] flat = new double[nwalkers * count];
    for (int w = 0; w < nwalkers; w++) {
      double[] row = blobs[w];
      if (row == null || row.length != count) {
        throw new EmceeException(
            "EMCEE-I052",
            "walker "
                + w
                + " has "
                + (row == null ? "no (null)" : String.valueOf(row.length))
                + " blob values but the model's blobs are "
                + names
                + "; give one value per blob, in that order");
      }
      System.arraycopy(row, 0, flat, w * count, count);
    }
    return flat;
  }
}
