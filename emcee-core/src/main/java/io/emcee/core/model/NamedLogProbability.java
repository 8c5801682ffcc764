package io.emcee.core.model;

import io.emcee.api.Stability;
import java.io.Serializable;

/**
 * A log-probability that reads its point by parameter name, as an emcee function with {@code
 * parameter_names} reads its dict. {@link ParameterNames#logProbability} turns it into a {@link
 * io.emcee.api.LogProbability} for an ensemble on any pool.
 *
 * <pre>{@code NamedLogProbability f = p -> -0.5 * p.get("x") * p.get("x") / p.get("var");}</pre>
 */
@FunctionalInterface
@Stability(Stability.Level.STABLE)
public interface NamedLogProbability extends Serializable {

  /**
   * The log-probability at the point {@code parameters} names.
   *
   * @param parameters the walker's position by name, read-only, valid only during the call
   * @return the log-density, or {@code Double.NEGATIVE_INFINITY} outside the support
   */
  double logProbability(Parameters parameters);
}
