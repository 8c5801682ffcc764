package io.emcee.core.moves;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.internal.Linalg;
import io.emcee.core.random.RandomStream;

/**
 * Proposals from a Gaussian kernel density estimate of the complementary ensemble (a simplified
 * kombine, as emcee's {@code KDEMove}): a proposal is a complementary walker plus {@code N(0, f^2
 * C)}, with {@code C} the complementary walkers' covariance and {@code f} the bandwidth factor
 * (Scott's {@code n^(-1/(ndim+4))} by default, as scipy's {@code gaussian_kde}); the Hastings
 * factor is {@code kde(x) / kde(q)}. Works best with many walkers.
 *
 * <pre>{@code new Sampler(new KDEMove(KDEMove.Bandwidth.SCOTT))}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class KDEMove extends RedBlueMove {

  /** How the kernel's bandwidth factor is chosen from {@code n} points in {@code d} dimensions. */
  public enum Bandwidth {
    /** Scott's rule, {@code n^(-1/(d+4))}: scipy's default. */
    SCOTT,
    /** Silverman's rule, {@code (n (d+2) / 4)^(-1/(d+4))}. */
    SILVERMAN
  }

  private final Bandwidth rule;
  private final double fixedFactor;

  /** emcee's default: Scott's bandwidth. */
  public KDEMove() {
    this(Bandwidth.SCOTT);
  }

  /**
   * A KDE move with a bandwidth rule.
   *
   * @param rule Scott's or Silverman's rule
   */
  public KDEMove(Bandwidth rule) {
    super(RedBlueOptions.DEFAULT);
    this.rule = rule;
    this.fixedFactor = Double.NaN;
  }

  /**
   * A KDE move with a fixed bandwidth factor (scipy's scalar {@code bw_method}).
   *
   * @param factor the factor multiplying the ensemble's standard deviations, positive
   * @param options how to split the ensemble
   */
  public KDEMove(double factor, RedBlueOptions options) {
    super(options);
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new EmceeException(
          "EMCEE-M007",
          "KDEMove: bandwidth factor = " + factor + " but must be finite and positive");
    }
    this.rule = Bandwidth.SCOTT;
    this.fixedFactor = factor;
  }

  @Override
  public void validate(int nwalkers, int ndim) {
    super.validate(nwalkers, ndim);
    int nsplits = getOptions().nsplits();
    int smallestComplement = nwalkers - (nwalkers + nsplits - 1) / nsplits;
    if (smallestComplement <= ndim) {
      throw new EmceeException(
          "EMCEE-M007",
          "KDEMove fits a "
              + ndim
              + "-dimensional covariance to the complementary ensemble, which needs more than "
              + ndim
              + " walkers, but "
              + nwalkers
              + " walkers leave "
              + smallestComplement
              + "; use many more walkers (the KDE move works best with hundreds)");
    }
  }

  private double bandwidthFactor(int n, int d) {
    if (!Double.isNaN(fixedFactor)) {
      return fixedFactor;
    }
    return rule == Bandwidth.SCOTT
        ? Math.pow(n, -1.0 / (d + 4))
        : Math.pow(n * (d + 2) / 4.0, -1.0 / (d + 4));
  }

  @Override
  protected boolean propose(
      Split split, RandomStream random, double[] proposals, double[] factors) {
    double[] coords = split.getCoords();
    int ndim = split.getDimension();
    int nc = split.getComplementCount();
    double[] mean = new double[ndim];
    for (int i = 0; i < nc; i++) {
      int c = split.getComplement(i) * ndim;
      for (int j = 0; j < ndim; j++) {
        mean[j] += coords[c + j];
      }
    }
    for (int j = 0; j < ndim; j++) {
      mean[j] /= nc;
    }
    double f = bandwidthFactor(nc, ndim);
    double[] cov = new double[ndim * ndim];
    for (int i = 0; i < nc; i++) {
      int c = split.getComplement(i) * ndim;
      for (int a = 0; a < ndim; a++) {
        double da = coords[c + a] - mean[a];
        for (int b = 0; b <= a; b++) {
          cov[a * ndim + b] += da * (coords[c + b] - mean[b]);
        }
      }
    }
    for (int a = 0; a < ndim; a++) {
      for (int b = 0; b <= a; b++) {
        double v = cov[a * ndim + b] / (nc - 1) * f * f;
        cov[a * ndim + b] = v;
        cov[b * ndim + a] = v;
      }
    }
    double[] l = Linalg.cholesky(cov, ndim);
    if (l == null) {
      throw new EmceeException(
          "EMCEE-M008",
          "KDEMove: the covariance of the "
              + nc
              + " complementary walkers is not positive definite (they lie on a"
              + " lower-dimensional subspace); start the walkers in a ball that spans every"
              + " dimension, or use more walkers");
    }
    double[] z = new double[ndim];
    double[] work = new double[ndim];
    double[] diff = new double[ndim];
    for (int k = 0; k < split.getActiveCount(); k++) {
      int centre = split.getComplement(random.nextInt(nc)) * ndim;
      for (int j = 0; j < ndim; j++) {
        z[j] = random.nextGaussian();
      }
      int q = k * ndim;
      for (int a = 0; a < ndim; a++) {
        double v = coords[centre + a];
        for (int b = 0; b <= a; b++) {
          v += l[a * ndim + b] * z[b];
        }
        proposals[q + a] = v;
      }
      int x = split.getActive(k) * ndim;
      factors[k] =
          logKde(coords, x, split, l, ndim, diff, work)
              - logKde(proposals, q, split, l, ndim, diff, work);
    }
    return false;
  }

  /** log of the unnormalised KDE at {@code points[at..]}: the constants cancel in the factor. */
  private static double logKde(
      double[] points, int at, Split split, double[] l, int ndim, double[] diff, double[] work) {
    double[] coords = split.getCoords();
    int nc = split.getComplementCount();
    double max = Double.NEGATIVE_INFINITY;
    double[] terms = new double[nc];
    for (int i = 0; i < nc; i++) {
      int c = split.getComplement(i) * ndim;
      for (int j = 0; j < ndim; j++) {
        diff[j] = points[at + j] - coords[c + j];
      }
      terms[i] = -0.5 * Linalg.mahalanobisSquared(l, ndim, diff, work);
      max = Math.max(max, terms[i]);
    }
    double sum = 0;
    for (double t : terms) {
      sum += Math.exp(t - max);
    }
    return max + Math.log(sum);
  }

  @Override
  public String describe() {
    return "KDEMove(" + (Double.isNaN(fixedFactor) ? rule : "factor=" + fixedFactor) + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
