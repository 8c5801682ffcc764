package io.emcee.api.spi.support;

import io.emcee.api.Stability;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Predicts what each row of the next map will cost from the points of earlier maps and what they
 * cost, and orders the rows slowest first, so that a pool handing out rows one by one starts the
 * long ones early instead of ending a map on them.
 *
 * <p>A row's cost is predicted from its coordinates: the mean cost of the {@value #NEIGHBOURS}
 * nearest points timed in the last {@link #getMaps() maps} (for a sampler's red-blue maps, {@link
 * #MAPS}: both halves of the last four steps), weighted by the inverse squared distance. Each
 * coordinate is scaled by the spread of those points and weighted by how much their cost follows
 * it, cubed: its squared correlation with the cost, plus that of its squared distance from the
 * mean, plus one over the number of points so that no coordinate is ignored, that sum cubed. So a
 * cost that depends on a few of many parameters finds its neighbours along those almost alone, and
 * a cost that steps up at a boundary is predicted from points on the same side of it. The cost a
 * row had in the same half's previous map predicts nothing: a proposal is a new point, and the
 * log-probability's cost follows the point, not the walker. Points whose cost is unknown (negative)
 * are left out. The order only changes which thread or worker evaluates a row, never where its
 * result is written: the chain is the same either way.
 *
 * <pre>{@code if (costs.order(inputs, width, count, order)) { ... hand out order[0], ... }}</pre>
 *
 * <p>A prediction costs up to about a nanosecond per known point and coordinate for each row (far
 * less when the cost follows one coordinate: the search then visits only the points near the row
 * along it), so callers ask {@link #pays} first. Not thread-safe: one map at a time, as pools run
 * them. Allocates only when the rows or their width grow.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class RowCosts {
  /** How many nearest timed points a prediction averages. */
  public static final int NEIGHBOURS = 8;

  /**
   * How many maps a pool's predictor remembers: both halves of a sampler's last four steps. Fewer
   * points leave few neighbours near a boundary where the cost steps up, and a row there predicted
   * cheap but slow ends its share late.
   */
  public static final int MAPS = 8;

  /** Costs are kept in nanoseconds up to this (about 18 minutes a row); longer ones tie. */
  private static final long MAX_NANOS = (1L << 40) - 1;

  /** Rows per map this can order (the index takes the low bits of a sort key). */
  static final int MAX_ROWS = 1 << 23;

  /** A prediction pays when a row costs at least this many times its per-row search. */
  private static final double ROW_OVER_SEARCH = 50;

  private final int maps;
  private final double[][] points;
  private final long[][] costs;
  private final int[] counts;
  private int width = -1;
  private long recorded;
  private long[] keys = new long[0];
  private double[] mean = new double[0];
  private double[] scale = new double[0];
  private double[] linear = new double[0];
  private double[] square = new double[0];
  private double[] squareVariance = new double[0];
  private int[] byWeight = new int[0];
  private double[] known = new double[0];
  private long[] knownCost = new long[0];
  private int knownCount;
  private int searched;
  private double[] along = new double[0];
  private long[] sorted = new long[0];
  private final double[] nearDistance = new double[NEIGHBOURS];
  private final long[] nearCost = new long[NEIGHBOURS];

  /**
   * A predictor that remembers the points of the last {@code maps} maps.
   *
   * @param maps at least 1; {@link #MAPS} for a sampler's red-blue maps
   */
  public RowCosts(int maps) {
    if (maps < 1) {
      throw new IllegalArgumentException("maps must be at least 1, got " + maps);
    }
    this.maps = maps;
    this.searched = maps;
    this.points = new double[maps][0];
    this.costs = new long[maps][0];
    this.counts = new int[maps];
  }

  /**
   * How many maps back the timed points go.
   *
   * @return the number of maps remembered
   */
  public int getMaps() {
    return maps;
  }

  /**
   * Whether predicting is worth its cost for rows that take {@code rowNanos} each: when a row costs
   * at least 50 times the search for its neighbours among the points of the newest map. The next
   * {@link #order} then searches as many of the newest maps as rows that dear pay for, the search's
   * cost taken at its most (every point, every coordinate): cheaper rows are predicted from fewer
   * maps rather than not at all.
   *
   * @param rowNanos what a row costs, in nanoseconds (NaN: unknown, never pays)
   * @param width doubles per point
   * @return whether to call {@link #order}
   */
  public boolean pays(double rowNanos, int width) {
    if (Double.isNaN(rowNanos)) {
      return false;
    }
    double affordable = rowNanos / (ROW_OVER_SEARCH * Math.max(1, width));
    long points = 0;
    int newest = 0;
    while (newest < Math.min(maps, recorded)) {
      int slot = (int) ((recorded - 1 - newest) % maps);
      if (points + counts[slot] > affordable) {
        break;
      }
      points += counts[slot];
      newest++;
    }
    searched = newest;
    return points > 0;
  }

  /**
   * Fills {@code order} with the rows of the next map, predicted slowest first (ties in row order).
   *
   * @param inputs the rows' points, row-major
   * @param width doubles per point
   * @param count rows in the next map
   * @param order at least {@code count} long; left untouched when there is no prediction
   * @return whether there was a prediction; when false, hand out rows in their natural order
   */
  public boolean order(double[] inputs, int width, int count, int[] order) {
    return order(inputs, width, count, order, null);
  }

  /**
   * As {@link #order(double[], int, int, int[])}, also giving each row's predicted cost in the
   * order's positions, for chunks sized by cost rather than by rows.
   *
   * @param inputs the rows' points, row-major
   * @param width doubles per point
   * @param count rows in the next map
   * @param order at least {@code count} long; left untouched when there is no prediction
   * @param predicted null, or at least {@code count} long: {@code predicted[k]} is row {@code
   *     order[k]}'s predicted cost in nanoseconds
   * @return whether there was a prediction; when false, hand out rows in their natural order
   */
  public boolean order(
      double[] inputs, int width, int count, int[] order, long @Nullable [] predicted) {
    if (count < 2 || count > MAX_ROWS || width != this.width || !spread()) {
      return false;
    }
    if (keys.length < count) {
      keys = new long[count];
    }
    for (int i = 0; i < count; i++) {
      long cost = Math.min(Math.max(0, predict(inputs, i * width)), MAX_NANOS);
      // Ascending keys: slowest first, then the lower row.
      keys[i] = ((MAX_NANOS - cost) << 23) | i;
    }
    Arrays.sort(keys, 0, count);
    for (int i = 0; i < count; i++) {
      order[i] = (int) (keys[i] & (MAX_ROWS - 1));
      if (predicted != null) {
        predicted[i] = MAX_NANOS - (keys[i] >>> 23);
      }
    }
    return true;
  }

  /**
   * Gathers the remembered points of known cost into {@link #known} and {@link #knownCost}, sets
   * {@link #scale} to each coordinate's inverse variance over them times its {@linkplain #relevance
   * relevance}, and sorts them along the heaviest coordinate for {@link #predict}.
   *
   * @return false when no point with a known cost is remembered
   */
  private boolean spread() {
    int newest = Math.min(searched, (int) Math.min(maps, recorded));
    int n = 0;
    for (int k = 0; k < newest; k++) {
      n += counts[(int) ((recorded - 1 - k) % maps)];
    }
    if (knownCost.length < n || known.length < n * width) {
      knownCost = new long[n];
      known = new double[n * width];
      along = new double[n];
      sorted = new long[n];
    }
    n = 0;
    for (int k = 0; k < newest; k++) {
      int m = (int) ((recorded - 1 - k) % maps);
      for (int j = 0; j < counts[m]; j++) {
        if (costs[m][j] >= 0) {
          knownCost[n] = costs[m][j];
          System.arraycopy(points[m], j * width, known, n * width, width);
          n++;
        }
      }
    }
    knownCount = n;
    if (n == 0) {
      return false;
    }
    Arrays.fill(mean, 0, width, 0);
    Arrays.fill(scale, 0, width, 0);
    for (int j = 0; j < n; j++) {
      for (int d = 0; d < width; d++) {
        mean[d] += known[j * width + d];
      }
    }
    for (int d = 0; d < width; d++) {
      mean[d] /= n;
    }
    for (int j = 0; j < n; j++) {
      for (int d = 0; d < width; d++) {
        double z = known[j * width + d] - mean[d];
        scale[d] += z * z;
      }
    }
    for (int d = 0; d < width; d++) {
      // a coordinate that does not vary says nothing about cost
      scale[d] = scale[d] > 0 ? n / scale[d] : 0;
    }
    relevance(n);
    // The heaviest coordinates first, for a distance that can stop as soon as it is too far.
    for (int d = 0; d < width; d++) {
      int q = d;
      while (q > 0 && scale[byWeight[q - 1]] < scale[d]) {
        byWeight[q] = byWeight[q - 1];
        q--;
      }
      byWeight[q] = d;
    }
    // The points sorted along the heaviest coordinate (as floats, so that a key holds the point's
    // index too; a float's rounding only moves which of two nearly equal points is tried first).
    int h = byWeight[0];
    for (int j = 0; j < n; j++) {
      int bits = Float.floatToIntBits((float) known[j * width + h]);
      sorted[j] = ((long) (bits ^ ((bits >> 31) & 0x7fffffff)) << 32) | j;
    }
    Arrays.sort(sorted, 0, n);
    for (int i = 0; i < n; i++) {
      along[i] = known[(int) sorted[i] * width + h];
    }
    return true;
  }

  /**
   * Multiplies each coordinate's {@link #scale} by how much the remembered costs follow it: {@code
   * (1/n + r1² + r2²)³}, where r1 is the correlation of the cost with the standardized coordinate z
   * and r2 with {@code z² - 1} (a cost that grows away from the mean in both directions). Costs
   * that do not differ leave the scales as they are.
   */
  private void relevance(int n) {
    double meanCost = 0;
    for (int j = 0; j < n; j++) {
      meanCost += knownCost[j];
    }
    meanCost /= n;
    Arrays.fill(linear, 0, width, 0);
    Arrays.fill(square, 0, width, 0);
    Arrays.fill(squareVariance, 0, width, 0);
    double costVariance = 0;
    for (int j = 0; j < n; j++) {
      double dc = knownCost[j] - meanCost;
      costVariance += dc * dc;
      for (int d = 0; d < width; d++) {
        // standardized: the z of the n points have mean 0 and mean square 1
        double z = (known[j * width + d] - mean[d]) * Math.sqrt(scale[d]);
        double q = z * z - 1;
        linear[d] += z * dc;
        square[d] += q * dc;
        squareVariance[d] += q * q;
      }
    }
    if (costVariance <= 0) {
      return;
    }
    for (int d = 0; d < width; d++) {
      double r1 = linear[d] / Math.sqrt(n * costVariance);
      double r2 =
          squareVariance[d] > 0 ? square[d] / Math.sqrt(squareVariance[d] * costVariance) : 0;
      double relevance = 1.0 / n + r1 * r1 + r2 * r2;
      scale[d] *= relevance * relevance * relevance;
    }
  }

  /**
   * The predicted cost of the point at {@code inputs[at..at + width)}. The search starts at the
   * point's place along the heaviest coordinate and walks outwards on both sides, the nearer side
   * first, until that coordinate alone puts every point left farther than the neighbours found: a
   * cost that follows one coordinate is predicted from a few dozen points rather than from all.
   */
  private long predict(double[] inputs, int at) {
    Arrays.fill(nearDistance, Double.MAX_VALUE);
    int found = 0;
    int h = byWeight[0];
    double x = inputs[at + h];
    double weight = scale[h];
    int above = Arrays.binarySearch(along, 0, knownCount, x);
    above = above < 0 ? -above - 1 : above;
    int below = above - 1;
    while (below >= 0 || above < knownCount) {
      boolean down = above >= knownCount || (below >= 0 && x - along[below] <= along[above] - x);
      int i = down ? below-- : above++;
      double gap = down ? x - along[i] : along[i] - x;
      if (gap * gap * weight >= nearDistance[NEIGHBOURS - 1]) {
        break; // every point left is farther along the heaviest coordinate alone
      }
      int j = (int) sorted[i];
      int base = j * width;
      double distance = 0;
      for (int k = 0; k < width && distance < nearDistance[NEIGHBOURS - 1]; k++) {
        int d = byWeight[k];
        double z = inputs[at + d] - known[base + d];
        distance += z * z * scale[d];
      }
      if (distance < nearDistance[NEIGHBOURS - 1]) {
        int q = NEIGHBOURS - 1;
        while (q > 0 && nearDistance[q - 1] > distance) {
          nearDistance[q] = nearDistance[q - 1];
          nearCost[q] = nearCost[q - 1];
          q--;
        }
        nearDistance[q] = distance;
        nearCost[q] = knownCost[j];
        found = Math.min(NEIGHBOURS, found + 1);
      }
    }
    double weights = 0;
    double sum = 0;
    for (int q = 0; q < found; q++) {
      double w = 1 / Math.max(nearDistance[q], 1e-300);
      weights += w;
      sum += w * nearCost[q];
    }
    return found == 0 ? 0 : Math.round(sum / weights);
  }

  /**
   * Records the points of the map just done and what each cost; call once per map.
   *
   * @param inputs the map's points, row-major
   * @param width doubles per point
   * @param nanos the cost of each row in nanoseconds; negative for a row whose cost is unknown
   * @param count rows in that map
   */
  public void record(double[] inputs, int width, long[] nanos, int count) {
    if (width != this.width) {
      clear();
      this.width = width;
      mean = new double[width];
      scale = new double[width];
      linear = new double[width];
      square = new double[width];
      squareVariance = new double[width];
      byWeight = new int[width];
    }
    int slot = (int) (recorded % maps);
    if (costs[slot].length < count) {
      costs[slot] = new long[count];
    }
    if (points[slot].length < count * width) {
      points[slot] = new double[count * width];
    }
    System.arraycopy(nanos, 0, costs[slot], 0, count);
    System.arraycopy(inputs, 0, points[slot], 0, count * width);
    counts[slot] = count;
    recorded++;
    searched = maps; // until pays says otherwise
  }

  /** Forgets every recorded map: the next {@link #order} has no prediction. */
  public void clear() {
    Arrays.fill(counts, 0);
    recorded = 0;
    searched = maps;
  }
}
