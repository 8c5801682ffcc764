package io.emcee.api.spi.support;

import io.emcee.api.EvaluationException;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The chunks of one batch for {@link Scatter#balance}, and what it learns across batches: the time
 * a row takes and what a message adds. Chunks are handed out by factoring: each chunk is a quarter
 * of the remaining rows divided among the processes (each may hold two, one evaluated and one
 * waiting), so chunks shrink as the batch ends, and no chunk is smaller than the grain, the rows a
 * chunk needs to cost a few messages' worth. Thread-safe; one per pool.
 *
 * <pre>{@code if (plan.pays(count, parts)) Scatter.balance(..., plan, drivers, remote);}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class ChunkPlan {
  /** Rows that take longer than this are timed one by one, to see how much their costs differ. */
  private static final double TIME_EACH_ROW_ABOVE_NANOS = 20_000;

  /**
   * Balancing pays only when rows' costs differ: by a standard deviation of at least this fraction
   * of their mean (equal rows are best served by fixed shares, with one message each).
   */
  private static final double SPREAD_TO_BALANCE = 0.2;

  /** A chunk should take at least this many times what its message adds. */
  private static final double MESSAGES_PER_CHUNK = 4;

  /** The spread is taken over this many of the latest rows timed one by one. */
  private static final int SPREAD_WINDOW = 64;

  /**
   * Of every this many rows in the window, the slowest one is left out of the spread: a row
   * stretched once by the machine (a preempted thread, a pause) says nothing of the rows to come,
   * while rows that are slow for their coordinates come back in every batch.
   */
  private static final int SPREAD_TRIM_ONE_IN = 32;

  private double rowNanos = Double.NaN;
  private double meanRow = Double.NaN;
  private final long[] recentRows = new long[SPREAD_WINDOW];
  private final long[] sortedRows = new long[SPREAD_WINDOW];
  private int recentCount;
  private int recentNext;
  private double spread = Double.NaN;
  private double messageNanos;
  private int count;
  private int parts;
  private int next;
  private int grain;
  private long @Nullable [] weights;
  private double remainingCost;
  private double floorCost;

  /**
   * A plan that knows nothing yet.
   *
   * @param messageNanos a first guess of what a message to a worker and back adds, in nanoseconds;
   *     replaced by what {@link Scatter#balance} measures
   */
  public ChunkPlan(long messageNanos) {
    this.messageNanos = messageNanos;
  }

  /**
   * Whether balancing a batch pays for its extra messages: when what is known of the rows' cost
   * allows at least two chunks per process.
   *
   * @param count rows in the batch
   * @param parts the processes, the caller included
   * @return whether to {@link Scatter#balance} rather than {@link Scatter#map}
   */
  public synchronized boolean pays(int count, int parts) {
    return parts > 1 && costsDiffer() && 2L * parts * grain() <= count;
  }

  /**
   * Whether the rows' costs differ enough to be worth sharing out by cost: rows timed one by one
   * ({@link #timesEachRow()}) whose {@link #spread()} is at least 0.2.
   *
   * @return whether a map should share rows by their predicted cost rather than by count
   */
  public synchronized boolean costsDiffer() {
    return timesEachRow() && spread() >= SPREAD_TO_BALANCE;
  }

  /**
   * How much the rows' costs differ, as seen on the caller's latest 64 own rows timed one by one:
   * their standard deviation over their mean, leaving out the slowest row of every 32 (0 until rows
   * costly enough to be timed one by one were seen).
   *
   * @return the coefficient of variation
   */
  public synchronized double spread() {
    if (Double.isNaN(spread)) {
      spread = trimmedSpread();
    }
    return spread;
  }

  /** The spread of the window's rows without its slowest few; lock held. */
  private double trimmedSpread() {
    int n = recentCount;
    System.arraycopy(recentRows, 0, sortedRows, 0, n);
    Arrays.sort(sortedRows, 0, n);
    int kept = n - (n + SPREAD_TRIM_ONE_IN - 1) / SPREAD_TRIM_ONE_IN;
    if (kept < 2) {
      return 0;
    }
    double sum = 0;
    for (int i = 0; i < kept; i++) {
      sum += sortedRows[i];
    }
    double mean = sum / kept;
    if (mean <= 0) {
      return 0;
    }
    double squares = 0;
    for (int i = 0; i < kept; i++) {
      double d = sortedRows[i] - mean;
      squares += d * d;
    }
    return Math.sqrt(squares / kept) / mean;
  }

  /**
   * Evaluates rows {@code [from, to)} here as {@link Batches#evaluate} does, timing them: one by
   * one when rows are known to be costly (to learn how much their costs differ), else together.
   *
   * @param function the function
   * @param inputs the points, row-major
   * @param inputWidth doubles per point
   * @param outputs the results, row-major
   * @param outputWidth doubles per result
   * @param from first row
   * @param to end row (exclusive)
   * @param here this process in error messages
   * @throws EvaluationException for the first failing row
   */
  public void evaluate(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      double[] outputs,
      int outputWidth,
      int from,
      int to,
      String here) {
    evaluate(function, inputs, inputWidth, outputs, outputWidth, from, to, here, null);
  }

  /**
   * As {@link #evaluate(RowFunction, double[], int, double[], int, int, int, String)}, also writing
   * each row's time to {@code rowNanos[row]} when the rows are timed one by one ({@link
   * #timesEachRow()}); the rows' entries are left untouched otherwise.
   *
   * @param function the function
   * @param inputs the points, row-major
   * @param inputWidth doubles per point
   * @param outputs the results, row-major
   * @param outputWidth doubles per result
   * @param from first row
   * @param to end row (exclusive)
   * @param here this process in error messages
   * @param rowNanos where each row's cost goes, indexed like the rows, or null
   * @throws EvaluationException for the first failing row
   */
  public void evaluate(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      double[] outputs,
      int outputWidth,
      int from,
      int to,
      String here,
      long @Nullable [] rowNanos) {
    if (!timesEachRow()) {
      long t0 = System.nanoTime();
      try {
        Batches.evaluate(function, inputs, inputWidth, outputs, outputWidth, from, to, 0, here);
      } finally {
        ownRows(System.nanoTime() - t0, to - from);
      }
      return;
    }
    long[] times = rowNanos != null ? rowNanos : new long[to];
    int timed = from;
    try {
      Batches.evaluateTimed(
          function, inputs, inputWidth, outputs, outputWidth, from, to, 0, here, times);
      timed = to;
    } catch (EvaluationException e) {
      timed = e.getIndex(); // the rows before the failing one were timed
      throw e;
    } finally {
      for (int i = from; i < timed; i++) {
        oneRow(times[i]);
      }
    }
  }

  /**
   * Whether rows cost enough (over 20 µs) to be timed one by one: then {@link #evaluate} times
   * each, and a worker asked to may too, at a negligible share of a row's cost.
   *
   * @return whether rows are timed one by one
   */
  public synchronized boolean timesEachRow() {
    return !Double.isNaN(rowNanos) && rowNanos >= TIME_EACH_ROW_ABOVE_NANOS;
  }

  /**
   * What a row costs, as learnt so far.
   *
   * @return nanoseconds, NaN until something was timed
   */
  public synchronized double rowNanos() {
    return rowNanos;
  }

  /** Records one row timed alone. */
  synchronized void oneRow(long nanos) {
    double x = nanos;
    meanRow = Double.isNaN(meanRow) ? x : 0.95 * meanRow + 0.05 * x;
    rowNanos = meanRow; // rows timed one by one: their mean cost
    recentRows[recentNext] = nanos;
    recentNext = (recentNext + 1) % SPREAD_WINDOW;
    recentCount = Math.min(SPREAD_WINDOW, recentCount + 1);
    spread = Double.NaN;
  }

  /** Forgets the rows' cost: a new function may cost something else. */
  public synchronized void newFunction() {
    rowNanos = Double.NaN;
    meanRow = Double.NaN;
    recentCount = 0;
    recentNext = 0;
    spread = Double.NaN;
  }

  /**
   * Records that the caller evaluated {@code rows} rows in {@code nanos} (also usable by a backend
   * that evaluated its own fixed share).
   *
   * @param nanos time taken
   * @param rows rows evaluated
   */
  public synchronized void ownRows(long nanos, int rows) {
    if (rows > 0) {
      double perRow = (double) nanos / rows;
      // Cheaper rows are believed at once: they can only make maps fall back to fixed shares.
      // Dearer ones at most double it a batch: one batch stretched by a pause of the machine
      // would otherwise make rows of a microsecond look like rows worth timing one by one.
      rowNanos =
          Double.isNaN(rowNanos) || perRow < rowNanos
              ? perRow
              : Math.min(2 * rowNanos, 0.8 * rowNanos + 0.2 * perRow);
    }
  }

  /**
   * Records that a worker that had nothing else to do answered a chunk of {@code rows} rows {@code
   * nanos} after it was sent.
   *
   * @param nanos the round trip
   * @param rows rows in the chunk
   */
  public synchronized void remoteRows(long nanos, int rows) {
    if (!Double.isNaN(rowNanos)) {
      message(nanos - rows * rowNanos);
    }
  }

  /**
   * Records that a worker that had nothing else to do answered rows {@code [from, to)} {@code
   * nanos} after they were sent, with each row's time when the worker timed them. What a message
   * adds is then taken as the smaller of the round trip less what the rows took (so that the
   * slowest rows, which a map in predicted order sends first, do not pass for slow messages) and
   * the round trip less as many of the caller's mean rows, as without the rows' times.
   *
   * @param nanos the round trip
   * @param from first row of the chunk
   * @param to end of the chunk (exclusive)
   * @param rowNanos each row's time as the worker measured it (negative: unknown), or null
   */
  public void remoteRows(long nanos, int from, int to, long @Nullable [] rowNanos) {
    if (rowNanos == null) {
      remoteRows(nanos, to - from);
      return;
    }
    long evaluated = 0;
    for (int i = from; i < to; i++) {
      if (rowNanos[i] < 0) {
        remoteRows(nanos, to - from);
        return;
      }
      evaluated += rowNanos[i];
    }
    synchronized (this) {
      // the smaller of the two measures: neither slow rows nor quick ones pass for messages
      double mean = this.rowNanos;
      message(
          Double.isNaN(mean) ? nanos - evaluated : nanos - Math.max(evaluated, (to - from) * mean));
    }
  }

  /** Follows what a message adds, given one round trip's time beyond its rows; lock held. */
  private void message(double beyondRows) {
    // Rows that cost more than the caller's make a chunk look slow: follow drops at once and
    // rises only slowly and by at most double, so that slow rows do not pass for messages.
    double extra = Math.max(0, beyondRows);
    messageNanos =
        extra < messageNanos
            ? 0.5 * messageNanos + 0.5 * extra
            : 0.95 * messageNanos + 0.05 * Math.min(extra, 2 * messageNanos);
  }

  /**
   * The smallest chunk worth a message now.
   *
   * @return rows
   */
  public synchronized int grain() {
    if (Double.isNaN(rowNanos) || rowNanos <= 0) {
      return Integer.MAX_VALUE / 4;
    }
    return (int)
        Math.max(1, Math.min(1 << 20, Math.ceil(MESSAGES_PER_CHUNK * messageNanos / rowNanos)));
  }

  /**
   * What a message to a worker and back adds, as measured so far.
   *
   * @return nanoseconds
   */
  public synchronized long messageNanos() {
    return Math.round(messageNanos);
  }

  /**
   * Starts handing out the chunks of a batch.
   *
   * @param count rows in the batch
   * @param parts the processes, the caller included
   */
  public synchronized void start(int count, int parts) {
    this.count = count;
    this.parts = parts;
    this.next = 0;
    this.grain = grain();
    long[] w = weights;
    if (w != null) {
      double sum = 0;
      for (int i = 0; i < count; i++) {
        sum += Math.max(1, w[i]);
      }
      remainingCost = sum;
      floorCost = count > 0 ? grain * sum / count : 0;
    }
  }

  /**
   * Sizes the chunks of the batches started from now on by these predicted row costs rather than by
   * rows: each chunk is the rows that cost a quarter of what remains divided among the processes,
   * and at least the {@link #grain()} in rows or what that many rows cost on average, so that a row
   * predicted to cost much more than the others is a chunk of its own instead of going, with its
   * neighbours, to one process.
   *
   * @param predicted each row's predicted cost in nanoseconds, indexed like the rows; null to size
   *     chunks by rows again
   */
  public synchronized void weigh(long @Nullable [] predicted) {
    this.weights = predicted;
  }

  /** Hands out no more chunks of this batch. */
  public synchronized void stop() {
    next = count;
  }

  /**
   * Takes the next chunk.
   *
   * @return the chunk, read with {@link #from} and {@link #to}; -1 when all are handed out
   */
  public synchronized long next() {
    int left = count - next;
    if (left <= 0) {
      return -1;
    }
    int size;
    long[] w = weights;
    if (w != null) {
      double target = remainingCost / (4.0 * parts);
      double sum = 0;
      size = 0;
      while (size < left && (sum < target || (size < grain && sum < floorCost))) {
        sum += Math.max(1, w[next + size]);
        size++;
      }
      remainingCost -= sum;
    } else {
      size = Math.min(left, Math.max(grain, (left + 4 * parts - 1) / (4 * parts)));
    }
    long chunk = ((long) next << 32) | (next + size);
    next += size;
    return chunk;
  }

  /**
   * The first row of a chunk.
   *
   * @param chunk from {@link #next()}
   * @return its first row
   */
  public static int from(long chunk) {
    return (int) (chunk >>> 32);
  }

  /**
   * The end of a chunk.
   *
   * @param chunk from {@link #next()}
   * @return one past its last row
   */
  public static int to(long chunk) {
    return (int) chunk;
  }
}
