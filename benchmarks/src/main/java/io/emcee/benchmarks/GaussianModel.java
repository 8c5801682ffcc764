package io.emcee.benchmarks;

import io.emcee.api.LogProbability;

/**
 * The README example model, log p = -½|x|² (a standard normal in any dimension), which every
 * benchmark of the sampler's own speed runs.
 *
 * <pre>{@code double lp = GaussianModel.STANDARD_NORMAL.logProbability(new double[10]);}</pre>
 */
final class GaussianModel {
  private GaussianModel() {}

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
