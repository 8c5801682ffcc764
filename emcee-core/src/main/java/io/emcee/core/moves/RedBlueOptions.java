package io.emcee.core.moves;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;

/**
 * How a red-blue move splits the ensemble: into {@code nsplits} sub-ensembles (2 by default) whose
 * sizes differ by at most one, each updated in turn against the others, with the walkers shuffled
 * between them every step unless {@code randomizeSplit} is false. {@code liveDangerously} allows
 * fewer than {@code 2 * ndim} walkers, which normally stay stuck in a subspace.
 *
 * <pre>{@code new StretchMove(2.0, RedBlueOptions.DEFAULT.withNsplits(4))}</pre>
 *
 * @param nsplits number of sub-ensembles, at least 2
 * @param randomizeSplit shuffle walkers between sub-ensembles every step
 * @param liveDangerously allow fewer than {@code 2 * ndim} walkers
 */
@Stability(Stability.Level.STABLE)
public record RedBlueOptions(int nsplits, boolean randomizeSplit, boolean liveDangerously) {

  /** emcee's defaults: two halves, shuffled every step, at least {@code 2 * ndim} walkers. */
  public static final RedBlueOptions DEFAULT = new RedBlueOptions(2, true, false);

  /** Checks the options. */
  public RedBlueOptions {
    if (nsplits < 2) {
      throw new EmceeException(
          "EMCEE-M001", "nsplits is " + nsplits + " but a red-blue move needs at least 2");
    }
  }

  /**
   * A copy with another number of sub-ensembles.
   *
   * @param nsplits at least 2
   * @return the changed options
   */
  public RedBlueOptions withNsplits(int nsplits) {
    return new RedBlueOptions(nsplits, randomizeSplit, liveDangerously);
  }

  /**
   * A copy that does or does not shuffle the walkers between sub-ensembles.
   *
   * @param randomizeSplit whether to shuffle every step
   * @return the changed options
   */
  public RedBlueOptions withRandomizeSplit(boolean randomizeSplit) {
    return new RedBlueOptions(nsplits, randomizeSplit, liveDangerously);
  }

  /**
   * A copy that does or does not allow fewer than {@code 2 * ndim} walkers.
   *
   * @param liveDangerously whether to allow it
   * @return the changed options
   */
  public RedBlueOptions withLiveDangerously(boolean liveDangerously) {
    return new RedBlueOptions(nsplits, randomizeSplit, liveDangerously);
  }
}
