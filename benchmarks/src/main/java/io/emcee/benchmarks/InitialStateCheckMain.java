package io.emcee.benchmarks;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.diagnostics.WalkerIndependence;
import io.emcee.core.random.RandomStream;
import io.emcee.pool.local.InterruptiblePool;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * The start-state check ({@code walkers_independent}) against one sampler step on the same
 * ensemble: walkers in a small ball, {@code nwalkers = 2 ndim}. The step is timed for two Gaussian
 * models: the standard normal (cost O(ndim) per walker, the cheapest a model can be) and a
 * correlated one with a dense precision matrix (O(ndim²) per walker), on the serial pool and on
 * this JVM's threads. "first step" is a whole {@code run(start, 1)} with the check skipped: the
 * start's log-probabilities and one step. Each figure is the best of a few rounds, as wall-clock
 * seconds and, in brackets, the CPU seconds of the whole process (all threads), which a busy
 * machine inflates less.
 *
 * <p>Run: {@code bin/benchmark InitialStateCheckMain [ndim,ndim,...] [rounds] [check]} (default
 * {@code 200,500,2000} and 3 rounds; 1 round from 1000 dimensions on; {@code check} times the check
 * only).
 */
public final class InitialStateCheckMain {
  private InitialStateCheckMain() {}

  /**
   * Runs the comparison and prints one table row per size.
   *
   * @param args the dimensions and the number of rounds, see the class comment
   */
  public static void main(String[] args) {
    int[] dims =
        args.length > 0
            ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
            : new int[] {200, 500, 2000};
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    boolean checkOnly = args.length > 2 && args[2].equals("check");
    System.out.println(
        "| walkers x dims | check s | first step s, N(0,I), serial | first step s, dense"
            + " Gaussian, serial | first step s, dense Gaussian, local threads |");
    System.out.println("|---|---|---|---|---|");
    for (int ndim : dims) {
      int nwalkers = 2 * ndim;
      int r = ndim >= 1000 ? 1 : rounds;
      double[][] start = ball(nwalkers, ndim, 1);
      double[] flat = new double[nwalkers * ndim];
      for (int w = 0; w < nwalkers; w++) {
        System.arraycopy(start[w], 0, flat, w * ndim, ndim);
      }
      String check =
          best(
              () -> {
                if (!WalkerIndependence.walkersIndependent(flat, nwalkers, ndim)) {
                  throw new IllegalStateException("a ball of walkers was judged dependent");
                }
              },
              r);
      if (checkOnly) {
        System.out.printf(Locale.ROOT, "| %d x %d | %s | | | |%n", nwalkers, ndim, check);
        continue;
      }
      LogProbability dense = denseGaussian(ndim);
      String normal = firstStep(GaussianModel.STANDARD_NORMAL, start, Pools.serial(), r);
      String denseSerial = firstStep(dense, start, Pools.serial(), r);
      String denseLocal;
      try (Pool local = new InterruptiblePool(Runtime.getRuntime().availableProcessors())) {
        denseLocal = firstStep(dense, start, local, r);
      }
      System.out.printf(
          Locale.ROOT,
          "| %d x %d | %s | %s | %s | %s |%n",
          nwalkers,
          ndim,
          check,
          normal,
          denseSerial,
          denseLocal);
    }
  }

  /** Process CPU time of all threads, in nanoseconds. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Best wall-clock and CPU seconds of {@code task} over the rounds after a warm-up round. */
  private static String best(Runnable task, int rounds) {
    double wall = Double.MAX_VALUE;
    double cpu = Double.MAX_VALUE;
    for (int i = 0; i < rounds + (rounds > 1 ? 1 : 0); i++) {
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      task.run();
      double t = (System.nanoTime() - t0) / 1e9;
      double c = (cpuNanos() - c0) / 1e9;
      if (i > 0 || rounds == 1) {
        wall = Math.min(wall, t);
        cpu = Math.min(cpu, c);
      }
    }
    return String.format(Locale.ROOT, "%.3f (%.2f)", wall, cpu);
  }

  private static String firstStep(LogProbability lp, double[][] start, Pool pool, int rounds) {
    int[] seed = {0};
    return best(
        () ->
            Sampler.builder()
                .seed(seed[0]++)
                .skipInitialStateCheck(true)
                .build()
                .run(new Ensemble(lp, start, pool), 1),
        rounds);
  }

  /** {@code x0 + 1e-4 N(0, 1)} per coordinate, as emcee's documentation starts its walkers. */
  static double[][] ball(int nwalkers, int ndim, long seed) {
    RandomStream r = new RandomStream(seed);
    double[][] s = new double[nwalkers][ndim];
    for (double[] w : s) {
      for (int j = 0; j < ndim; j++) {
        w[j] = 0.5 + 1e-4 * r.nextGaussian();
      }
    }
    return s;
  }

  /**
   * log p = -½ xᵀ P x with {@code P[i][j] = 0.5^|i - j|} (positive definite) evaluated as a dense
   * matrix, so one evaluation costs ndim² multiply-adds.
   */
  static LogProbability denseGaussian(int ndim) {
    double[] p = new double[ndim * ndim];
    for (int i = 0; i < ndim; i++) {
      for (int j = 0; j < ndim; j++) {
        p[i * ndim + j] = Math.pow(0.5, Math.abs(i - j));
      }
    }
    return x -> {
      double q = 0;
      for (int i = 0; i < ndim; i++) {
        double row = 0;
        int o = i * ndim;
        for (int j = 0; j < ndim; j++) {
          row += p[o + j] * x[j];
        }
        q += x[i] * row;
      }
      return -0.5 * q;
    };
  }
}
