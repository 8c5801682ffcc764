package io.emcee.core;

import io.emcee.api.Stability;

/**
 * One stored step of a run, as {@link Sampler#sample} yields it: the ensemble after the step and
 * which walkers accepted their last proposal.
 *
 * <pre>{@code for (Step step : sampler.sample(ensemble, 100)) { step.getLogProbability(); } }</pre>
 */
@Stability(Stability.Level.STABLE)
public final class Step {
  private final int iteration;
  private final Ensemble ensemble;
  private final boolean[] accepted;

  Step(int iteration, Ensemble ensemble, boolean[] accepted) {
    this.iteration = iteration;
    this.ensemble = ensemble;
    this.accepted = accepted;
  }

  /**
   * The number of steps stored so far, this one included.
   *
   * @return the sampler's iteration count after this step
   */
  public int getIteration() {
    return iteration;
  }

  /**
   * The ensemble after this step; pass it to {@link Sampler#run} to continue from here.
   *
   * @return the ensemble
   */
  public Ensemble getEnsemble() {
    return ensemble;
  }

  /**
   * The walkers' coordinates after this step.
   *
   * @return a fresh {@code [walker][dim]} copy
   */
  public double[][] getCoords() {
    return ensemble.getCoords();
  }

  /**
   * The walkers' log-probabilities after this step.
   *
   * @return a fresh copy
   */
  public double[] getLogProbability() {
    return ensemble.getLogProbability();
  }

  /**
   * The walkers' blobs after this step.
   *
   * @return a fresh {@code [walker][blob]} copy; rows are empty without blobs
   */
  public double[][] getBlobs() {
    return ensemble.getBlobs();
  }

  /**
   * Which walkers accepted their proposal in this step's last move.
   *
   * @return a fresh copy, one flag per walker
   */
  public boolean[] getAccepted() {
    return accepted.clone();
  }
}
