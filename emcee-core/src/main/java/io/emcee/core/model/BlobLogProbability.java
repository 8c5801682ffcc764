package io.emcee.core.model;

import io.emcee.api.Stability;
import java.io.Serializable;

/**
 * A log-probability that also reports derived quantities ("blobs", as in emcee): named doubles
 * stored with every step and walker. Set every declared blob on every call; the sampler refuses a
 * call that leaves one out.
 *
 * <pre>
 * {@code BlobLogProbability f = (x, blobs) -> { blobs.set("r", Math.hypot(x[0], x[1])); return -0.5 * x[0] * x[0]; };}
 * </pre>
 */
@FunctionalInterface
@Stability(Stability.Level.STABLE)
public interface BlobLogProbability extends Serializable {

  /**
   * The log-probability at {@code coords}, writing the blobs into {@code blobs}.
   *
   * @param coords the walker's position, read-only, valid only during the call
   * @param blobs where to write every declared blob, by index or by name
   * @return the log-density, or {@code Double.NEGATIVE_INFINITY} outside the support
   */
  double logProbability(double[] coords, Blobs blobs);
}
