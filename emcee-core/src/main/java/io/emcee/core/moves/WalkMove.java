package io.emcee.core.moves;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.random.RandomStream;

/**
 * The walk move of Goodman and Weare (2010) with emcee's red-blue parallelisation: each walker
 * proposes {@code x + N(0, C)}, with {@code C} the covariance of {@code s} walkers drawn without
 * replacement from the complementary ensemble (all of it by default). The draw is made as {@code x
 * + sum_j z_j (c_j - mean(c)) / sqrt(s - 1)} with {@code z_j ~ N(0, 1)}, which has exactly that
 * covariance and needs no factorisation, even when {@code s <= ndim}. Symmetric, so no Hastings
 * factor.
 *
 * <pre>{@code new Sampler(new WalkMove())}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class WalkMove extends RedBlueMove {
  private final int s;

  /** emcee's default: the whole complementary ensemble helps every proposal. */
  public WalkMove() {
    this(0, RedBlueOptions.DEFAULT);
  }

  /**
   * A walk move with {@code s} helper walkers.
   *
   * @param s the number of helpers, at least 2; 0 for the whole complementary ensemble
   */
  public WalkMove(int s) {
    this(s, RedBlueOptions.DEFAULT);
  }

  /**
   * A walk move with {@code s} helper walkers and the given split options.
   *
   * @param s the number of helpers, at least 2; 0 for the whole complementary ensemble
   * @param options how to split the ensemble
   */
  public WalkMove(int s, RedBlueOptions options) {
    super(options);
    if (s == 1 || s < 0) {
      throw new EmceeException(
          "EMCEE-M004",
          "WalkMove: s = "
              + s
              + " but a covariance needs at least 2 helper walkers (or 0 for all)");
    }
    this.s = s;
  }

  @Override
  public void validate(int nwalkers, int ndim) {
    super.validate(nwalkers, ndim);
    int nsplits = getOptions().nsplits();
    int smallestComplement = nwalkers - (nwalkers + nsplits - 1) / nsplits;
    if (s > smallestComplement || smallestComplement < 2) {
      throw new EmceeException(
          "EMCEE-M004",
          "WalkMove: s = "
              + (s == 0 ? "all" : String.valueOf(s))
              + " helpers, but with "
              + nwalkers
              + " walkers the complementary ensemble can hold only "
              + smallestComplement
              + "; use fewer helpers or more walkers");
    }
  }

  @Override
  protected boolean propose(
      Split split, RandomStream random, double[] proposals, double[] factors) {
    double[] coords = split.getCoords();
    int ndim = split.getDimension();
    int nc = split.getComplementCount();
    int helpers = s == 0 ? nc : s;
    int[] chosen = new int[nc];
    double[] mean = new double[ndim];
    double scale = 1 / Math.sqrt(helpers - 1.0);
    for (int i = 0; i < nc; i++) {
      chosen[i] = split.getComplement(i);
    }
    if (helpers == nc) {
      meanOf(coords, ndim, chosen, nc, mean);
    }
    for (int k = 0; k < split.getActiveCount(); k++) {
      if (helpers < nc) {
        // A partial Fisher-Yates shuffle picks `helpers` walkers without replacement.
        for (int i = 0; i < helpers; i++) {
          int j = i + random.nextInt(nc - i);
          int t = chosen[i];
          chosen[i] = chosen[j];
          chosen[j] = t;
        }
        meanOf(coords, ndim, chosen, helpers, mean);
      }
      int q = k * ndim;
      System.arraycopy(coords, split.getActive(k) * ndim, proposals, q, ndim);
      for (int i = 0; i < helpers; i++) {
        double z = random.nextGaussian() * scale;
        int c = chosen[i] * ndim;
        for (int j = 0; j < ndim; j++) {
          proposals[q + j] += z * (coords[c + j] - mean[j]);
        }
      }
      factors[k] = 0;
    }
    return false;
  }

  private static void meanOf(double[] coords, int ndim, int[] walkers, int n, double[] mean) {
    java.util.Arrays.fill(mean, 0);
    for (int i = 0; i < n; i++) {
      int c = walkers[i] * ndim;
      for (int j = 0; j < ndim; j++) {
        mean[j] += coords[c + j];
      }
    }
    for (int j = 0; j < ndim; j++) {
      mean[j] /= n;
    }
  }

  @Override
  public String describe() {
    return "WalkMove(s=" + (s == 0 ? "all" : String.valueOf(s)) + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
