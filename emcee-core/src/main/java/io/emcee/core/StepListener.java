package io.emcee.core;

import io.emcee.api.Stability;

/**
 * Watches a run step by step: called after every stored step, it can monitor the chain (write a
 * progress line, check convergence) and stop the run early by returning false.
 *
 * <pre>
 * {@code sampler.run(ensemble, 100_000, step -> step.getIteration() % 1000 != 0 || converged());}
 * </pre>
 */
@FunctionalInterface
@Stability(Stability.Level.STABLE)
public interface StepListener {

  /**
   * Called after each stored step.
   *
   * @param step the step just stored
   * @return true to go on, false to stop the run after this step
   */
  boolean onStep(Step step);
}
