package io.emcee.benchmarks;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.random.RandomStream;
import io.emcee.pool.local.InterruptiblePool;
import java.util.Locale;

/**
 * The local pool against the serial one, in one run: speed-up for log-probabilities costing about 1
 * ms and 10 µs (busy arithmetic, not sleep) with 32 and 128 walkers, and the time per step and the
 * pool's overhead for a trivial one with 100 walkers. Alternates serial and local runs and keeps
 * the best of each. Run: {@code bin/benchmark LocalPoolSpeedupMain [threads]}.
 */
public final class LocalPoolSpeedupMain {
  private LocalPoolSpeedupMain() {}

  /** A log-probability that works for about {@code nanos} before returning -½|x|². */
  static LogProbability costing(long nanos) {
    return x -> {
      double s = 0;
      for (double v : x) {
        s += v * v;
      }
      if (nanos > 0) {
        long end = System.nanoTime() + nanos;
        double acc = s;
        while (System.nanoTime() < end) {
          acc = Math.sqrt(acc + 1.0);
        }
        s += acc * 0; // keeps the busy work alive without changing the value
      }
      return -0.5 * s;
    };
  }

  static double[][] start(int nwalkers, int ndim) {
    RandomStream r = new RandomStream(1);
    double[][] s = new double[nwalkers][ndim];
    for (double[] w : s) {
      for (int j = 0; j < ndim; j++) {
        w[j] = r.nextGaussian();
      }
    }
    return s;
  }

  /** Seconds per stored step, best of {@code rounds} runs after one warm-up run. */
  static double timePerStep(LogProbability lp, int nwalkers, int ndim, int steps, Pool pool) {
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 4; round++) {
      Sampler sampler = Sampler.builder().seed(round).build();
      Ensemble start = new Ensemble(lp, start(nwalkers, ndim), pool);
      long t0 = System.nanoTime();
      sampler.run(start, steps);
      double t = (System.nanoTime() - t0) / 1e9 / steps;
      if (round > 0) {
        best = Math.min(best, t);
      }
    }
    return best;
  }

  /**
   * Runs the comparison.
   *
   * @param args optionally the number of threads (default: available processors)
   */
  public static void main(String[] args) {
    int threads =
        args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
    System.out.printf(
        Locale.ROOT,
        "# local pool, %d threads, %d cores; per stored step, best of 3 after a warm-up%n",
        threads,
        Runtime.getRuntime().availableProcessors());
    System.out.println("| log-probability | walkers | serial | local | speed-up |");
    System.out.println("|---|---|---|---|---|");
    try (InterruptiblePool local = new InterruptiblePool(threads, false)) {
      for (long cost : new long[] {1_000_000, 10_000}) {
        for (int nwalkers : new int[] {32, 128}) {
          int steps = (int) Math.max(20, Math.min(2000, 2e9 / (cost * nwalkers) / 4));
          LogProbability lp = costing(cost);
          double serial = timePerStep(lp, nwalkers, 5, steps, Pools.serial());
          double parallel = timePerStep(lp, nwalkers, 5, steps, local);
          System.out.printf(
              Locale.ROOT,
              "| ~%s | %d | %s | %s | %.2f× |%n",
              cost >= 1_000_000 ? "1 ms" : "10 µs",
              nwalkers,
              format(serial),
              format(parallel),
              serial / parallel);
        }
      }
      LogProbability trivial = costing(0);
      double serial = timePerStep(trivial, 100, 10, 20_000, Pools.serial());
      double parallel = timePerStep(trivial, 100, 10, 20_000, local);
      System.out.printf(
          Locale.ROOT,
          "| trivial (-½|x|², 10-D) | 100 | %s | %s | %.2f× |%n",
          format(serial),
          format(parallel),
          serial / parallel);
      System.out.printf(
          Locale.ROOT,
          "%noverhead of the local pool per step (local - serial, trivial log-probability, 100"
              + " walkers): %.1f µs%n",
          (parallel - serial) * 1e6);
    }
  }

  private static String format(double seconds) {
    return seconds >= 1e-3
        ? String.format(Locale.ROOT, "%.2f ms", seconds * 1e3)
        : String.format(Locale.ROOT, "%.1f µs", seconds * 1e6);
  }
}
