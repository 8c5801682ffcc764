package io.emcee.pool.mpi;

import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.testkit.PoolContract;
import org.jspecify.annotations.Nullable;

/**
 * The mpi pool passes the pool contract as a single rank (outside mpirun); the contract across
 * ranks runs under mpirun in the integration tests. One pool per process: MPI cannot restart.
 */
class MpiPoolContractTest extends PoolContract {
  private static @Nullable Pool pool;

  @Override
  protected Pool master() {
    Pool p = pool;
    if (p == null) {
      p = Pools.load("mpi");
      pool = p;
    }
    return p;
  }

  @Override
  protected boolean onePoolPerProcess() {
    return true;
  }

  @Override
  protected boolean shipsFunctions() {
    return true;
  }
}
