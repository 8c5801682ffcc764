package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.core.storage.ChainSegment;
import java.util.List;

/**
 * Whether selected steps of a chain are spaced alike in moves: steps of segments stored with
 * different {@code thinBy} are not, and an autocorrelation time in steps has no meaning across
 * them.
 */
final class SegmentSpacing {
  private SegmentSpacing() {}

  /**
   * Refuses steps {@code first..last} when they span segments of different {@code thinBy}.
   *
   * @throws EmceeException (EMCEE-A020) naming the segments and the discard that avoids them
   */
  static void check(List<ChainSegment> segments, int first, int last) {
    ChainSegment from = null;
    for (ChainSegment s : segments) {
      if (s.firstStep() <= first || from == null) {
        from = s;
      } else if (s.firstStep() <= last && !s.sameSpacing(from)) {
        throw new EmceeException(
            "EMCEE-A020",
            "the selected steps "
                + first
                + " to "
                + last
                + " span segments stored with thinBy "
                + from.thinBy()
                + " and "
                + s.thinBy()
                + " (from step "
                + s.firstStep()
                + "), so they are not equally spaced in moves and an autocorrelation time in steps"
                + " has no meaning; discard at least "
                + s.firstStep()
                + " steps, or read each segment on its own");
      }
    }
  }

  /** Whether steps {@code first..last} lie in segments of one {@code thinBy}. */
  static boolean alike(List<ChainSegment> segments, int first, int last) {
    try {
      check(segments, first, last);
      return true;
    } catch (EmceeException e) {
      return false;
    }
  }
}
