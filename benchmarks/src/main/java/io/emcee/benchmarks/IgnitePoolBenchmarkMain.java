package io.emcee.benchmarks;

import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import io.emcee.pool.ignite.IgnitePool;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Ignite pool with one worker JVM on 127.0.0.1: overhead per step and speed-up for a 1 ms
 * log-probability, in {@link GridBenchmark}'s format so that it compares with Hazelcast's. Run:
 * {@code bin/benchmark IgnitePoolBenchmarkMain}.
 */
public final class IgnitePoolBenchmarkMain {
  private IgnitePoolBenchmarkMain() {}

  /**
   * Runs the benchmark.
   *
   * @param args ignored
   * @throws Exception when the worker cannot start
   */
  public static void main(String[] args) throws Exception {
    String members = "127.0.0.1:47691,127.0.0.1:47692";
    // The worker gets Ignite's flags from this JVM (bin/benchmark passes them).
    List<String> flags = new ArrayList<>();
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens")) {
        flags.add(arg);
      }
    }
    flags.add("-Xmx256m");
    Process worker =
        GridBenchmark.startWorker(
            Map.of(
                "EMCEE_POOL", "ignite",
                "EMCEE_ROLE", "worker",
                "EMCEE_CLUSTER_MEMBERS", members,
                "EMCEE_CLUSTER_PORT", "47692",
                "EMCEE_CLUSTER_NAME", "emcee-bench"),
            flags);
    try (IgnitePool master =
        (IgnitePool)
            Pools.load(
                PoolSettings.empty()
                    .with(PoolSettings.POOL, "ignite")
                    .with(PoolSettings.CLUSTER_MEMBERS, members)
                    .with(PoolSettings.CLUSTER_PORT, "47691")
                    .with(PoolSettings.CLUSTER_NAME, "emcee-bench"))) {
      if (!master.awaitNodes(2, Duration.ofSeconds(60))) {
        throw new IllegalStateException("the worker did not join");
      }
      GridBenchmark.measure("ignite", master);
    } finally {
      worker.destroy();
      worker.waitFor();
    }
  }
}
