package io.emcee.pool.local.archfixture;

import io.emcee.core.Sampler;
import io.emcee.core.internal.Fft;

/**
 * Breaks "pools never depend on core" and "internals stay in their module", and sits in a package
 * without package-info (breaks "every package is null-marked") and is public without @Stability.
 */
public class PoolUsingCore {
  /** Uses the sampler and a core internal. */
  public Object both() {
    return new Object[] {new Sampler(), new Fft(8)};
  }
}
