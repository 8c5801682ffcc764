package io.emcee.pool.mpi;

import io.emcee.api.spi.support.RecentFigure;

/**
 * Chooses whether the master balances its next map of rows whose costs differ or keeps fixed
 * shares, from each way's recent time per row. Balancing pays when the rows truly differ, but it
 * runs a dispatcher thread beside the master's own evaluations: for a model that computes, on ranks
 * that each have a core, that thread and the rows it stretches can cost more than balancing wins,
 * and rows stretched that way look different enough to keep balancing. Measuring the map's time per
 * row, not against its rows' total as timed (which the same stretching inflates), sees that.
 * Balancing stays the way for rows that differ unless fixed shares are a tenth faster a row: maps
 * differ in which rows they hold, so a closer result could be chance. While balancing runs, fixed
 * shares are tried one map in {@value #TRY_SELDOM} (where they lose, they lose much); while fixed
 * shares run, balancing is tried one map in {@value #TRY_EVERY}. The two ways take turns at first,
 * until each has three maps beyond its first, which is not counted; a way's time is the median of
 * its last five, which no single stretched map moves ({@link RecentFigure}). A balanced map that
 * ran first with no prediction of the rows' costs, on code not yet compiled, could otherwise keep
 * balancing out for hundreds of maps. Not thread-safe: used under the pool's lock.
 */
final class MpiWay {
  /** While fixed shares run, balancing runs one map in this many. */
  static final int TRY_EVERY = 32;

  /** While balancing runs, fixed shares run one map in this many. */
  static final int TRY_SELDOM = 256;

  /** Fixed shares replace balancing when their time per row is below this part of its. */
  static final double FIXED_MARGIN = 0.9;

  private final RecentFigure balancedPerRow = new RecentFigure();
  private final RecentFigure fixedPerRow = new RecentFigure();
  private long maps;

  /** Forgets both ways' times: a new function's rows may cost something else. */
  void forget() {
    balancedPerRow.forget();
    fixedPerRow.forget();
  }

  /**
   * Whether the next map of rows whose costs differ runs balanced: at first both ways in turn,
   * balanced first, until each is known ({@link RecentFigure#isKnown()}); then the faster way
   * (balancing unless fixed shares are a tenth faster), the other now and then.
   *
   * @return true to balance, false for fixed shares
   */
  boolean balanceNext() {
    long map = maps++;
    if (!balancedPerRow.isKnown() || !fixedPerRow.isKnown()) {
      // In turn, counting maps that measured nothing (they failed), so that each gets its turn.
      boolean balance =
          !balancedPerRow.isKnown()
              && (fixedPerRow.isKnown() || balancedPerRow.getRuns() <= fixedPerRow.getRuns());
      (balance ? balancedPerRow : fixedPerRow).ran();
      return balance;
    }
    if (fixedPerRow.get() < FIXED_MARGIN * balancedPerRow.get()) {
      return map % TRY_EVERY == 0;
    }
    return map % TRY_SELDOM != 0;
  }

  /**
   * Records what a map took.
   *
   * @param balanced whether it ran balanced
   * @param nanos its time
   * @param rows its rows
   */
  void took(boolean balanced, long nanos, int rows) {
    if (rows <= 0 || nanos <= 0) {
      return;
    }
    (balanced ? balancedPerRow : fixedPerRow).add((double) nanos / rows);
  }
}
