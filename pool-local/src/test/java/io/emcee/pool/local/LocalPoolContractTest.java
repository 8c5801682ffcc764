package io.emcee.pool.local;

import io.emcee.api.Pool;
import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import io.emcee.testkit.PoolContract;

/** The local pool passes the pool contract, with 4 threads. */
class LocalPoolContractTest extends PoolContract {

  @Override
  protected Pool master() {
    return Pools.load(
        PoolSettings.empty().with(PoolSettings.POOL, "local").with(PoolSettings.THREADS, "4"));
  }
}
