package io.emcee.core.moves;

import io.emcee.api.Stability;
import io.emcee.core.random.RandomStream;

/**
 * What a {@link Move} may read and do during one step: read the walkers' current state, draw from
 * the sampler's random stream, evaluate proposals in one call to the model (on its pool), and move
 * walkers to accepted proposals. The sampler makes one per run; a move keeps no reference to it
 * after {@link Move#propose} (or {@link Move#tune}) returns.
 *
 * <p>Coordinates are row-major: walker {@code w}'s at {@code [w * ndim, (w + 1) * ndim)}.
 *
 * <pre>{@code ctx.evaluate(proposals, walkers, n); if (accept) ctx.accept(walkers[k], k);}</pre>
 */
@Stability(Stability.Level.STABLE)
public interface MoveContext {

  /**
   * Number of walkers.
   *
   * @return nwalkers
   */
  int getWalkerCount();

  /**
   * Number of dimensions.
   *
   * @return ndim
   */
  int getDimension();

  /**
   * Number of blob values per walker.
   *
   * @return the blob count
   */
  int getBlobCount();

  /**
   * The number of moves made on this chain before the current one (counting from 0), for moves that
   * cycle deterministically, such as {@link GaussianMove.Mode#SEQUENTIAL}.
   *
   * @return the index of the current step
   */
  long getStepIndex();

  /**
   * The random stream every draw must come from, so that a seed fixes the chain.
   *
   * @return the sampler's stream
   */
  RandomStream getRandom();

  /**
   * One coordinate of one walker's current position.
   *
   * @param walker the walker, {@code 0 <= walker < nwalkers}
   * @param dim the dimension, {@code 0 <= dim < ndim}
   * @return its value
   */
  double getCoordinate(int walker, int dim);

  /**
   * Copies every walker's current position into {@code dest}, row-major.
   *
   * @param dest at least {@code nwalkers * ndim} doubles
   */
  void copyCoords(double[] dest);

  /**
   * One walker's current log-probability.
   *
   * @param walker the walker
   * @return its log-probability
   */
  double getLogProbability(int walker);

  /**
   * Evaluates proposal rows {@code 0 .. count - 1} of {@code proposals} in one call to the model,
   * checking each result. Keep {@code proposals} unchanged until the last {@link #accept} of this
   * evaluation: accepting copies from it.
   *
   * @param proposals row-major proposals, at least {@code count * ndim} doubles
   * @param walkers {@code walkers[k]} is the walker that row {@code k} is proposed for
   * @param count number of rows
   * @throws io.emcee.core.model.LogProbabilityException naming the walker and coordinates when the
   *     model throws or returns NaN or +∞
   * @throws io.emcee.api.EmceeException (EMCEE-M022) when the arrays are too short for {@code
   *     count} or a walker index is out of range
   */
  void evaluate(double[] proposals, int[] walkers, int count);

  /**
   * The log-probability of proposal row {@code row} of the last {@link #evaluate}.
   *
   * @param row the row
   * @return its log-probability
   */
  double getProposalLogProbability(int row);

  /**
   * Whether walker {@code walker} has moved to a proposal during the current step (by {@link
   * #accept}): what a move's {@link Move#tune} reads after its step, as emcee's {@code accepted}.
   *
   * @param walker the walker
   * @return whether it accepted a proposal in this step
   */
  boolean isAccepted(int walker);

  /**
   * Moves walker {@code walker} to proposal row {@code row} of the last {@link #evaluate}: its
   * coordinates, log-probability and blobs; the walker counts as having accepted this step.
   *
   * @param walker the walker
   * @param row the evaluated proposal row
   */
  void accept(int walker, int row);
}
