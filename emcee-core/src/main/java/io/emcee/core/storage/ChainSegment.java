package io.emcee.core.storage;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;

/**
 * A run of consecutive stored steps made the same way: from {@code firstStep} up to the next
 * segment's first step (or the end of the chain). A stored chain records one per change, so a chain
 * whose runs used different options says which steps each made. A new segment starts at a run's
 * first stored step when its {@code thinBy} or {@code tune} differ from the last segment's, or when
 * that step does not follow the last stored one (the run started from another ensemble, or moves
 * that were not stored came in between).
 *
 * <pre>{@code for (ChainSegment s : Chain.of(backend).getSegments()) System.out.println(s);}</pre>
 *
 * @param firstStep the chain index of the segment's first step
 * @param thinBy the moves per stored step
 * @param tune whether moves were allowed to tune themselves
 * @param follows whether the first step follows the previous segment's last step after {@code
 *     thinBy} moves, as within a segment; false for the first segment
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record ChainSegment(int firstStep, int thinBy, boolean tune, boolean follows) {

  /** Checks the values. */
  public ChainSegment {
    if (firstStep < 0 || thinBy < 1) {
      throw new EmceeException(
          "EMCEE-I053",
          "a chain segment starts at step "
              + firstStep
              + " with thinBy "
              + thinBy
              + "; the step cannot be negative and thinBy is at least 1");
    }
  }

  /**
   * Whether steps of this segment and {@code other} are spaced alike (the same {@code thinBy}).
   *
   * @param other another segment
   * @return true when both store every {@code thinBy}-th move for the same {@code thinBy}
   */
  public boolean sameSpacing(ChainSegment other) {
    return thinBy == other.thinBy;
  }
}
