package io.emcee.benchmarks;

import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.pool.hazelcast.HazelcastPool;
import io.emcee.pool.ignite.IgnitePool;
import java.time.Duration;
import java.util.Locale;

/**
 * One process of the scale benchmark ({@link ScaleBenchmarkMain} starts it): the pool the
 * environment selects; workers serve, the master waits for its workers, then samples 128 walkers in
 * 5-D with each cost shape and prints one line per shape: {@code RESULT pool processes shape
 * ideal_ms measured_ms efficiency whole_ms whole_efficiency} (the second ideal: whole evaluations
 * scheduled largest first, see {@link IdealClock}).
 *
 * <p>Arguments: {@code processes steps shape...}.
 */
public final class ScaleRunMain {
  static final int WALKERS = 128;
  static final int NDIM = 5;

  private ScaleRunMain() {}

  /**
   * Runs this process's part.
   *
   * @param args processes, steps, then one or more cost shapes
   */
  public static void main(String[] args) {
    int processes = Integer.parseInt(args[0]);
    int steps = Integer.parseInt(args[1]);
    try (Pool pool = Pools.load()) {
      if (!pool.isMaster()) {
        pool.waitForTasks();
        return;
      }
      awaitWorkers(pool, processes);
      for (int i = 2; i < args.length; i++) {
        CostShape shape = CostShape.parse(args[i]);
        IdealClock clock = new IdealClock(pool, shape, processes, NDIM);
        double[][] start = LocalPoolSpeedupMain.start(WALKERS, NDIM);
        Sampler warm = Sampler.builder().seed(7).build();
        warm.run(new Ensemble(shape.model(), start, clock), 2);
        clock.reset();
        Sampler sampler = Sampler.builder().seed(42).build();
        long t0 = System.nanoTime();
        sampler.run(new Ensemble(shape.model(), start, clock), steps);
        double measured = (System.nanoTime() - t0) / 1e6 / steps;
        double ideal = clock.idealNanos() / 1e6 / steps;
        double whole = clock.wholeNanos() / 1e6 / steps;
        System.out.printf(
            Locale.ROOT,
            "RESULT %s %d %s %.3f %.3f %.3f %.3f %.3f%n",
            pool.getName(),
            processes,
            shape.label(),
            ideal,
            measured,
            ideal / measured,
            whole,
            whole / measured);
        System.out.flush();
      }
    }
  }

  /** Grid masters wait until every worker has joined; other pools have theirs from the start. */
  private static void awaitWorkers(Pool pool, int processes) {
    Duration wait = Duration.ofSeconds(120);
    boolean joined = true;
    if (pool instanceof HazelcastPool hazelcast) {
      joined = hazelcast.awaitMembers(processes, wait);
    } else if (pool instanceof IgnitePool ignite) {
      joined = ignite.awaitNodes(processes, wait);
    }
    if (!joined) {
      throw new IllegalStateException(
          "not all " + (processes - 1) + " workers joined within " + wait.toSeconds() + " s");
    }
  }
}
