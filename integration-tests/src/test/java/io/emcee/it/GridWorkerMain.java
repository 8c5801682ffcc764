package io.emcee.it;

import io.emcee.api.Pool;
import io.emcee.api.Pools;

/**
 * The program grid workers run in the tests: the DESIGN.md pattern, loading the pool the
 * environment selects (EMCEE_POOL, EMCEE_ROLE=worker, EMCEE_CLUSTER_MEMBERS, ...), serving until
 * the master closes the pool, then ending.
 */
public final class GridWorkerMain {
  private GridWorkerMain() {}

  /** Runs the worker. */
  public static void main(String[] args) {
    try (Pool pool = Pools.load()) {
      if (!pool.isMaster()) {
        System.out.println("serving");
        System.out.flush();
        pool.waitForTasks();
        System.out.println("released");
        return;
      }
      System.out.println("not a worker: " + pool);
    }
  }
}
