package io.emcee.it;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.api.RunInterruptedException;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.FileBackend;
import java.nio.file.Path;
import java.util.Random;

/**
 * Child-JVM program for the storage tests: samples {@code steps} steps of a 10-D Gaussian with 24
 * walkers into a chain file (or memory), on the serial or local pool, with a log-probability that
 * spins for {@code costNanos}. Prints "sampling" after 5 steps; on Ctrl-C prints what it kept and
 * closes the file. Arguments: {@code file|memory path steps flushEvery costNanos serial|local}.
 */
public final class FileChainMain {
  static final int NWALKERS = 24;
  static final int NDIM = 10;
  static final long SEED = 99;

  private FileChainMain() {}

  static LogProbability model(long costNanos) {
    return x -> {
      if (costNanos > 0) {
        long end = System.nanoTime() + costNanos;
        while (System.nanoTime() < end) {
          Thread.onSpinWait();
        }
      }
      double s = 0;
      for (double v : x) {
        s += v * v;
      }
      return -0.5 * s;
    };
  }

  static double[][] start() {
    Random r = new Random(12);
    double[][] start = new double[NWALKERS][NDIM];
    for (double[] w : start) {
      for (int j = 0; j < NDIM; j++) {
        w[j] = r.nextGaussian();
      }
    }
    return start;
  }

  static Sampler.Builder sampler() {
    return Sampler.builder().seed(SEED).fingerprint("gauss-10d");
  }

  /** Runs the program. */
  public static void main(String[] args) {
    boolean file = args[0].equals("file");
    Path path = Path.of(args[1]);
    int steps = Integer.parseInt(args[2]);
    int flushEvery = Integer.parseInt(args[3]);
    long cost = Long.parseLong(args[4]);
    boolean local = args[5].equals("local");
    try (Pool pool = local ? Pools.load("local") : Pools.serial();
        ChainBackend chain =
            file
                ? FileBackend.open(
                    path, FileBackend.Options.DEFAULT.withFlushEverySteps(flushEvery))
                : ChainBackend.inMemory()) {
      Sampler sampler = sampler().backend(chain).build();
      try {
        sampler.run(
            new Ensemble(model(cost), start(), pool),
            steps,
            step -> {
              if (step.getIteration() == 5) {
                System.out.println("sampling");
                System.out.flush();
              }
              return true;
            });
        System.out.println("finished steps=" + sampler.getIteration());
      } catch (RunInterruptedException e) {
        System.out.println("interrupted kept=" + sampler.getIteration());
      }
    }
    System.out.println("closed");
  }
}
