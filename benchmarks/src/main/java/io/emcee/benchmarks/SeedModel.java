package io.emcee.benchmarks;

import io.emcee.api.LogProbability;

/**
 * The seed's example model, log p = -½|x|² (a standard normal in any dimension), which every
 * benchmark of the sampler's own speed runs.
 *
 * <pre>{@code double lp = SeedModel.STANDARD_NORMAL.logProbability(new double[10]);}</pre>
 */
final class SeedModel {
  private SeedModel() {}

  /** log p = -½|x|², written as a user would. */
  static final LogProbability STANDARD_NORMAL =
      x -> {
        double s = 0;
        for (double v : x) {
          s += v * v;
        }
        return -0.5 * s;
      };
}
