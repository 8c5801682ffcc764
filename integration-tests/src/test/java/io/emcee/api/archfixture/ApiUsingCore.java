package io.emcee.api.archfixture;

import io.emcee.core.Ensemble;

/** Breaks "api depends on nothing of ours". */
public class ApiUsingCore {
  /** Names a core type. */
  public Class<?> type() {
    return Ensemble.class;
  }
}
