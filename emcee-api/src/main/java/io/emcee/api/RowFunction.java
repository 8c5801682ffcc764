package io.emcee.api;

import java.io.Serializable;

/**
 * What a {@link Pool} evaluates: a function of one point that writes a fixed number of results. It
 * is serializable so that it can travel to grid members and MPI ranks; it reaches each worker once
 * per run, not once per step.
 *
 * <p>The input array holds exactly one point and is only valid during the call: read it, do not
 * keep it. The output array has the width the caller passed to {@link Pool#map}.
 *
 * <pre>{@code RowFunction f = (x, out) -> { out[0] = -0.5 * x[0] * x[0]; out[1] = x[0]; };}</pre>
 */
@FunctionalInterface
@Stability(Stability.Level.STABLE)
public interface RowFunction extends Serializable {

  /**
   * Evaluates the function at one point.
   *
   * @param input the point, read-only, valid only during the call
   * @param output where to write the results; its length is the output width of the batch
   */
  void apply(double[] input, double[] output);
}
