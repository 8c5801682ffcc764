package io.emcee.it;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.api.RunInterruptedException;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import java.util.Random;

/**
 * Child-JVM program for the Ctrl-C test: samples on the local pool with a log-probability costing
 * about 0.1 ms, prints "sampling" once the run is under way, and on Ctrl-C prints what it kept,
 * resumes the remaining steps and prints the chain's digest.
 */
public final class LocalSigintMain {
  static final int STEPS = 1000;
  static final int NWALKERS = 16;
  static final int NDIM = 3;
  static final long SEED = 77;

  private LocalSigintMain() {}

  static LogProbability model() {
    return x -> {
      long end = System.nanoTime() + 100_000;
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      double s = 0;
      for (double v : x) {
        s += v * v;
      }
      return -0.5 * s;
    };
  }

  static double[][] start() {
    Random r = new Random(5);
    double[][] start = new double[NWALKERS][NDIM];
    for (double[] w : start) {
      for (int j = 0; j < NDIM; j++) {
        w[j] = r.nextGaussian();
      }
    }
    return start;
  }

  private static long poolThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("emcee-local-") && t.isAlive())
        .count();
  }

  /**
   * Runs the program; the pool comes from the class path (local). With the argument {@code
   * describe} it only prints the pool, which says whether Ctrl-C can stop it.
   */
  public static void main(String[] args) {
    try (Pool pool = Pools.load("local")) {
      if (args.length > 0 && args[0].equals("describe")) {
        System.out.println(pool);
        return;
      }
      Sampler sampler = Sampler.builder().seed(SEED).build();
      Ensemble ensemble = new Ensemble(model(), start(), pool);
      try {
        sampler.run(
            ensemble,
            STEPS,
            step -> {
              if (step.getIteration() == 5) {
                System.out.println("sampling");
                System.out.flush();
              }
              return true;
            });
        System.out.println("finished without interrupt");
      } catch (RunInterruptedException e) {
        boolean flag = Thread.interrupted();
        int kept = sampler.getIteration();
        // Ctrl-C sends the pool's threads away as soon as they are idle: within moments.
        long poolThreads = poolThreads();
        for (int i = 0; i < 200 && poolThreads > 0; i++) {
          try {
            Thread.sleep(10);
          } catch (InterruptedException ie) {
            break;
          }
          poolThreads = poolThreads();
        }
        System.out.println(
            "interrupted kept=" + kept + " flag=" + flag + " poolThreads=" + poolThreads);
        sampler.run(sampler.getLastSample(), STEPS - kept);
      }
      System.out.println("steps=" + sampler.getIteration());
      System.out.println("digest=" + ChainDigest.of(sampler));
    }
  }
}
