package io.emcee.core.moves;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.internal.Linalg;
import io.emcee.core.random.RandomStream;
import java.util.Arrays;

/**
 * A Metropolis move with a Gaussian proposal (emcee's {@code GaussianMove}): isotropic (one
 * variance), axis-aligned (a variance per dimension) or general (a full covariance). In {@link
 * Mode#VECTOR} mode every coordinate moves; in {@link Mode#RANDOM} one random coordinate per
 * walker; in {@link Mode#SEQUENTIAL} coordinate {@code t mod ndim} at the {@code t}-th move of the
 * chain. With a {@code factor}, each step scales the proposal by {@code exp(U(-ln factor, ln
 * factor))}.
 *
 * <pre>{@code new Sampler(GaussianMove.diagonal(0.1, 0.1, 2.0).withMode(GaussianMove.Mode.RANDOM))}
 * </pre>
 */
@Stability(Stability.Level.STABLE)
public final class GaussianMove extends MHMove {

  /** Which coordinates a proposal changes. */
  public enum Mode {
    /** All of them. */
    VECTOR,
    /** One, chosen at random per walker. */
    RANDOM,
    /** One, the same for every walker, cycling through the dimensions step by step. */
    SEQUENTIAL
  }

  private final double[] scales;
  private final double[] cholesky;
  private final int size;
  private final Mode mode;
  private final double factor;

  private GaussianMove(double[] scales, double[] cholesky, int size, Mode mode, double factor) {
    super(size);
    this.scales = scales;
    this.cholesky = cholesky;
    this.size = size;
    this.mode = mode;
    this.factor = factor;
  }

  /**
   * An isotropic proposal with variance {@code variance} in every dimension.
   *
   * @param variance positive
   * @return the move
   */
  public static GaussianMove isotropic(double variance) {
    checkVariance(variance, "variance");
    return new GaussianMove(new double[] {Math.sqrt(variance)}, new double[0], 0, Mode.VECTOR, 1);
  }

  /**
   * An axis-aligned proposal with one variance per dimension.
   *
   * @param variances positive, one per dimension
   * @return the move
   */
  public static GaussianMove diagonal(double... variances) {
    if (variances.length == 0) {
      throw new EmceeException(
          "EMCEE-M010", "GaussianMove.diagonal got no variances; give one per dimension");
    }
    double[] scales = new double[variances.length];
    for (int i = 0; i < variances.length; i++) {
      checkVariance(variances[i], "variance[" + i + "]");
      scales[i] = Math.sqrt(variances[i]);
    }
    return new GaussianMove(scales, new double[0], variances.length, Mode.VECTOR, 1);
  }

  /**
   * A general proposal with covariance {@code covariance}.
   *
   * @param covariance a symmetric positive-definite {@code ndim x ndim} matrix
   * @return the move
   * @throws EmceeException (EMCEE-M010) when it is not square, symmetric and positive definite
   */
  public static GaussianMove full(double[][] covariance) {
    int n = covariance.length;
    if (n == 0) {
      throw new EmceeException(
          "EMCEE-M010",
          "GaussianMove: the covariance is empty (0 x 0); give an ndim x ndim matrix, e.g. the"
              + " identity times a small variance");
    }
    double[] flat = new double[n * n];
    for (int i = 0; i < n; i++) {
      if (covariance[i].length != n) {
        throw new EmceeException(
            "EMCEE-M010",
            "GaussianMove: the covariance must be square, but row "
                + i
                + " has "
                + covariance[i].length
                + " entries for "
                + n
                + " rows");
      }
      for (int j = 0; j < n; j++) {
        double v = covariance[i][j];
        if (!Double.isFinite(v) || v != covariance[j][i]) {
          throw new EmceeException(
              "EMCEE-M010",
              "GaussianMove: the covariance must be finite and symmetric, but entry ["
                  + i
                  + "]["
                  + j
                  + "] = "
                  + v
                  + " and ["
                  + j
                  + "]["
                  + i
                  + "] = "
                  + covariance[j][i]);
        }
        flat[i * n + j] = v;
      }
    }
    double[] l = Linalg.cholesky(flat, n);
    if (l == null) {
      throw new EmceeException(
          "EMCEE-M010",
          "GaussianMove: the covariance "
              + Arrays.deepToString(covariance)
              + " is not positive definite; a proposal covariance needs positive variances and"
              + " correlations strictly between -1 and 1");
    }
    return new GaussianMove(new double[0], l, n, Mode.VECTOR, 1);
  }

  private static void checkVariance(double v, String what) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new EmceeException(
          "EMCEE-M010", "GaussianMove: " + what + " = " + v + " but must be finite and positive");
    }
  }

  /**
   * A copy that changes coordinates as {@code mode} says; a full covariance allows only {@link
   * Mode#VECTOR}.
   *
   * @param mode the mode
   * @return the changed move
   */
  public GaussianMove withMode(Mode mode) {
    if (cholesky.length > 0 && mode != Mode.VECTOR) {
      throw new EmceeException(
          "EMCEE-M010",
          "GaussianMove: mode "
              + mode
              + " needs an isotropic or diagonal covariance, not a full one");
    }
    return new GaussianMove(scales, cholesky, size, mode, factor);
  }

  /**
   * A copy that scales each step's proposal by {@code exp(U(-ln factor, ln factor))}.
   *
   * @param factor at least 1 (1 means no scaling)
   * @return the changed move
   */
  public GaussianMove withFactor(double factor) {
    if (!(factor >= 1) || Double.isInfinite(factor)) {
      throw new EmceeException(
          "EMCEE-M010", "GaussianMove: factor = " + factor + " but must be finite and at least 1");
    }
    return new GaussianMove(scales, cholesky, size, mode, factor);
  }

  @Override
  public String describe() {
    String kind =
        cholesky.length > 0 ? "full" : size == 0 ? "isotropic sd=" + scales[0] : "diagonal";
    return "GaussianMove(" + kind + ", " + mode + (factor > 1 ? ", factor=" + factor : "") + ")";
  }

  /** A symmetric Gaussian step, so the log factors stay 0. */
  @Override
  protected void fillProposals(MoveContext ctx, double[] proposals, double[] logFactors) {
    int nwalkers = ctx.getWalkerCount();
    int ndim = ctx.getDimension();
    RandomStream random = ctx.getRandom();
    double scale = 1;
    if (factor > 1) {
      double lf = Math.log(factor);
      scale = Math.exp(lf * (2 * random.nextDouble() - 1));
    }
    ctx.copyCoords(proposals);
    if (cholesky.length > 0) {
      double[] z = new double[ndim];
      for (int w = 0; w < nwalkers; w++) {
        for (int j = 0; j < ndim; j++) {
          z[j] = random.nextGaussian();
        }
        for (int a = 0; a < ndim; a++) {
          double v = 0;
          for (int b = 0; b <= a; b++) {
            v += cholesky[a * ndim + b] * z[b];
          }
          proposals[w * ndim + a] += scale * v;
        }
      }
      return;
    }
    int sequential = (int) (ctx.getStepIndex() % ndim);
    for (int w = 0; w < nwalkers; w++) {
      switch (mode) {
        case VECTOR -> {
          for (int j = 0; j < ndim; j++) {
            proposals[w * ndim + j] += scale * sd(j) * random.nextGaussian();
          }
        }
        case RANDOM -> {
          int j = random.nextInt(ndim);
          proposals[w * ndim + j] += scale * sd(j) * random.nextGaussian();
        }
        case SEQUENTIAL ->
            proposals[w * ndim + sequential] += scale * sd(sequential) * random.nextGaussian();
      }
    }
  }

  private double sd(int j) {
    return scales.length == 1 ? scales[0] : scales[j];
  }

  @Override
  public String toString() {
    return describe();
  }
}
