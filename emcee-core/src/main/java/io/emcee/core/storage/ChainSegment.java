package io.emcee.core.storage;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import java.util.List;

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

  /**
   * Segments as the four integer columns the exports write beside emcee's layout (which ignores
   * them): first steps, {@code thinBy}, {@code tune} and {@code follows} (1 or 0), one value per
   * segment each.
   *
   * <pre>{@code long[] thinBy = ChainSegment.columns(chain.getSegments())[1];}</pre>
   *
   * @param segments the segments, in order
   * @return {@code {firstStep, thinBy, tune, follows}}, each of {@code segments.size()} values
   */
  public static long[][] columns(List<ChainSegment> segments) {
    int k = segments.size();
    long[][] c = new long[4][k];
    for (int i = 0; i < k; i++) {
      ChainSegment s = segments.get(i);
      c[0][i] = s.firstStep();
      c[1][i] = s.thinBy();
      c[2][i] = s.tune() ? 1 : 0;
      c[3][i] = s.follows() ? 1 : 0;
    }
    return c;
  }
}
