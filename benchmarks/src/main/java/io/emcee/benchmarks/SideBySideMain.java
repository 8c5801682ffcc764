package io.emcee.benchmarks;

import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.moves.RedBlueOptions;
import io.emcee.core.moves.StretchMove;
import io.emcee.core.random.RandomStream;
import java.util.Locale;

/**
 * Our sampler against the hand-written loop ({@link HandWrittenStretch}) on the README example (log
 * p = -½|x|², serial, chains of 1000 steps like the README example's) and a scaling grid, printing
 * one line per case: {@code case ndim nwalkers ours_us_per_step hand_us_per_step}. With arguments
 * {@code ndim nwalkers} it runs that one case. benchmarks/side-by-side.sh runs it next to emcee and
 * prints the ratios. Run alone: {@code bin/benchmark SideBySideMain}.
 */
public final class SideBySideMain {
  private SideBySideMain() {}

  /** The README example's chain length; every run stores a fresh chain of this many steps. */
  private static final int STEPS = 1000;

  /**
   * Runs every case, or the one given.
   *
   * @param args nothing, or {@code ndim nwalkers}
   */
  public static void main(String[] args) {
    System.out.println("# case ndim nwalkers ours_us_per_step hand_us_per_step");
    if (args.length == 2) {
      int ndim = Integer.parseInt(args[0]);
      int nwalkers = Integer.parseInt(args[1]);
      measure(ndim == 10 && nwalkers == 100 ? "seed" : "grid", ndim, nwalkers);
      return;
    }
    measure("seed", 10, 100);
    for (int ndim : new int[] {2, 10, 50}) {
      for (int nwalkers : new int[] {32, 128, 512}) {
        measure("grid", ndim, nwalkers);
      }
    }
  }

  private static void measure(String name, int ndim, int nwalkers) {
    // About 1e8 walker-steps per side after the warm-up, in chains of STEPS steps; at least 20.
    int runs = Math.max(20, 100_000_000 / (nwalkers * Math.max(ndim, 10) * STEPS));
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
    // Alternate the two, after at least three seconds of warm-up (chains of 1000 steps are short
    // next to what the JIT needs), and keep the best of each: load from other processes only
    // ever slows a run down. Each run is a new sampler with a new chain, as in the README example.
    long warmUpEnd = System.nanoTime() + 3_000_000_000L;
    for (int round = 0; round < runs || System.nanoTime() < warmUpEnd; round++) {
      long t0 = System.nanoTime();
      Sampler sampler =
          Sampler.builder()
              .seed(round)
              .move(new StretchMove(2.0, RedBlueOptions.DEFAULT.withLiveDangerously(true)), 1)
              .skipInitialStateCheck(true)
              .build();
      sampler.run(new Ensemble(GaussianModel.STANDARD_NORMAL, start2d, Pools.serial()), STEPS);
      long t1 = System.nanoTime();
      HandWrittenStretch.run(GaussianModel.STANDARD_NORMAL, start, nwalkers, ndim, STEPS, round);
      long t2 = System.nanoTime();
      if (t0 >= warmUpEnd) {
        ours = Math.min(ours, (t1 - t0) / 1e3 / STEPS);
        hand = Math.min(hand, (t2 - t1) / 1e3 / STEPS);
      } else {
        runs++; // a warm-up round does not count
      }
    }
    System.out.printf(Locale.ROOT, "%s %d %d %.3f %.3f%n", name, ndim, nwalkers, ours, hand);
  }
}
