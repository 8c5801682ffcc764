package io.emcee.core.model;

import io.emcee.api.Stability;
import java.io.Serializable;

/**
 * A log-probability that evaluates many points in one call (emcee's {@code vectorize=True}): for
 * models that are cheaper per point in bulk. The sampler then calls it directly, bypassing the
 * pool, as emcee does.
 *
 * <pre>
 * {@code BatchLogProbability f = (x, n, ndim, out) -> { for (int i = 0; i < n; i++) out[i] = -0.5 * x[i * ndim] * x[i * ndim]; };}
 * </pre>
 */
@FunctionalInterface
@Stability(Stability.Level.STABLE)
public interface BatchLogProbability extends Serializable {

  /**
   * Writes the log-probability of each of {@code count} points.
   *
   * @param coords the points, row-major: point {@code i} at {@code [i * ndim, (i + 1) * ndim)};
   *     read-only
   * @param count the number of points
   * @param ndim the number of dimensions
   * @param logProbability receives one value per point
   */
  void logProbability(double[] coords, int count, int ndim, double[] logProbability);
}
