package io.emcee.core.archfixture;

import io.emcee.pool.local.InterruptiblePool;

/** Breaks "core never names a pool": a core class that constructs a concrete pool. */
public class CoreNamingAPool {
  /** Names a concrete pool. */
  public Object pool() {
    return new InterruptiblePool(1);
  }
}
