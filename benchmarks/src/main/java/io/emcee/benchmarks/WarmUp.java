package io.emcee.benchmarks;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.Step;
import io.emcee.core.StepListener;
import java.util.Arrays;
import java.util.Locale;

/**
 * How many steps the scale benchmark runs before it measures: a fixed number, or {@code auto}:
 * blocks of {@value #BLOCK} steps until {@value #PATIENCE} blocks in a row have not brought the
 * block median step time more than 5 % below the last such drop (at most {@value #MAX_STEPS}
 * steps). Freshly started JVMs first compile, migrate partitions and settle their connections; a
 * user's run of thousands of steps spends almost all its time after that. Seventeen grid JVMs on
 * two cores keep getting faster for a thousand steps and more, by a few per cent a block with noise
 * on top, which a rule comparing each block with the one before took for settled. As a {@link
 * StepListener} it times every step and stops the warm-up run once it has settled.
 */
final class WarmUp implements StepListener {
  static final int BLOCK = 10;
  static final int PATIENCE = 5;
  static final int MAX_STEPS = 3000;

  private final int fixed;
  private final long[] nanos;
  private int count;
  private long last;
  private int sinceDrop;
  private double reference = Double.POSITIVE_INFINITY;
  private final StringBuilder trace = new StringBuilder();

  private WarmUp(int fixed) {
    this.fixed = fixed;
    this.nanos = new long[fixed < 0 ? MAX_STEPS : Math.max(fixed, 1)];
  }

  /**
   * Parses {@code auto} or a number of steps.
   *
   * @param text the option's value
   * @return the policy
   */
  static WarmUp parse(String text) {
    if (text.equals("auto")) {
      return new WarmUp(-1);
    }
    int steps = Integer.parseInt(text);
    if (steps < 0) {
      throw new IllegalArgumentException("warm-up steps must be auto or at least 0: " + text);
    }
    return new WarmUp(steps);
  }

  /**
   * Runs the warm-up: {@code model} from {@code walkers} through {@code pool}, at most {@link
   * #MAX_STEPS} steps for auto (it stops itself once settled) or the fixed number, timing each.
   *
   * @param seed the sampler's seed
   */
  void run(LogProbability model, double[][] walkers, Pool pool, long seed) {
    int steps = fixed < 0 ? MAX_STEPS : fixed;
    if (steps > 0) {
      last = System.nanoTime();
      Sampler.builder().seed(seed).build().run(new Ensemble(model, walkers, pool), steps, this);
    }
  }

  @Override
  public boolean onStep(Step step) {
    long now = System.nanoTime();
    nanos[count++] = now - last;
    last = now;
    if (count % BLOCK != 0) {
      return count < nanos.length;
    }
    double median = median(nanos, count - BLOCK, count) / 1e6;
    trace.append(String.format(Locale.ROOT, " %.1f", median));
    if (median < 0.95 * reference) {
      reference = median;
      sinceDrop = 0;
    } else {
      sinceDrop++;
    }
    boolean settled = fixed < 0 && sinceDrop >= PATIENCE;
    return !settled && count < nanos.length;
  }

  /** What the warm-up did, for the benchmark's log. */
  String describe() {
    return (fixed < 0 ? "auto warm-up: " : "fixed warm-up: ")
        + count
        + " steps"
        + (trace.length() == 0 ? "" : ", median ms/step per block of " + BLOCK + ":" + trace);
  }

  static double median(long[] values, int from, int to) {
    long[] sorted = Arrays.copyOfRange(values, from, to);
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
