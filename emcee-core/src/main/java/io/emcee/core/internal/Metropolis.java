package io.emcee.core.internal;

import io.emcee.core.random.RandomStream;

/**
 * The Metropolis-Hastings test, decided without a logarithm. emcee accepts when {@code log(u) <
 * logRatio} for {@code u} uniform on [0, 1); {@code -log(u)} is a standard exponential draw, so the
 * same test is {@code logRatio > -E} with {@code E} from {@link RandomStream#nextExponential()} (a
 * ziggurat: a table look-up, not a logarithm). The decisions follow exactly the same law as
 * emcee's.
 */
public final class Metropolis {
  private Metropolis() {}

  /**
   * Whether to accept a proposal.
   *
   * @param logRatio log of the acceptance ratio: the Hastings factor's log plus the change in
   *     log-probability; NaN and -Infinity reject
   * @param random the stream to draw the exponential variate from (one draw per call)
   * @return whether the proposal is accepted
   */
  public static boolean accept(double logRatio, RandomStream random) {
    return logRatio > -random.nextExponential();
  }
}
