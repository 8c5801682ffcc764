package io.emcee.it;

import io.emcee.api.LogProbability;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.pool.ignite.IgnitePool;
import java.time.Duration;

/**
 * An Ignite master in its own JVM: waits for {@code args[1]} nodes, samples {@code args[2]} steps
 * of the model class {@code args[0]} (seed 5, 24 walkers, 3 dimensions) and prints the chain's
 * digest, how many row bytes went to the workers and the heap's peak.
 */
public final class IgniteChainMain {
  private IgniteChainMain() {}

  /** Runs the master. */
  public static void main(String[] args) throws Exception {
    LogProbability model =
        (LogProbability) Class.forName(args[0]).getDeclaredConstructor().newInstance();
    try (IgnitePool pool = (IgnitePool) Pools.load()) {
      if (!pool.awaitNodes(Integer.parseInt(args[1]), Duration.ofSeconds(90))) {
        System.out.println("the workers did not join");
        System.exit(3);
      }
      Sampler sampler = Sampler.builder().seed(5).build();
      sampler.run(
          new Ensemble(model, TestModels.start(24, 3, 17), pool), Integer.parseInt(args[2]));
      System.out.println("digest=" + ChainDigest.of(sampler));
      System.out.println("row bytes sent=" + pool.getRowBytesSent());
      System.out.println(GridWorkerMain.heapReport());
    }
  }
}
