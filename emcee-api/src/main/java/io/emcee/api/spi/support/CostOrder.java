package io.emcee.api.spi.support;

import io.emcee.api.EvaluationException;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Runs a distributed pool's balanced map with its rows in the order of their predicted cost,
 * slowest first ({@link RowCosts}), and learns from what each row cost. The rows are gathered into
 * scratch arrays in that order, the pool's balanced path runs on them as on any batch (its first
 * chunks then hold the slowest rows, and the last ones, which end the map, the quickest), and the
 * results are put back at their walkers' rows: the chain is the same as in walker order. The plan
 * sizes that map's chunks by predicted cost ({@link ChunkPlan#weigh}), so that a row predicted much
 * slower than the others is a chunk of its own. Without a prediction (the first map of a function,
 * rows too cheap to time, or one that does not pay) the balanced path runs on the batch itself.
 *
 * <p>A map that is not balanced (its rows too few or too cheap for the messages more chunks cost)
 * can still be shared out by predicted cost ({@link #shares}): one share per process as ever, but
 * of equal predicted cost rather than of equal count, each share's rows handed out together.
 *
 * <p>Of several failing rows the pool reports the one with the lowest walker index, as the serial
 * pool would: when anything failed in a reordered map, the batch is evaluated again here in walker
 * order, which throws that row's exception; should it not fail here, the failure found is reported
 * with its walker's index. The system property {@code emcee.rowOrder=off} keeps walker order, for
 * measurements of what the order gains.
 *
 * <pre>
 * {@code order.map(plan, f, in, ndim, n, out, 1, here, (i, o, nanos) -> balance(i, o, nanos));}
 * </pre>
 *
 * <p>Not thread-safe: one map at a time, as pools run them; one per pool. Allocates only when the
 * rows or their width grow.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class CostOrder {
  /** Whether rows are reordered at all ({@code -Demcee.rowOrder=off} for measurements). */
  private static final boolean ORDERS = !"off".equals(System.getProperty("emcee.rowOrder"));

  private final RowCosts costs = new RowCosts(RowCosts.MAPS);
  private @Nullable RowFunction function;
  private int[] order = new int[0];
  private double[] inputs = new double[0];
  private double[] outputs = new double[0];
  private long[] rowNanos = new long[0];
  private long[] walkerNanos = new long[0];
  private long[] predicted = new long[0];
  private int[] shareOf = new int[0];
  private int[] shareOrder = new int[0];
  private int[] bounds = new int[0];
  private double[] loads = new double[0];
  private long orderedMaps;
  private long sharedMaps;
  private double workNanos;

  /** An order that knows no cost yet. */
  public CostOrder() {}

  /** A pool's balanced path, run on the rows in the order given. */
  @FunctionalInterface
  public interface Balanced {
    /**
     * Evaluates a batch as the pool balances it.
     *
     * @param inputs the points, row-major, in the order to hand them out
     * @param outputs where their results go, row-major, in the same order
     * @param rowNanos where each row's cost goes in nanoseconds, in the same order, when known
     *     (filled with -1, unknown, before)
     * @throws EvaluationException for the failing row of these arrays with the lowest index
     */
    void run(double[] inputs, double[] outputs, long[] rowNanos);
  }

  /** A pool's fixed-share path, run on the rows in the order given, in the shares given. */
  @FunctionalInterface
  public interface Shared {
    /**
     * Evaluates a batch in fixed shares: share {@code p} is rows {@code [bounds[p], bounds[p +
     * 1])}, share 0 the caller's.
     *
     * @param inputs the points, row-major, in the order of the shares
     * @param outputs where their results go, row-major, in the same order
     * @param rowNanos where each row's cost goes in nanoseconds, in the same order, when known
     *     (filled with -1, unknown, before)
     * @param bounds the shares' first rows, and the count last
     * @throws EvaluationException for the failing row of these arrays with the lowest index
     */
    void run(double[] inputs, double[] outputs, long[] rowNanos, int[] bounds);
  }

  /**
   * Runs one balanced map, its rows in predicted order when there is a prediction, and records what
   * its rows cost for the next maps.
   *
   * @param plan the pool's plan: tells what a row costs and whether rows are timed one by one
   * @param function the function
   * @param inputs the points, row-major, in walker order
   * @param inputWidth doubles per point
   * @param count number of points
   * @param outputs the results, row-major, in walker order
   * @param outputWidth doubles per result
   * @param here this process in error messages
   * @param balanced the pool's balanced path
   * @throws EvaluationException for the failing row with the lowest walker index
   */
  public void map(
      ChunkPlan plan,
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth,
      String here,
      Balanced balanced) {
    prepare(function, count);
    if (!predicts(plan, inputs, inputWidth, count)) {
      balanced.run(inputs, outputs, rowNanos);
      record(inputs, inputWidth, rowNanos, count);
      return;
    }
    orderedMaps++;
    plan.weigh(predicted); // the slowest rows each a chunk of their own
    try {
      runPermuted(function, inputs, inputWidth, count, outputs, outputWidth, here, balanced);
    } finally {
      plan.weigh(null);
    }
  }

  /**
   * Runs one map in fixed shares, one per process, that are predicted to cost the same rather than
   * to hold as many rows: the rows, slowest first, each go to the share predicted to end first
   * (largest first onto the least loaded), and each share's rows are handed to the pool
   * contiguously, the caller's share (the first) being the one predicted heaviest. Without a
   * prediction, or when {@code byCost} is false, the shares are the usual equal ones in walker
   * order. Either way what the rows cost is recorded for the next maps.
   *
   * @param plan the pool's plan: tells what a row costs
   * @param function the function
   * @param inputs the points, row-major, in walker order
   * @param inputWidth doubles per point
   * @param count number of points
   * @param outputs the results, row-major, in walker order
   * @param outputWidth doubles per result
   * @param here this process in error messages
   * @param parts the processes, the caller's share first
   * @param byCost whether to share by predicted cost when there is a prediction
   * @param shared the pool's fixed-share path
   * @throws EvaluationException for the failing row with the lowest walker index
   */
  public void shares(
      ChunkPlan plan,
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth,
      String here,
      int parts,
      boolean byCost,
      Shared shared) {
    int n = Math.max(1, Math.min(count, parts));
    prepare(function, count);
    if (bounds.length < n + 1) {
      bounds = new int[n + 1];
      loads = new double[n];
    }
    if (!byCost || !predicts(plan, inputs, inputWidth, count)) {
      for (int p = 0; p <= n; p++) {
        bounds[p] = Scatter.start(count, n, p);
      }
      shared.run(inputs, outputs, rowNanos, bounds);
      record(inputs, inputWidth, rowNanos, count);
      return;
    }
    // Largest first onto the least loaded share; then each share's rows together, in that order.
    Arrays.fill(loads, 0, n, 0);
    for (int k = 0; k < count; k++) {
      int least = 0;
      for (int p = 1; p < n; p++) {
        if (loads[p] < loads[least]) {
          least = p;
        }
      }
      loads[least] += Math.max(1, predicted[k]);
      shareOf[k] = least;
    }
    // The caller keeps the heaviest share: a worker's share also pays for its message there and
    // back and for being gathered (equal shares give the caller the extra row for the same reason).
    int heaviest = 0;
    for (int p = 1; p < n; p++) {
      if (loads[p] > loads[heaviest]) {
        heaviest = p;
      }
    }
    int at = 0;
    for (int p = 0; p < n; p++) {
      bounds[p] = at;
      int share = p == 0 ? heaviest : p == heaviest ? 0 : p;
      for (int k = 0; k < count; k++) {
        if (shareOf[k] == share) {
          shareOrder[at++] = order[k];
        }
      }
    }
    bounds[n] = count;
    System.arraycopy(shareOrder, 0, order, 0, count);
    sharedMaps++;
    runPermuted(
        function,
        inputs,
        inputWidth,
        count,
        outputs,
        outputWidth,
        here,
        (in, out, nanos) -> shared.run(in, out, nanos, bounds));
  }

  /** Sizes the scratch arrays for {@code count} rows and forgets another function's costs. */
  private void prepare(RowFunction function, int count) {
    workNanos = 0;
    if (function != this.function) {
      costs.clear(); // another function's rows cost something else
      this.function = function;
    }
    if (rowNanos.length < count) {
      rowNanos = new long[count];
      walkerNanos = new long[count];
      predicted = new long[count];
      order = new int[count];
      shareOf = new int[count];
      shareOrder = new int[count];
    }
    Arrays.fill(rowNanos, 0, count, -1);
  }

  /** Whether there is a prediction: then {@link #order} and {@link #predicted} hold it. */
  private boolean predicts(ChunkPlan plan, double[] inputs, int inputWidth, int count) {
    return ORDERS
        && costs.pays(plan.rowNanos(), inputWidth)
        && costs.order(inputs, inputWidth, count, order, predicted);
  }

  /**
   * Runs {@code balanced} on the rows gathered in the order of {@link #order}, puts the results
   * back at their walkers' rows and records what the rows cost.
   */
  private void runPermuted(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth,
      String here,
      Balanced balanced) {
    if (this.inputs.length < count * inputWidth) {
      this.inputs = new double[count * inputWidth];
    }
    if (this.outputs.length < count * outputWidth) {
      this.outputs = new double[count * outputWidth];
    }
    for (int k = 0; k < count; k++) {
      System.arraycopy(inputs, order[k] * inputWidth, this.inputs, k * inputWidth, inputWidth);
    }
    try {
      balanced.run(this.inputs, this.outputs, rowNanos);
    } catch (EvaluationException e) {
      // The lowest failing position need not be the lowest failing walker: the serial pool's
      // exception comes from evaluating the batch in walker order.
      Batches.evaluate(function, inputs, inputWidth, outputs, outputWidth, 0, count, 0, here);
      int at = e.getIndex();
      int walker = at >= 0 && at < count ? order[at] : at;
      throw new EvaluationException(walker, e.getLocation(), e.getCauseDescription(), e.getCause());
    }
    for (int k = 0; k < count; k++) {
      System.arraycopy(this.outputs, k * outputWidth, outputs, order[k] * outputWidth, outputWidth);
      walkerNanos[order[k]] = rowNanos[k];
    }
    record(inputs, inputWidth, walkerNanos, count);
  }

  /** Records a map's row costs for the next prediction, and their total. */
  private void record(double[] inputs, int inputWidth, long[] nanos, int count) {
    costs.record(inputs, inputWidth, nanos, count);
    double sum = 0;
    int known = 0;
    for (int i = 0; i < count; i++) {
      if (nanos[i] >= 0) {
        sum += nanos[i];
        known++;
      }
    }
    workNanos = known == 0 ? 0 : sum * count / known;
  }

  /**
   * What the rows of the last map took in all, as timed where each ran; rows whose time is unknown
   * are taken to cost the mean of the others.
   *
   * @return nanoseconds; 0 when the last map failed or no row's time is known
   */
  public double workNanos() {
    return workNanos;
  }

  /**
   * How many maps had their rows handed out in predicted order.
   *
   * @return maps so far
   */
  public long orderedMaps() {
    return orderedMaps;
  }

  /**
   * How many maps were run in fixed shares of equal predicted cost.
   *
   * @return maps so far
   */
  public long sharedMaps() {
    return sharedMaps;
  }

  /** A map that was not balanced: its rows were not timed, so the next prediction starts anew. */
  public void clear() {
    costs.clear();
  }
}
