package org.example;

import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import java.util.Random;

/** Samples a 2-D Gaussian on the pool the module path and settings select. */
public final class Main {
  private Main() {}

  /** Runs 50 steps of 8 walkers; the master prints the pool and the steps taken. */
  public static void main(String[] args) {
    Random random = new Random(1);
    double[][] start = new double[8][2];
    for (double[] walker : start) {
      walker[0] = random.nextGaussian();
      walker[1] = random.nextGaussian();
    }
    try (Pool pool = Pools.load()) {
      if (!pool.isMaster()) {
        pool.waitForTasks();
        System.out.println("worker done");
        return;
      }
      Sampler sampler = Sampler.builder().seed(42).build();
      sampler.run(new Ensemble(x -> -0.5 * (x[0] * x[0] + x[1] * x[1]), start, pool), 50);
      System.out.println("pool=" + pool.getName() + " steps=" + sampler.getIteration());
    }
  }
}
