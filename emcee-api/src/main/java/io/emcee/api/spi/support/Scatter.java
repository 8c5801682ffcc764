package io.emcee.api.spi.support;

import io.emcee.api.EvaluationException;
import io.emcee.api.PoolException;
import io.emcee.api.RowFunction;
import io.emcee.api.RunInterruptedException;
import io.emcee.api.Stability;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * How a grid pool spreads one batch. {@link #map}: one contiguous share of rows per worker plus the
 * caller's own, all sent before the caller evaluates its share, then gathered in the order sent.
 * {@link #balance}: chunks handed out as workers (and the caller) finish, from a {@link Plan}, so
 * rows that cost different amounts still keep everyone busy. Either way results land at their rows'
 * places (walker order), and of several failing rows the one with the lowest index is reported, as
 * the serial pool would. The backend only says how a share is sent and how its answer is gathered.
 *
 * <pre>{@code Scatter.map(workers, f, in, ndim, n, out, 1, here, this::send, this::gather);}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class Scatter {
  private Scatter() {}

  /**
   * Sends one worker its share of a batch.
   *
   * @param <W> the backend's handle of a worker
   * @param <F> what the backend waits on for the answer
   */
  @FunctionalInterface
  public interface Send<W, F> {
    /**
     * Starts the evaluation of rows {@code [from, to)} on {@code worker}.
     *
     * @param worker the worker
     * @param from first row of the share
     * @param to end of the share (exclusive)
     * @return what {@link Gather} waits on
     */
    F send(W worker, int from, int to);
  }

  /**
   * Waits for one worker's share and puts its results in place.
   *
   * @param <W> the backend's handle of a worker
   * @param <F> what the backend waits on
   */
  @FunctionalInterface
  public interface Gather<W, F> {
    /**
     * Waits for the share {@code [from, to)} sent to {@code worker} and copies its results into the
     * batch's outputs (or evaluates it another way when the worker is gone).
     *
     * @param answer what {@link Send} returned
     * @param worker the worker
     * @param from first row of the share
     * @param to end of the share (exclusive)
     * @return the share's failing row with the lowest index, or null
     */
    @Nullable EvaluationException gather(F answer, W worker, int from, int to);
  }

  /**
   * Evaluates a batch on {@code workers} and the calling thread. With no worker, or a single row,
   * the caller evaluates everything.
   *
   * @param <W> the backend's handle of a worker
   * @param <F> what the backend waits on for an answer
   * @param workers the workers, in the order their shares follow the caller's
   * @param function the function
   * @param inputs the points, row-major
   * @param inputWidth doubles per point
   * @param count number of points
   * @param outputs the results, row-major
   * @param outputWidth doubles per result
   * @param here the caller's location in error messages
   * @param send sends a share
   * @param gather gathers a share
   * @throws EvaluationException for the failing row with the lowest index, if any
   */
  public static <W, F> void map(
      List<W> workers,
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth,
      String here,
      Send<W, F> send,
      Gather<W, F> gather) {
    map(
        workers,
        function,
        inputs,
        inputWidth,
        count,
        outputs,
        outputWidth,
        here,
        send,
        gather,
        null);
  }

  /**
   * As {@link #map(List, RowFunction, double[], int, int, double[], int, String, Send, Gather)},
   * telling {@code plan} how long the caller's own share took (so that it learns the rows' cost).
   *
   * @param <W> the backend's handle of a worker
   * @param <F> what the backend waits on for an answer
   * @param workers the workers, in the order their shares follow the caller's
   * @param function the function
   * @param inputs the points, row-major
   * @param inputWidth doubles per point
   * @param count number of points
   * @param outputs the results, row-major
   * @param outputWidth doubles per result
   * @param here the caller's location in error messages
   * @param send sends a share
   * @param gather gathers a share
   * @param plan told the caller's own time per row, or null
   * @throws EvaluationException for the failing row with the lowest index, if any
   */
  public static <W, F> void map(
      List<W> workers,
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth,
      String here,
      Send<W, F> send,
      Gather<W, F> gather,
      @Nullable Plan plan) {
    int parts = Math.min(count, workers.size() + 1);
    if (parts <= 1) {
      Batches.evaluate(function, inputs, inputWidth, outputs, outputWidth, 0, count, 0, here);
      return;
    }
    List<F> answers = new ArrayList<>(parts - 1);
    for (int p = 1; p < parts; p++) {
      answers.add(
          send.send(workers.get(p - 1), start(count, parts, p), start(count, parts, p + 1)));
    }
    EvaluationException first = null;
    int own = start(count, parts, 1);
    try {
      if (plan != null) {
        plan.evaluate(function, inputs, inputWidth, outputs, outputWidth, 0, own, here);
      } else {
        Batches.evaluate(function, inputs, inputWidth, outputs, outputWidth, 0, own, 0, here);
      }
    } catch (EvaluationException e) {
      first = e;
    }
    for (int p = 1; p < parts; p++) {
      EvaluationException e =
          gather.gather(
              answers.get(p - 1),
              workers.get(p - 1),
              start(count, parts, p),
              start(count, parts, p + 1));
      if (e != null && (first == null || e.getIndex() < first.getIndex())) {
        first = e;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Waits, on one of the caller's driver threads, for a chunk sent by {@link Send} and puts its
   * results in place.
   *
   * @param <W> the backend's handle of a worker
   * @param <F> what the backend waits on
   */
  @FunctionalInterface
  public interface Collect<W, F> {
    /**
     * Waits for rows {@code [from, to)} sent to {@code worker} and copies their results into the
     * batch's outputs.
     *
     * @param answer what {@link Send} returned
     * @param worker the worker
     * @param from first row of the chunk
     * @param to end of the chunk (exclusive)
     * @return false when the worker is gone (the caller then evaluates the chunk itself)
     * @throws EvaluationException for the chunk's failing row with the lowest index
     */
    boolean collect(F answer, W worker, int from, int to);
  }

  /** Chunks a driver keeps sent to its worker: the next one waits there while one is evaluated. */
  private static final int IN_FLIGHT = 2;

  /**
   * Evaluates a batch on {@code workers} and the calling thread with dynamic balancing: each worker
   * has a driver thread (from {@code drivers}) that keeps two chunks of {@code plan} sent to it (so
   * the next is there when the worker finishes one; a worker evaluates its chunks one at a time)
   * and sends another as each is answered; the calling thread takes chunks too. A gone worker's
   * chunks are evaluated by the calling thread. Results are written at their rows' places, so the
   * outcome equals a serial evaluation's.
   *
   * @param <W> the backend's handle of a worker
   * @param <F> what the backend waits on for an answer
   * @param workers the workers
   * @param function the function (evaluated here on the calling thread only)
   * @param inputs the points, row-major
   * @param inputWidth doubles per point
   * @param count number of points
   * @param outputs the results, row-major
   * @param outputWidth doubles per result
   * @param here the caller's location in error messages
   * @param plan the chunk sizes, started here for this batch
   * @param drivers runs one driver per worker; at least {@code workers.size()} at once
   * @param send sends a chunk to a worker
   * @param collect waits for a chunk's answer
   * @throws EvaluationException for the failing row with the lowest index, if any
   * @throws PoolException when a worker could not evaluate at all
   * @throws RunInterruptedException when the calling thread is interrupted
   */
  public static <W, F> void balance(
      List<W> workers,
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth,
      String here,
      Plan plan,
      Executor drivers,
      Send<W, F> send,
      Collect<W, F> collect) {
    plan.start(count, workers.size() + 1);
    Outcome outcome = new Outcome();
    CountDownLatch done = new CountDownLatch(workers.size());
    for (W w : workers) {
      drivers.execute(() -> drive(w, plan, send, collect, outcome, done));
    }
    for (long c = plan.next(); c >= 0; c = plan.next()) {
      evaluateHere(function, inputs, inputWidth, outputs, outputWidth, c, here, plan, outcome);
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      plan.stop();
      Thread.currentThread().interrupt();
      throw new RunInterruptedException("interrupted while waiting for the workers' chunks");
    }
    for (long c : outcome.orphans()) {
      evaluateHere(function, inputs, inputWidth, outputs, outputWidth, c, here, null, outcome);
    }
    outcome.rethrow();
  }

  private static void evaluateHere(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      double[] outputs,
      int outputWidth,
      long chunk,
      String here,
      @Nullable Plan plan,
      Outcome outcome) {
    int from = Plan.from(chunk);
    int to = Plan.to(chunk);
    try {
      if (plan != null) {
        plan.evaluate(function, inputs, inputWidth, outputs, outputWidth, from, to, here);
      } else {
        Batches.evaluate(function, inputs, inputWidth, outputs, outputWidth, from, to, 0, here);
      }
    } catch (EvaluationException e) {
      outcome.failed(e);
    }
  }

  private static <W, F> void drive(
      W worker,
      Plan plan,
      Send<W, F> send,
      Collect<W, F> collect,
      Outcome outcome,
      CountDownLatch done) {
    long[] chunks = new long[IN_FLIGHT];
    long[] sentAt = new long[IN_FLIGHT];
    List<F> answers = new ArrayList<>(Collections.nCopies(IN_FLIGHT, null));
    int head = 0;
    int inFlight = 0;
    try {
      long lastAnswer = System.nanoTime();
      while (true) {
        while (inFlight < IN_FLIGHT) {
          long c = plan.next();
          if (c < 0) {
            break;
          }
          int slot = (head + inFlight) % IN_FLIGHT;
          chunks[slot] = c;
          sentAt[slot] = System.nanoTime();
          answers.set(slot, send.send(worker, Plan.from(c), Plan.to(c)));
          inFlight++;
        }
        if (inFlight == 0) {
          return;
        }
        long c = chunks[head];
        boolean answered;
        try {
          answered = collect.collect(answers.get(head), worker, Plan.from(c), Plan.to(c));
        } catch (EvaluationException e) {
          outcome.failed(e);
          answered = true;
        }
        answers.set(head, null);
        if (!answered) {
          for (int k = 0; k < inFlight; k++) {
            outcome.orphan(chunks[(head + k) % IN_FLIGHT]); // the caller evaluates these
          }
          return;
        }
        long now = System.nanoTime();
        if (sentAt[head] >= lastAnswer) {
          // sent to an idle worker: the whole round trip shows (a queued chunk's would not)
          plan.remoteRows(now - sentAt[head], Plan.to(c) - Plan.from(c));
        }
        lastAnswer = now;
        head = (head + 1) % IN_FLIGHT;
        inFlight--;
      }
    } catch (RuntimeException | Error e) {
      outcome.broken(e);
      plan.stop();
    } finally {
      done.countDown();
    }
  }

  /** What the drivers and the caller found, collected across threads. */
  private static final class Outcome {
    private final List<Long> orphans = new ArrayList<>();
    private @Nullable EvaluationException first;
    private @Nullable Throwable broken;

    synchronized void failed(EvaluationException e) {
      if (first == null || e.getIndex() < first.getIndex()) {
        first = e;
      }
    }

    synchronized void orphan(long chunk) {
      orphans.add(chunk);
    }

    synchronized List<Long> orphans() {
      return new ArrayList<>(orphans);
    }

    synchronized void broken(Throwable e) {
      if (broken == null) {
        broken = e;
      }
    }

    synchronized void rethrow() {
      Throwable b = broken;
      if (b instanceof RuntimeException r) {
        throw r;
      }
      if (b instanceof Error err) {
        throw err;
      }
      if (first != null) {
        throw first;
      }
    }
  }

  /**
   * The chunks of one batch for {@link #balance}, and what it learns across batches: the time a row
   * takes and what a message adds. Chunks are handed out by factoring: each chunk is a quarter of
   * the remaining rows divided among the processes (each may hold two, one evaluated and one
   * waiting), so chunks shrink as the batch ends, and no chunk is smaller than the grain, the rows
   * a chunk needs to cost a few messages' worth. Thread-safe; one per pool.
   *
   * <pre>{@code if (plan.pays(count, parts)) Scatter.balance(..., plan, drivers, remote);}</pre>
   */
  public static final class Plan {
    /** Rows that take longer than this are timed one by one, to see how much their costs differ. */
    private static final double TIME_EACH_ROW_ABOVE_NANOS = 20_000;

    /**
     * Balancing pays only when rows' costs differ: by a standard deviation of at least this
     * fraction of their mean (equal rows are best served by fixed shares, with one message each).
     */
    private static final double SPREAD_TO_BALANCE = 0.2;

    /** A chunk should take at least this many times what its message adds. */
    private static final double MESSAGES_PER_CHUNK = 4;

    private double rowNanos = Double.NaN;
    private double meanRow = Double.NaN;
    private double meanSquareRow;
    private double messageNanos;
    private int count;
    private int parts;
    private int next;
    private int grain;

    /**
     * A plan that knows nothing yet.
     *
     * @param messageNanos a first guess of what a message to a worker and back adds, in
     *     nanoseconds; replaced by what {@link #balance} measures
     */
    public Plan(long messageNanos) {
      this.messageNanos = messageNanos;
    }

    /**
     * Whether balancing a batch pays for its extra messages: when what is known of the rows' cost
     * allows at least two chunks per process.
     *
     * @param count rows in the batch
     * @param parts the processes, the caller included
     * @return whether to {@link #balance} rather than {@link #map}
     */
    public synchronized boolean pays(int count, int parts) {
      return parts > 1
          && !Double.isNaN(rowNanos)
          && spread() >= SPREAD_TO_BALANCE
          && 2L * parts * grain() <= count;
    }

    /**
     * How much the rows' costs differ, as seen on the caller's own rows: their standard deviation
     * over their mean (0 until rows costly enough to be timed one by one were seen).
     *
     * @return the coefficient of variation
     */
    public synchronized double spread() {
      if (Double.isNaN(meanRow) || meanRow <= 0) {
        return 0;
      }
      return Math.sqrt(Math.max(0, meanSquareRow - meanRow * meanRow)) / meanRow;
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
      boolean each;
      synchronized (this) {
        each = !Double.isNaN(rowNanos) && rowNanos >= TIME_EACH_ROW_ABOVE_NANOS;
      }
      long t0 = System.nanoTime();
      if (!each) {
        try {
          Batches.evaluate(function, inputs, inputWidth, outputs, outputWidth, from, to, 0, here);
        } finally {
          ownRows(System.nanoTime() - t0, to - from);
        }
        return;
      }
      for (int i = from; i < to; i++) {
        Batches.evaluate(function, inputs, inputWidth, outputs, outputWidth, i, i + 1, 0, here);
        long t1 = System.nanoTime();
        oneRow(t1 - t0);
        t0 = t1;
      }
    }

    private synchronized void oneRow(long nanos) {
      double x = nanos;
      if (Double.isNaN(meanRow)) {
        meanRow = x;
        meanSquareRow = x * x;
      } else {
        meanRow = 0.95 * meanRow + 0.05 * x;
        meanSquareRow = 0.95 * meanSquareRow + 0.05 * x * x;
      }
      rowNanos = meanRow; // rows timed one by one: their mean cost
    }

    /** Forgets the rows' cost: a new function may cost something else. */
    public synchronized void newFunction() {
      rowNanos = Double.NaN;
      meanRow = Double.NaN;
      meanSquareRow = 0;
    }

    /**
     * Records that the caller evaluated {@code rows} rows in {@code nanos} (also usable by a
     * backend that evaluated its own fixed share).
     *
     * @param nanos time taken
     * @param rows rows evaluated
     */
    public synchronized void ownRows(long nanos, int rows) {
      if (rows > 0) {
        double perRow = (double) nanos / rows;
        // cheaper rows are believed at once: they can only make maps fall back to fixed shares
        rowNanos =
            Double.isNaN(rowNanos) || perRow < rowNanos ? perRow : 0.8 * rowNanos + 0.2 * perRow;
      }
    }

    /**
     * Records that a worker that had nothing else to do answered a chunk of {@code rows} rows
     * {@code nanos} after it was sent.
     *
     * @param nanos the round trip
     * @param rows rows in the chunk
     */
    public synchronized void remoteRows(long nanos, int rows) {
      if (!Double.isNaN(rowNanos)) {
        // Rows that cost more than the caller's make a chunk look slow: follow drops at once and
        // rises only slowly and by at most double, so that slow rows do not pass for messages.
        double extra = Math.max(0, nanos - rows * rowNanos);
        messageNanos =
            extra < messageNanos
                ? 0.5 * messageNanos + 0.5 * extra
                : 0.95 * messageNanos + 0.05 * Math.min(extra, 2 * messageNanos);
      }
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
      int size = Math.min(left, Math.max(grain, (left + 4 * parts - 1) / (4 * parts)));
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

  /**
   * The first row of share {@code p} of {@code parts} (share 0 is the caller's): the one way every
   * pool splits a batch into contiguous shares.
   *
   * @param count rows in the batch
   * @param parts number of shares
   * @param p the share, 0 to {@code parts} (which gives {@code count})
   * @return its first row
   */
  public static int start(int count, int parts, int p) {
    return (int) ((long) count * p / parts);
  }
}
