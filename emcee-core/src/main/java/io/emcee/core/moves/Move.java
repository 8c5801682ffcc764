package io.emcee.core.moves;

import io.emcee.api.Stability;

/**
 * One way of advancing every walker of an ensemble by one step, as emcee's moves. A sampler holds
 * one or more moves with weights and picks one per step.
 *
 * <p>Implementations read and update the state through the {@link MoveContext}; they must draw
 * every random number from {@link MoveContext#getRandom()} so that a seed fixes the chain.
 *
 * <pre>{@code Sampler sampler = new Sampler(new StretchMove(2.0));}</pre>
 */
@Stability(Stability.Level.STABLE)
public interface Move {

  /**
   * Checks, before a run starts, that this move can work on an ensemble of this shape.
   *
   * @param nwalkers number of walkers
   * @param ndim number of dimensions
   * @throws io.emcee.api.EmceeException naming the move and the value when it cannot
   */
  default void validate(int nwalkers, int ndim) {}

  /**
   * Proposes new positions, evaluates them and accepts or rejects each, updating the state in
   * {@code context} in place.
   *
   * @param context the ensemble's state, scratch space, random stream and evaluator
   */
  void propose(MoveContext context);
}
