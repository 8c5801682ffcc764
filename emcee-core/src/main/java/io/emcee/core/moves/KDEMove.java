package io.emcee.core.moves;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.internal.Linalg;
import io.emcee.core.random.RandomStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Proposals from a Gaussian kernel density estimate of the complementary ensemble (a simplified
 * kombine, as emcee's {@code KDEMove}): a proposal is a complementary walker plus {@code N(0, f^2
 * C)}, with {@code C} the complementary walkers' covariance and {@code f} the bandwidth factor
 * (Scott's {@code n^(-1/(ndim+4))} by default, as scipy's {@code gaussian_kde}); the Hastings
 * factor is {@code kde(x) / kde(q)}. Works best with many walkers.
 *
 * <p>The bandwidth is chosen as scipy's {@code bw_method}: a rule ({@link Bandwidth}), a fixed
 * factor, or a function of the complementary walkers ({@link BandwidthMethod}), which gets them as
 * a {@link Dataset} at every half-step and returns the factor.
 *
 * <pre>{@code new Sampler(new KDEMove(data -> 0.5 * data.scottFactor()))}</pre>
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

  /**
   * The bandwidth factor as a function of the points the kernel is fitted to, as a callable {@code
   * bw_method} of scipy's {@code gaussian_kde} (which gets the KDE and returns a scalar).
   *
   * <pre>{@code KDEMove.BandwidthMethod half = data -> 0.5 * data.scottFactor();}</pre>
   */
  @FunctionalInterface
  @Stability(Stability.Level.STABLE)
  public interface BandwidthMethod {

    /**
     * The factor multiplying the points' standard deviations to give the kernel's.
     *
     * @param data the complementary walkers of this half-step; valid only during the call
     * @return a finite positive factor
     */
    double factor(Dataset data);
  }

  /**
   * The points a {@link BandwidthMethod} chooses a bandwidth for: the complementary walkers of one
   * half-step, read-only and valid during the call (scipy's {@code kde.dataset}, {@code kde.n},
   * {@code kde.d}).
   *
   * <pre>
   * {@code double f = data.getPointCount() < 50 ? data.silvermanFactor() : data.scottFactor();}
   * </pre>
   */
  @Stability(Stability.Level.STABLE)
  public static final class Dataset {
    private final Split split;

    Dataset(Split split) {
      this.split = split;
    }

    /**
     * How many points the kernel is fitted to (scipy's {@code n}).
     *
     * @return the number of complementary walkers
     */
    public int getPointCount() {
      return split.getComplementCount();
    }

    /**
     * The number of dimensions (scipy's {@code d}).
     *
     * @return ndim
     */
    public int getDimension() {
      return split.getDimension();
    }

    /**
     * One coordinate of one point.
     *
     * @param point 0 to {@code getPointCount() - 1}
     * @param dim 0 to {@code getDimension() - 1}
     * @return its value
     */
    public double get(int point, int dim) {
      return split.getCoords()[split.getComplement(point) * split.getDimension() + dim];
    }

    /**
     * Scott's factor for these points, {@code n^(-1/(d+4))}: scipy's default.
     *
     * @return the factor
     */
    public double scottFactor() {
      return Math.pow(getPointCount(), -1.0 / (getDimension() + 4));
    }

    /**
     * Silverman's factor for these points, {@code (n (d+2) / 4)^(-1/(d+4))}.
     *
     * @return the factor
     */
    public double silvermanFactor() {
      int d = getDimension();
      return Math.pow(getPointCount() * (d + 2) / 4.0, -1.0 / (d + 4));
    }
  }

  private final Bandwidth rule;
  private final double fixedFactor;
  private final @Nullable BandwidthMethod method;

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
    this.method = null;
  }

  /**
   * A KDE move whose bandwidth factor a function of the complementary walkers chooses (scipy's
   * callable {@code bw_method}).
   *
   * @param method returns the factor for the points of each half-step
   */
  public KDEMove(BandwidthMethod method) {
    this(method, RedBlueOptions.DEFAULT);
  }

  /**
   * A KDE move with a bandwidth function and the given split options.
   *
   * @param method returns the factor for the points of each half-step
   * @param options how to split the ensemble
   */
  public KDEMove(BandwidthMethod method, RedBlueOptions options) {
    super(options);
    this.rule = Bandwidth.SCOTT;
    this.fixedFactor = Double.NaN;
    this.method = Objects.requireNonNull(method, "method");
  }

  /**
   * A KDE move with a fixed bandwidth factor (scipy's scalar {@code bw_method}).
   *
   * @param factor the factor multiplying the ensemble's standard deviations, positive
   */
  public KDEMove(double factor) {
    this(factor, RedBlueOptions.DEFAULT);
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
    this.method = null;
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

  private double bandwidthFactor(Split split) {
    Dataset data = new Dataset(split);
    BandwidthMethod m = method;
    if (m != null) {
      double f = m.factor(data);
      if (!(f > 0) || Double.isInfinite(f)) {
        throw new EmceeException(
            "EMCEE-M007",
            "KDEMove: the bandwidth method "
                + MoveNames.stableName(m.getClass())
                + " returned "
                + f
                + " for "
                + data.getPointCount()
                + " points in "
                + data.getDimension()
                + " dimensions; return a finite, positive factor");
      }
      return f;
    }
    if (!Double.isNaN(fixedFactor)) {
      return fixedFactor;
    }
    return rule == Bandwidth.SCOTT ? data.scottFactor() : data.silvermanFactor();
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
    double f = bandwidthFactor(split);
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
    BandwidthMethod m = method;
    if (m != null) {
      return "KDEMove(bandwidth method " + MoveNames.stableName(m.getClass()) + ")";
    }
    return "KDEMove(" + (Double.isNaN(fixedFactor) ? rule : "factor=" + fixedFactor) + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
