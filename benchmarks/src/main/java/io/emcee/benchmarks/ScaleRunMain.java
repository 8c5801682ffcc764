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
 * environment selects; workers serve, the master waits for its workers, runs the settling steps
 * with equal costs if asked, then samples 128 walkers in 5-D with each cost shape and prints one
 * line per shape: {@code RESULT pool processes shape ideal_ms measured_ms efficiency whole_ms
 * whole_efficiency} (the second ideal: whole evaluations scheduled largest first, see {@link
 * IdealClock}). The ideals take the model's nominal costs, which its waits last on average ({@link
 * ModelWait}); each run prints what the master's own waits lasted.
 *
 * <p>Arguments: {@code processes steps warmup settle shape...}, with {@code warmup} a number of
 * steps or {@code auto} ({@link WarmUp}) and {@code settle} a number of steps. Before each RESULT
 * line it prints what the warm-up did and the median and 90th percentile of the measured steps, and
 * with {@code EMCEE_SCALE_STEP_TIMES} set, each measured step's start and duration.
 */
public final class ScaleRunMain {
  static final int WALKERS = 128;
  static final int NDIM = 5;

  /** Set by {@code --step-times}: whether to print when each measured step began and lasted. */
  static final String STEP_TIMES_ENV = "EMCEE_SCALE_STEP_TIMES";

  private static final boolean STEP_TIMES = System.getenv(STEP_TIMES_ENV) != null;

  private ScaleRunMain() {}

  /**
   * One line with each measured step's start and duration, {@code start:duration} in ms, the start
   * on the clock of {@code System.nanoTime} (on Linux the kernel's monotonic clock, which {@code
   * perf record -k CLOCK_MONOTONIC} also stamps events with), so that slow steps can be set beside
   * what else ran on the machine.
   */
  static String stepTimes(String pool, int processes, String shape, long t0, long[] times) {
    StringBuilder line =
        new StringBuilder("# STEPS ")
            .append(pool)
            .append(' ')
            .append(processes)
            .append(' ')
            .append(shape)
            .append(':');
    long at = t0;
    for (long t : times) {
      line.append(String.format(Locale.ROOT, " %.3f:%.3f", at / 1e6, t / 1e6));
      at += t;
    }
    return line.toString();
  }

  /**
   * Runs this process's part.
   *
   * @param args processes, steps, warm-up, settling steps, then one or more cost shapes
   */
  public static void main(String[] args) {
    int processes = Integer.parseInt(args[0]);
    int steps = Integer.parseInt(args[1]);
    String warmup = args[2];
    int settle = Integer.parseInt(args[3]);
    try (Pool pool = Pools.load()) {
      if (!pool.isMaster()) {
        pool.waitForTasks();
        return;
      }
      awaitWorkers(pool, processes);
      if (settle > 0) {
        WarmUp settling = WarmUp.parse(String.valueOf(settle));
        settling.run(
            CostShape.parse("equal").model(), LocalPoolSpeedupMain.start(WALKERS, NDIM), pool, 3);
        System.out.printf(
            Locale.ROOT,
            "# %s %d settling with equal costs: %s%n",
            pool.getName(),
            processes,
            settling.describe());
      }
      for (int i = 4; i < args.length; i++) {
        CostShape shape = CostShape.parse(args[i]);
        IdealClock clock = new IdealClock(pool, shape, processes, NDIM);
        double[][] start = LocalPoolSpeedupMain.start(WALKERS, NDIM);
        WarmUp warm = WarmUp.parse(warmup);
        warm.run(shape.model(), start, clock, 7);
        clock.reset();
        ModelWait.resetCounts();
        long[] times = new long[steps];
        long[] last = {0};
        int[] done = {0};
        Sampler sampler = Sampler.builder().seed(42).build();
        long t0 = System.nanoTime();
        last[0] = t0;
        sampler.run(
            new Ensemble(shape.model(), start, clock),
            steps,
            step -> {
              long now = System.nanoTime();
              times[done[0]++] = now - last[0];
              last[0] = now;
              return true;
            });
        double measured = (System.nanoTime() - t0) / 1e6 / steps;
        if (STEP_TIMES) {
          System.out.println(stepTimes(pool.getName(), processes, shape.label(), t0, times));
        }
        double ideal = clock.idealNanos() / 1e6 / steps;
        double whole = clock.wholeNanos() / 1e6 / steps;
        long[] sorted = times.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf(
            Locale.ROOT,
            "# %s %d %s: %s; measured %d steps: median %.1f ms, 90th percentile %.1f ms;"
                + " maps in cost order so far: %s, in shares by cost: %s, in equal shares: %s;"
                + " model's waits: %s%n",
            pool.getName(),
            processes,
            shape.label(),
            warm.describe(),
            steps,
            WarmUp.median(times, 0, steps) / 1e6,
            sorted[Math.min(steps - 1, (int) Math.ceil(0.9 * steps) - 1)] / 1e6,
            counter(pool, "getMapsInCostOrder"),
            counter(pool, "getMapsInCostShares"),
            counter(pool, "getMapsInEqualShares"),
            ModelWait.report());
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

  /**
   * A count of maps the pool keeps, for the pools that count them: how many it handed out slowest
   * row first ({@code getMapsInCostOrder}: grids and MPI, whose class is not on this module's
   * compile path without OpenMPI), in shares by cost ({@code getMapsInCostShares}: grids) or in
   * equal shares of rows whose costs differ ({@code getMapsInEqualShares}: grids); "-" for the
   * others.
   */
  private static String counter(Pool pool, String getter) {
    try {
      return String.valueOf(pool.getClass().getMethod(getter).invoke(pool));
    } catch (ReflectiveOperationException e) {
      return "-";
    }
  }

  /** Grid masters wait until every worker has joined; other pools have theirs from the start. */
  private static void awaitWorkers(Pool pool, int processes) {
    if (!workersJoined(pool, processes)) {
      throw new IllegalStateException(
          "not all " + (processes - 1) + " workers joined within " + JOIN_WAIT.toSeconds() + " s");
    }
  }

  private static final Duration JOIN_WAIT = Duration.ofSeconds(120);

  /**
   * Whether a grid master's {@code processes - 1} workers joined within two minutes (true at once
   * for the other pools).
   */
  static boolean workersJoined(Pool pool, int processes) {
    if (pool instanceof HazelcastPool hazelcast) {
      return hazelcast.awaitMembers(processes, JOIN_WAIT);
    }
    if (pool instanceof IgnitePool ignite) {
      return ignite.awaitNodes(processes, JOIN_WAIT);
    }
    return true;
  }
}
