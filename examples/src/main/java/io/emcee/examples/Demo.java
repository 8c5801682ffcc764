package io.emcee.examples;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.random.RandomStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The README example: a 10-dimensional standard normal sampled by 100 walkers with the default
 * stretch move, on whichever pool the class path and settings select. Prints the pool, acceptance,
 * the integrated autocorrelation time and the wall time. {@code bin/demo} runs the same problem,
 * seed and output through the {@code emcee demo} command, which adds options, plots and a progress
 * bar.
 *
 * <pre>
 * {@code java -cp "$(cat examples/target/classpath.txt):examples/target/classes" io.emcee.examples.Demo [steps]}
 * </pre>
 */
public final class Demo {
  private Demo() {}

  /**
   * Runs the demo.
   *
   * @param args optionally the number of steps (default 10000) and the seed (default 42)
   */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
    int ndim = 10;
    int nwalkers = 100;
    LogProbability logProb =
        x -> {
          double s = 0;
          for (double v : x) {
            s += v * v;
          }
          return -0.5 * s;
        };
    RandomStream init = new RandomStream(seed);
    double[][] start = new double[nwalkers][ndim];
    for (double[] walker : start) {
      for (int j = 0; j < ndim; j++) {
        walker[j] = init.nextGaussian();
      }
    }
    try (Pool pool = Pools.load()) {
      if (!pool.isMaster()) {
        pool.waitForTasks();
        return;
      }
      Sampler sampler = Sampler.builder().seed(seed).build();
      long t0 = System.nanoTime();
      sampler.run(new Ensemble(logProb, start, pool), steps);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double acceptance = Arrays.stream(sampler.getAcceptanceFraction()).average().orElse(0);
      int discard = steps / 5;
      double[] tau = sampler.getIntegratedAutocorrTime(discard, 1, true);
      double[][] flat = sampler.getFlatCoords(discard, 1);
      double mean = 0;
      double var = 0;
      for (double[] x : flat) {
        for (double v : x) {
          mean += v;
          var += v * v;
        }
      }
      int n = flat.length * ndim;
      mean /= n;
      var = var / n - mean * mean;
      System.out.printf(
          Locale.ROOT,
          "emcee-jvm demo: %d-D standard normal, %d walkers, %d steps on the '%s' pool%n",
          ndim,
          nwalkers,
          steps,
          pool.getName());
      System.out.printf(Locale.ROOT, "  mean acceptance fraction: %.3f%n", acceptance);
      System.out.printf(
          Locale.ROOT,
          "  integrated autocorrelation time: mean %.1f steps (min %.1f, max %.1f)%n",
          Arrays.stream(tau).average().orElse(Double.NaN),
          Arrays.stream(tau).min().orElse(Double.NaN),
          Arrays.stream(tau).max().orElse(Double.NaN));
      System.out.printf(
          Locale.ROOT,
          "  samples after burn-in: mean %.3f, variance %.3f (target 0 and 1)%n",
          mean,
          var);
      System.out.printf(
          Locale.ROOT,
          "  wall time: %.3f s (%.2f us per step, %.0f evaluations/s)%n",
          seconds,
          seconds * 1e6 / steps,
          (double) steps * nwalkers / seconds);
    }
  }
}
