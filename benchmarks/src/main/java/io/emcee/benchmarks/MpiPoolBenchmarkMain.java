package io.emcee.benchmarks;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.random.RandomStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The mpi pool against the serial pool, in one MPI job: {@code bin/benchmark MpiPoolBenchmarkMain}
 * (2 ranks; {@code EMCEE_MPI_RANKS=N} for more). Every rank runs this main; rank 0 times, the
 * others serve.
 *
 * <ol>
 *   <li>Overhead per step: the default sampler, 100 walkers in 10 dimensions, on a cheap
 *       log-probability (a standard normal), mpi pool minus serial pool (the same steps on rank 0
 *       alone). A step is two maps of 50 walkers each.
 *   <li>Speed-up for a log-probability costing about 1 ms of CPU: serial time per step over mpi
 *       time per step.
 * </ol>
 *
 * Prints medians over repeated runs. Arguments: {@code [cheapSteps] [expensiveSteps] [repeats]}.
 */
public final class MpiPoolBenchmarkMain {
  private MpiPoolBenchmarkMain() {}

  private static final int NDIM = 10;
  private static final int NWALKERS = 100;

  /**
   * Runs the benchmark on every rank of the job.
   *
   * @param args optional: cheap steps (default 2000), 1 ms steps (default 10), repeats (default 5)
   */
  public static void main(String[] args) {
    int cheapSteps = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int slowSteps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    try (Pool pool = Pools.load()) {
      if (!pool.isMaster()) {
        pool.waitForTasks();
        return;
      }
      System.out.printf(
          Locale.ROOT,
          "# %s; %d walkers x %d dims; medians of %d alternated runs (shared machine: noisy)%n",
          pool,
          NWALKERS,
          NDIM,
          repeats);
      LogProbability cheap =
          x -> {
            double s = 0;
            for (double v : x) {
              s += v * v;
            }
            return -0.5 * s;
          };
      perStep(Pools.serial(), cheap, cheapSteps); // warm-up of both paths, discarded
      perStep(pool, cheap, cheapSteps);
      double[][] c = interleaved(repeats, pool, cheap, cheapSteps);
      System.out.printf(
          Locale.ROOT,
          "cheap log-probability: serial %.1f us/step, %s %.1f us/step, overhead %.1f us/step"
              + " (median of paired differences; target <= 50 us at 100 walkers, 2 ranks)%n",
          median(c[0]) * 1e6,
          pool.getName(),
          median(c[1]) * 1e6,
          median(c[2]) * 1e6);

      long iterations = calibrate(1e-3);
      LogProbability slow = x -> burn(iterations) + cheap.logProbability(x);
      double[] cost = new double[5];
      for (int i = 0; i < cost.length; i++) {
        cost[i] = timeOne(slow);
      }
      double[][] e = interleaved(repeats, pool, slow, slowSteps);
      System.out.printf(
          Locale.ROOT,
          "%.2f ms log-probability: serial %.1f ms/step, %s %.1f ms/step, speed-up %.2fx"
              + " (median of paired ratios; ideal %dx: the ranks, at most the cores)%n",
          median(cost) * 1e3,
          median(e[0]) * 1e3,
          pool.getName(),
          median(e[1]) * 1e3,
          median(e[3]),
          Math.min(ranks(), Runtime.getRuntime().availableProcessors()));
    }
  }

  /**
   * Serial and pool runs alternated, so that both see the same load on a shared machine: rows are
   * serial s/step, pool s/step, their difference, and serial over pool.
   */
  private static double[][] interleaved(int repeats, Pool pool, LogProbability f, int steps) {
    double[][] out = new double[4][repeats];
    for (int i = 0; i < repeats; i++) {
      out[0][i] = perStep(Pools.serial(), f, steps);
      out[1][i] = perStep(pool, f, steps);
      out[2][i] = out[1][i] - out[0][i];
      out[3][i] = out[0][i] / out[1][i];
    }
    return out;
  }

  /** The job's rank count, read from the launcher's environment. */
  private static int ranks() {
    String size = System.getenv("OMPI_COMM_WORLD_SIZE");
    return size == null ? 1 : Integer.parseInt(size);
  }

  /** Seconds per step of a fresh sampler on {@code pool}, after a short warm-up run. */
  private static double perStep(Pool pool, LogProbability logProb, int steps) {
    RandomStream r = new RandomStream(1);
    double[][] start = new double[NWALKERS][NDIM];
    for (double[] w : start) {
      for (int j = 0; j < NDIM; j++) {
        w[j] = r.nextGaussian();
      }
    }
    Sampler sampler = Sampler.builder().seed(1).build();
    Ensemble e = sampler.run(new Ensemble(logProb, start, pool), Math.max(1, steps / 10));
    long t0 = System.nanoTime();
    sampler.run(e, steps);
    return (System.nanoTime() - t0) / 1e9 / steps;
  }

  private static double median(double[] values) {
    double[] t = values.clone();
    Arrays.sort(t);
    return t[t.length / 2];
  }

  /** CPU work that the JIT cannot remove: a dependent chain of square roots. */
  static double burn(long iterations) {
    double s = 1;
    for (long i = 0; i < iterations; i++) {
      s = Math.sqrt(s + i);
    }
    return s * 1e-300;
  }

  /** The iterations of {@link #burn} that take {@code seconds} on this core, after warm-up. */
  private static long calibrate(double seconds) {
    long n = 10_000;
    double sink = 0;
    for (int round = 0; round < 30; round++) {
      long t0 = System.nanoTime();
      sink += burn(n);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      n = Math.max(1000, (long) (n * seconds / Math.max(elapsed, 1e-7)));
    }
    return sink == 42 ? n + 1 : n;
  }

  private static double timeOne(LogProbability f) {
    double[] x = new double[NDIM];
    long t0 = System.nanoTime();
    f.logProbability(x);
    return (System.nanoTime() - t0) / 1e9;
  }
}
