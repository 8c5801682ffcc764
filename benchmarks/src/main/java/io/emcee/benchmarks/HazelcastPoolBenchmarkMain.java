package io.emcee.benchmarks;

import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import io.emcee.pool.hazelcast.HazelcastPool;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Hazelcast pool with one worker JVM on 127.0.0.1: overhead per step and speed-up for a 1 ms
 * log-probability ({@link GridBenchmark}). Run: {@code bin/benchmark HazelcastPoolBenchmarkMain}.
 */
public final class HazelcastPoolBenchmarkMain {
  private HazelcastPoolBenchmarkMain() {}

  /**
   * Runs the benchmark.
   *
   * @param args ignored
   * @throws Exception when the worker cannot start
   */
  public static void main(String[] args) throws Exception {
    String members = "127.0.0.1:5791,127.0.0.1:5792";
    Process worker =
        GridBenchmark.startWorker(
            Map.of(
                "EMCEE_POOL", "hazelcast",
                "EMCEE_ROLE", "worker",
                "EMCEE_CLUSTER_MEMBERS", members,
                "EMCEE_CLUSTER_PORT", "5792",
                "EMCEE_CLUSTER_NAME", "emcee-bench"),
            List.of());
    try (HazelcastPool master =
        (HazelcastPool)
            Pools.load(
                PoolSettings.empty()
                    .with(PoolSettings.POOL, "hazelcast")
                    .with(PoolSettings.CLUSTER_MEMBERS, members)
                    .with(PoolSettings.CLUSTER_PORT, "5791")
                    .with(PoolSettings.CLUSTER_NAME, "emcee-bench"))) {
      if (!master.awaitMembers(2, Duration.ofSeconds(60))) {
        throw new IllegalStateException("the worker did not join");
      }
      GridBenchmark.measure("hazelcast", master);
    } finally {
      worker.destroy();
      worker.waitFor();
    }
  }
}
