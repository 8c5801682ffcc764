package io.emcee.examples;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.random.RandomStream;
import java.util.Arrays;
import java.util.List;

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
      System.out.println(DemoReport.header(ndim, nwalkers, steps, pool.getName(), ""));
      System.out.println(DemoReport.acceptance(acceptance));
      System.out.println(DemoReport.tau(tau, "", ""));
      System.out.println(
          DemoReport.moments(List.<double[][]>of(sampler.getFlatCoords(discard, 1))));
      System.out.println(DemoReport.wallTime(seconds, steps, (double) steps * nwalkers));
    }
  }
}
