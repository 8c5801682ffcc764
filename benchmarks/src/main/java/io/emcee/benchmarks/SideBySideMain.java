package io.emcee.benchmarks;

import io.emcee.api.LogProbability;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.moves.RedBlueOptions;
import io.emcee.core.moves.StretchMove;
import io.emcee.core.random.RandomStream;
import java.util.Locale;

/**
 * Our sampler against the hand-written loop ({@link HandWrittenStretch}) on the seed's example (log
 * p = -½|x|², serial) and a scaling grid, printing one line per case: {@code case ndim nwalkers
 * ours_us_per_step hand_us_per_step}. benchmarks/side-by-side.sh runs it next to emcee and prints
 * the ratios. Run alone: {@code bin/benchmark SideBySideMain}.
 */
public final class SideBySideMain {
  private SideBySideMain() {}

  private static final LogProbability STANDARD_NORMAL =
      x -> {
        double s = 0;
        for (double v : x) {
          s += v * v;
        }
        return -0.5 * s;
      };

  /**
   * Runs every case.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println("# case ndim nwalkers ours_us_per_step hand_us_per_step");
    measure("seed", 10, 100);
    for (int ndim : new int[] {2, 10, 50}) {
      for (int nwalkers : new int[] {32, 128, 512}) {
        measure("grid", ndim, nwalkers);
      }
    }
  }

  private static void measure(String name, int ndim, int nwalkers) {
    // About 2e7 walker-steps per measurement; at least 200 steps.
    int steps = Math.max(200, 20_000_000 / (nwalkers * Math.max(ndim, 10)));
    double[] start = new double[nwalkers * ndim];
    RandomStream r = new RandomStream(42);
    for (int i = 0; i < start.length; i++) {
      start[i] = r.nextGaussian();
    }
    double[][] start2d = new double[nwalkers][ndim];
    for (int w = 0; w < nwalkers; w++) {
      System.arraycopy(start, w * ndim, start2d[w], 0, ndim);
    }
    double ours = Double.MAX_VALUE;
    double hand = Double.MAX_VALUE;
    // Alternate the two, three rounds each after a warm-up round, and keep the best of each:
    // load from other processes only ever slows a run down.
    for (int round = 0; round < 4; round++) {
      long t0 = System.nanoTime();
      Sampler sampler =
          Sampler.builder()
              .seed(round)
              .move(new StretchMove(2.0, RedBlueOptions.DEFAULT.withLiveDangerously(true)), 1)
              .skipInitialStateCheck(true)
              .build();
      sampler.run(new Ensemble(STANDARD_NORMAL, start2d, Pools.serial()), steps);
      long t1 = System.nanoTime();
      HandWrittenStretch.run(STANDARD_NORMAL, start, nwalkers, ndim, steps, round);
      long t2 = System.nanoTime();
      if (round > 0) {
        ours = Math.min(ours, (t1 - t0) / 1e3 / steps);
        hand = Math.min(hand, (t2 - t1) / 1e3 / steps);
      }
    }
    System.out.printf(Locale.ROOT, "%s %d %d %.3f %.3f%n", name, ndim, nwalkers, ours, hand);
  }
}
