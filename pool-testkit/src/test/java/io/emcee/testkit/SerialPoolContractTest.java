package io.emcee.testkit;

import io.emcee.api.Pool;
import io.emcee.api.Pools;

/** The serial pool passes the contract (it has nothing to close and no workers). */
class SerialPoolContractTest extends PoolContract {

  @Override
  protected Pool master() {
    return Pools.serial();
  }

  @Override
  protected boolean closeIsFinal() {
    return false;
  }
}
