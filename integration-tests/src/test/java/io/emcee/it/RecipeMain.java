package io.emcee.it;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import java.util.Arrays;

/**
 * The README's Java example as a program, the way a user would write {@code my.Main}: the pool from
 * the environment, the {@code isMaster()} guard, a seeded run. The master prints the pool, the
 * acceptance and a digest of the chain, so a test can compare it with the serial pool's.
 */
public final class RecipeMain {
  static final int STEPS = 2_000;

  private RecipeMain() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    LogProbability logProb =
        x -> {
          double s = 0;
          for (double v : x) {
            s += v * v;
          }
          return -0.5 * s;
        };
    double[][] start = TestModels.start(100, 10, 7); // fill with N(0,1) draws
    try (Pool pool = Pools.load()) { // backend chosen by class path / config
      if (!pool.isMaster()) {
        pool.waitForTasks();
        return;
      } // grid and MPI workers serve here
      Sampler sampler = Sampler.builder().seed(42).build(); // default move: StretchMove(a = 2)
      sampler.run(new Ensemble(logProb, start, pool), STEPS);
      double[] acc = sampler.getAcceptanceFraction(); // one per walker
      System.out.println("pool=" + pool.getName());
      System.out.println("acceptance=" + Arrays.stream(acc).average().orElse(0));
      System.out.println("digest=" + ChainDigest.of(sampler));
    }
  }
}
