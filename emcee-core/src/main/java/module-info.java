/**
 * The affine-invariant ensemble sampler: {@link io.emcee.core.Ensemble}, {@link
 * io.emcee.core.Sampler}, the moves, chain storage and diagnostics.
 *
 * <pre>{@code Ensemble last = new Sampler().run(new Ensemble(logProb, start, pool), 1000);}</pre>
 */
module io.emcee.core {
  requires transitive io.emcee.api;
  requires static transitive org.jspecify;

  exports io.emcee.core;
  exports io.emcee.core.model;
  exports io.emcee.core.moves;
  exports io.emcee.core.random;
  exports io.emcee.core.storage;
  exports io.emcee.core.diagnostics;
}
