package io.emcee.api.spi.support;

import io.emcee.api.Stability;
import java.util.Arrays;

/**
 * Predicts what each row of the next map will cost from what the rows of earlier maps cost, and
 * orders the rows slowest first, so that a pool handing out rows one by one starts the long ones
 * early instead of ending a map on them.
 *
 * <p>A sampler's maps alternate: with the red-blue moves map {@code k} evaluates proposals for the
 * same half of the walkers as map {@code k - 2}, and a log-probability that is slow in a region of
 * the parameter space is slow again for a walker that stays there. So the prediction for row {@code
 * i} is the cost row {@code i} had {@link #getPeriod() period} maps before, when that map had as
 * many rows; otherwise there is no prediction and rows go in their natural order. The order only
 * changes which thread or worker evaluates a row, never where its result is written: the chain is
 * the same either way.
 *
 * <pre>{@code if (costs.order(count, order)) { ... hand out order[0], order[1], ... }}</pre>
 *
 * <p>Not thread-safe: one map at a time, as pools run them. Allocates only when the row count
 * grows.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class RowCosts {
  /** Costs are kept in nanoseconds up to this (about 18 minutes a row); longer ones tie. */
  private static final long MAX_NANOS = (1L << 40) - 1;

  /** Rows per map this can order (the index takes the low bits of a sort key). */
  static final int MAX_ROWS = 1 << 23;

  private final int period;
  private final long[][] costs;
  private final int[] counts;
  private long maps;
  private long[] keys = new long[0];

  /**
   * A predictor that looks {@code period} maps back.
   *
   * @param period 2 for a sampler's red-blue maps; at least 1
   */
  public RowCosts(int period) {
    if (period < 1) {
      throw new IllegalArgumentException("period must be at least 1, got " + period);
    }
    this.period = period;
    this.costs = new long[period][0];
    this.counts = new int[period];
  }

  /**
   * How many maps back a prediction looks.
   *
   * @return the period
   */
  public int getPeriod() {
    return period;
  }

  /**
   * Fills {@code order} with the rows of the next map, predicted slowest first (ties in row order).
   *
   * @param count rows in the next map
   * @param order at least {@code count} long; left untouched when there is no prediction
   * @return whether there was a prediction; when false, hand out rows in their natural order
   */
  public boolean order(int count, int[] order) {
    int slot = (int) (maps % period);
    if (count < 2 || count > MAX_ROWS || counts[slot] != count) {
      return false;
    }
    if (keys.length < count) {
      keys = new long[count];
    }
    long[] predicted = costs[slot];
    for (int i = 0; i < count; i++) {
      // Ascending keys: slowest first, then the lower row.
      keys[i] = ((MAX_NANOS - Math.min(predicted[i], MAX_NANOS)) << 23) | i;
    }
    Arrays.sort(keys, 0, count);
    for (int i = 0; i < count; i++) {
      order[i] = (int) (keys[i] & (MAX_ROWS - 1));
    }
    return true;
  }

  /**
   * Records what the rows of the map just done cost; call once per map, after {@link #order}.
   *
   * @param nanos the cost of each row in nanoseconds (negative values count as 0)
   * @param count rows in that map
   */
  public void record(long[] nanos, int count) {
    int slot = (int) (maps % period);
    if (costs[slot].length < count) {
      costs[slot] = new long[count];
    }
    long[] into = costs[slot];
    for (int i = 0; i < count; i++) {
      into[i] = Math.max(0, nanos[i]);
    }
    counts[slot] = count;
    maps++;
  }

  /** Forgets every recorded map: the next {@link #order} has no prediction. */
  public void clear() {
    Arrays.fill(counts, 0);
    maps = 0;
  }
}
