package io.emcee.pool.ignite;

import io.emcee.api.Pool;
import io.emcee.testkit.GridPoolContract;
import org.apache.ignite.Ignition;

/** The ignite pool passes the pool contract: a master and two worker nodes in this JVM. */
class IgnitePoolContractTest extends GridPoolContract {

  @Override
  protected String poolName() {
    return IgnitePoolProvider.NAME;
  }

  @Override
  protected int firstPort() {
    return 47700;
  }

  @Override
  protected void crash(Pool worker) {
    Ignition.stop(((IgnitePool) worker).getIgnite().name(), true); // its jobs cancelled
  }
}
