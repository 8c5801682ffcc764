package io.emcee.core.model;

import io.emcee.api.Stability;
import java.io.Serializable;

/**
 * A log-probability that also reports derived quantities ("blobs", as in emcee): named doubles
 * stored with every step and walker. Set every declared blob on every call that returns a finite
 * value; the sampler refuses such a call that leaves one out. A call may return {@code
 * Double.NEGATIVE_INFINITY} before setting its blobs (emcee's pattern for points outside the
 * support): the blobs it left unset are stored as NaN.
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
   * @return the log-density, or {@code Double.NEGATIVE_INFINITY} outside the support (then the
   *     blobs need not be set)
   */
  double logProbability(double[] coords, Blobs blobs);
}
