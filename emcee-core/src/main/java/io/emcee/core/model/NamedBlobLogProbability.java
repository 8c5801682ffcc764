package io.emcee.core.model;

import io.emcee.api.Stability;
import java.io.Serializable;

/**
 * A {@link BlobLogProbability} that reads its point by parameter name. {@link
 * ParameterNames#withBlobs} turns it into a {@link BlobLogProbability} for {@code
 * Ensemble.withBlobs}.
 *
 * <pre>{@code NamedBlobLogProbability f = (p, blobs) -> { blobs.set("s", p.get("s")); return 0; };}
 * </pre>
 */
@FunctionalInterface
@Stability(Stability.Level.STABLE)
public interface NamedBlobLogProbability extends Serializable {

  /**
   * The log-probability at the point {@code parameters} names, writing the blobs into {@code
   * blobs}.
   *
   * @param parameters the walker's position by name, read-only, valid only during the call
   * @param blobs where to write every declared blob
   * @return the log-density, or {@code Double.NEGATIVE_INFINITY} outside the support
   */
  double logProbability(Parameters parameters, Blobs blobs);
}
