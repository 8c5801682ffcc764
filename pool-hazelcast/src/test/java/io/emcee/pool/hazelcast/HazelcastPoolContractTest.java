package io.emcee.pool.hazelcast;

import io.emcee.api.Pool;
import io.emcee.testkit.GridPoolContract;

/** The hazelcast pool passes the pool contract: a master and two worker members in this JVM. */
class HazelcastPoolContractTest extends GridPoolContract {

  @Override
  protected String poolName() {
    return HazelcastPoolProvider.NAME;
  }

  @Override
  protected int firstPort() {
    return 5801;
  }

  @Override
  protected void crash(Pool worker) {
    ((HazelcastPool) worker).getInstance().getLifecycleService().terminate();
  }
}
