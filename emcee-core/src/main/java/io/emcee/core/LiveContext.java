package io.emcee.core;

import io.emcee.core.internal.MoveState;
import io.emcee.core.model.Model;
import io.emcee.core.moves.Move;
import io.emcee.core.moves.MoveContext;
import io.emcee.core.random.RandomStream;
import java.util.List;

/** The move context a sampler hands its moves: the run's state behind the narrow contract. */
final class LiveContext extends MoveState implements MoveContext {
  private boolean tuning;

  LiveContext(
      Model model, List<String> parameterNames, int nwalkers, int ndim, RandomStream random) {
    super(model, parameterNames, nwalkers, ndim, random);
  }

  /**
   * Whether {@link #step} lets the move tune itself after its step (emcee's {@code tune=True}); off
   * unless a run asks for it.
   */
  void setTuning(boolean tuning) {
    this.tuning = tuning;
  }

  boolean isTuning() {
    return tuning;
  }

  /** One step of {@code move}: its proposals and decisions, then its {@link Move#tune} if on. */
  void step(Move move) {
    move.propose(this);
    if (tuning) {
      move.tune(this);
    }
  }
}
