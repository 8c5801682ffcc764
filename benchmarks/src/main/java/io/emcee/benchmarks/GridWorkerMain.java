package io.emcee.benchmarks;

import io.emcee.api.Pool;
import io.emcee.api.Pools;

/** A grid worker for the benchmarks: the pool the environment selects, serving until released. */
public final class GridWorkerMain {
  private GridWorkerMain() {}

  /**
   * Serves.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (Pool pool = Pools.load()) {
      pool.waitForTasks();
    }
  }
}
