package io.emcee.core.moves;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.random.RandomStream;
import org.jspecify.annotations.Nullable;

/**
 * Differential evolution (ter Braak 2006; Nelson et al. 2013) as emcee does it: walker {@code x}
 * proposes {@code x + gamma (c_j - c_i)} for an ordered pair of distinct walkers of the
 * complementary ensemble, with {@code gamma = gamma0 (1 + sigma N(0, 1))}; by default {@code sigma
 * = 1e-5} and {@code gamma0 = 2.38 / sqrt(2 ndim)}. Symmetric, so no Hastings factor.
 *
 * <pre>{@code Sampler.builder().move(new DEMove(), 0.8).move(new DESnookerMove(), 0.2).build()}
 * </pre>
 */
@Stability(Stability.Level.STABLE)
public final class DEMove extends RedBlueMove {
  private final double sigma;
  private final @Nullable Double gamma0;

  /** emcee's defaults: {@code sigma = 1e-5}, {@code gamma0 = 2.38 / sqrt(2 ndim)}. */
  public DEMove() {
    this(1e-5, null, RedBlueOptions.DEFAULT);
  }

  /**
   * A DE move with the given spread of the stretch factor.
   *
   * @param sigma the relative standard deviation of gamma, at least 0
   */
  public DEMove(double sigma) {
    this(sigma, null, RedBlueOptions.DEFAULT);
  }

  /**
   * A DE move with all settings.
   *
   * @param sigma the relative standard deviation of gamma, at least 0
   * @param gamma0 the mean stretch factor, positive; null for {@code 2.38 / sqrt(2 ndim)}
   * @param options how to split the ensemble
   */
  public DEMove(double sigma, @Nullable Double gamma0, RedBlueOptions options) {
    super(options);
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new EmceeException(
          "EMCEE-M005", "DEMove: sigma = " + sigma + " but must be finite and at least 0");
    }
    if (gamma0 != null && (!(gamma0 > 0) || Double.isInfinite(gamma0))) {
      throw new EmceeException(
          "EMCEE-M005", "DEMove: gamma0 = " + gamma0 + " but must be finite and positive");
    }
    this.sigma = sigma;
    this.gamma0 = gamma0;
  }

  /** Three walkers per set leave every proposal at least three distinct difference vectors. */
  @Override
  protected int minimumSetSize() {
    return 3;
  }

  @Override
  protected boolean propose(
      Split split, RandomStream random, double[] proposals, double[] factors) {
    double[] coords = split.getCoords();
    int ndim = split.getDimension();
    int nc = split.getComplementCount();
    double g0 = gamma0 != null ? gamma0 : 2.38 / Math.sqrt(2.0 * ndim);
    for (int k = 0; k < split.getActiveCount(); k++) {
      int first = random.nextInt(nc);
      int second = random.nextInt(nc - 1);
      if (second >= first) {
        second++;
      }
      int a = split.getComplement(first) * ndim;
      int b = split.getComplement(second) * ndim;
      double gamma = g0 * (1 + sigma * random.nextGaussian());
      int x = split.getActive(k) * ndim;
      int q = k * ndim;
      for (int j = 0; j < ndim; j++) {
        proposals[q + j] = coords[x + j] + gamma * (coords[b + j] - coords[a + j]);
      }
      factors[k] = 0;
    }
    return false;
  }

  @Override
  public String describe() {
    return "DEMove(sigma="
        + sigma
        + ", gamma0="
        + (gamma0 == null ? "2.38/sqrt(2 ndim)" : gamma0)
        + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
