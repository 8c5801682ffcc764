package io.emcee.cli;

import io.emcee.core.Chain;
import io.emcee.core.diagnostics.AutocorrException;

/**
 * The integrated autocorrelation time of each parameter, and whether the chain is long enough (50
 * tau) for the estimate to be trusted, without the library's warning.
 *
 * @param values tau per parameter, in steps
 * @param trusted false when the selected chain is shorter than 50 tau
 */
record Tau(double[] values, boolean trusted) {
  static Tau of(Chain chain, int discard, int thin) {
    try {
      return new Tau(chain.getIntegratedAutocorrTime(discard, thin), true);
    } catch (AutocorrException e) {
      return new Tau(e.getTau(), false);
    }
  }
}
