package io.emcee.pool.other.archfixture;

import io.emcee.pool.local.InterruptiblePool;

/** Breaks "pools are independent": one backend naming another. */
public class PoolUsingAnotherPool {
  /** Names another backend's pool. */
  public Class<?> type() {
    return InterruptiblePool.class;
  }
}
