package io.emcee.core.moves;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.random.RandomStream;

/**
 * The affine-invariant stretch move of Goodman and Weare (2010), emcee's default: walker {@code x}
 * moves along the line to a random walker {@code c} of the complementary ensemble, {@code q = c + z
 * (x - c)}, with {@code z} drawn from {@code g(z) ∝ 1/√z} on {@code [1/a, a]}; the Hastings factor
 * is {@code z^(ndim - 1)}.
 *
 * <pre>{@code Sampler sampler = new Sampler(new StretchMove(2.0));}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class StretchMove extends RedBlueMove {
  private final double a;

  /** emcee's default: {@code a = 2}. */
  public StretchMove() {
    this(2.0);
  }

  /**
   * A stretch move with scale {@code a}.
   *
   * @param a the stretch scale, greater than 1 (emcee's default is 2)
   */
  public StretchMove(double a) {
    this(a, RedBlueOptions.DEFAULT);
  }

  /**
   * A stretch move with scale {@code a} and the given split options.
   *
   * @param a the stretch scale, greater than 1
   * @param options how to split the ensemble
   */
  public StretchMove(double a, RedBlueOptions options) {
    super(options);
    if (!(a > 1) || Double.isInfinite(a)) {
      throw new EmceeException(
          "EMCEE-M002", "StretchMove: a = " + a + " but must be a finite number greater than 1");
    }
    this.a = a;
  }

  /**
   * The stretch scale.
   *
   * @return a
   */
  public double getA() {
    return a;
  }

  /**
   * Writes {@code z} for each proposal: the Hastings factor is {@code z^(ndim - 1)}, whose power
   * {@link #ratioPower} gives, so that the test needs neither the power nor a logarithm.
   */
  @Override
  protected boolean propose(
      Split split, RandomStream random, double[] proposals, double[] factors) {
    double[] coords = split.getCoords();
    int ndim = split.getDimension();
    int nactive = split.getActiveCount();
    int ncomplement = split.getComplementCount();
    double am1 = a - 1;
    double invA = 1 / a;
    double[][] rows = split.proposalRows(); // the serial path: one array per row, no copy later
    for (int k = 0; k < nactive; k++) {
      double root = am1 * random.nextDouble() + 1;
      double z = root * root * invA;
      factors[k] = z;
      int x = split.getActive(k) * ndim;
      int c = split.getComplement(random.nextInt(ncomplement)) * ndim;
      double[] target = rows != null ? rows[k] : proposals;
      int q = rows != null ? 0 : k * ndim;
      for (int j = 0; j < ndim; j++) {
        double cj = coords[c + j];
        target[q + j] = cj - (cj - coords[x + j]) * z;
      }
    }
    return true;
  }

  @Override
  protected int ratioPower(int ndim) {
    return ndim - 1;
  }

  @Override
  protected boolean writesRows() {
    return true;
  }

  @Override
  public String describe() {
    return "StretchMove(a=" + a + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
