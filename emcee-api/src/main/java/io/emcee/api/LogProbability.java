package io.emcee.api;

/**
 * The natural logarithm of the (unnormalised) target density at a point: what users write. Return
 * {@code Double.NEGATIVE_INFINITY} outside the support; NaN and +∞ are errors.
 *
 * <p>It is serializable, so a lambda can travel to a grid member or MPI rank; whatever it captures
 * travels with it, once per run.
 *
 * <pre>{@code LogProbability logProb = x -> -0.5 * (x[0] * x[0] + x[1] * x[1]);}</pre>
 */
@FunctionalInterface
@Stability(Stability.Level.STABLE)
public interface LogProbability extends RowFunction {

  /**
   * The log-probability at {@code coords}.
   *
   * @param coords the walker's position, read-only, valid only during the call
   * @return the log-density, or {@code Double.NEGATIVE_INFINITY} outside the support
   */
  double logProbability(double[] coords);

  /** Writes {@link #logProbability(double[])} into {@code output[0]}. */
  @Override
  default void apply(double[] input, double[] output) {
    output[0] = logProbability(input);
  }
}
