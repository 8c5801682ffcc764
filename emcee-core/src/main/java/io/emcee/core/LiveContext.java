package io.emcee.core;

import io.emcee.core.internal.MoveState;
import io.emcee.core.model.Model;
import io.emcee.core.moves.MoveContext;
import io.emcee.core.random.RandomStream;
import java.util.List;

/** The move context a sampler hands its moves: the run's state behind the narrow contract. */
final class LiveContext extends MoveState implements MoveContext {
  LiveContext(
      Model model, List<String> parameterNames, int nwalkers, int ndim, RandomStream random) {
    super(model, parameterNames, nwalkers, ndim, random);
  }
}
