package io.emcee.core.moves;

import io.emcee.api.Stability;

/**
 * One way of advancing every walker of an ensemble by one step, as emcee's moves. A sampler holds
 * one or more moves with weights and picks one per step.
 *
 * <p>Implementations read the state, evaluate proposals and accept them through the {@link
 * MoveContext}; they must draw every random number from {@link MoveContext#getRandom()} so that a
 * seed fixes the chain. A move of your own is a class anywhere that implements this interface (or
 * extends {@link RedBlueMove} or {@link MHMove}).
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
   * Proposes new positions, evaluates them and accepts or rejects each, through {@code context}.
   *
   * @param context the ensemble's current state, the random stream and the evaluator
   */
  void propose(MoveContext context);

  /**
   * Adapts this move's settings to the step it just made, as emcee's {@code Move.tune(state,
   * accepted)}: called right after {@link #propose}, with the same context, on the steps of a run
   * that tunes (emcee's {@code sample(..., tune=True)}); never otherwise. {@link
   * MoveContext#isAccepted(int)} tells which walkers moved in this step. Nothing by default, and
   * none of the built-in moves tunes (as in emcee).
   *
   * <p>A move that tunes keeps what it learns in its own fields, so the chain it makes afterwards
   * depends on that history: give each sampler its own instance, and name the tuned settings in
   * {@link #describe()} if a resumed chain must continue with them.
   *
   * <pre>{@code
   * public void tune(MoveContext ctx) {
   *   int moved = 0;
   *   for (int w = 0; w < ctx.getWalkerCount(); w++) moved += ctx.isAccepted(w) ? 1 : 0;
   *   scale *= moved > 0.3 * ctx.getWalkerCount() ? 1.05 : 0.95;
   * }
   * }</pre>
   *
   * @param context the state after this move's step; valid only during the call
   */
  default void tune(MoveContext context) {}

  /**
   * What this move is, with every setting that changes the chain it makes, in words that are the
   * same in every JVM: stored with a chain, so that resuming it with other moves is refused. The
   * class's name by default (without a lambda's per-run suffix); override it when the move has
   * settings.
   *
   * @return a description that is stable across runs
   */
  default String describe() {
    return MoveNames.stableName(getClass());
  }
}
