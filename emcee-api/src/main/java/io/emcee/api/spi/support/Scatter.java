package io.emcee.api.spi.support;

import io.emcee.api.EvaluationException;
import io.emcee.api.PoolException;
import io.emcee.api.RowFunction;
import io.emcee.api.RunInterruptedException;
import io.emcee.api.Stability;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * How a grid pool spreads one batch. {@link #map}: one contiguous share of rows per worker plus the
 * caller's own, all sent before the caller evaluates its share, then gathered in the order sent.
 * {@link #balance}: chunks handed out as workers (and the caller) finish, from a {@link ChunkPlan},
 * so rows that cost different amounts still keep everyone busy. Either way results land at their
 * rows' places (walker order), and of several failing rows the one with the lowest index is
 * reported, as the serial pool would. The backend only says how a share is sent and how its answer
 * is gathered.
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
      @Nullable ChunkPlan plan) {
    int parts = Math.min(count, workers.size() + 1);
    scatter(
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
        plan,
        parts,
        null,
        null);
  }

  /**
   * As {@link #map(List, RowFunction, double[], int, int, double[], int, String, Send, Gather,
   * ChunkPlan)}, in shares given by their bounds rather than equal ones: share {@code p} is rows
   * {@code [bounds[p], bounds[p + 1])}, share 0 the caller's and share {@code p} worker {@code p -
   * 1}'s; and the caller's rows timed into {@code rowNanos} when the plan times rows one by one.
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
   * @param plan told the caller's own time per row
   * @param parts the shares, at most the workers and the caller
   * @param bounds at least {@code parts + 1} long: the shares' first rows, then {@code count}
   * @param rowNanos where the caller's rows' times go, indexed like the rows, or null
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
      ChunkPlan plan,
      int parts,
      int[] bounds,
      long @Nullable [] rowNanos) {
    if (parts > workers.size() + 1 || bounds.length <= parts) {
      throw new IllegalArgumentException(
          parts + " shares for " + workers.size() + " workers and " + bounds.length + " bounds");
    }
    scatter(
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
        plan,
        parts,
        bounds,
        rowNanos);
  }

  /** Share {@code p}'s first row: from the bounds given, else of equal shares. */
  private static int bound(int @Nullable [] bounds, int count, int parts, int p) {
    return bounds != null ? bounds[p] : start(count, parts, p);
  }

  private static <W, F> void scatter(
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
      @Nullable ChunkPlan plan,
      int parts,
      int @Nullable [] bounds,
      long @Nullable [] rowNanos) {
    if (parts <= 1) {
      Batches.evaluate(function, inputs, inputWidth, outputs, outputWidth, 0, count, 0, here);
      return;
    }
    List<F> answers = new ArrayList<>(parts - 1);
    for (int p = 1; p < parts; p++) {
      answers.add(
          send.send(
              workers.get(p - 1),
              bound(bounds, count, parts, p),
              bound(bounds, count, parts, p + 1)));
    }
    EvaluationException first = null;
    int from = bound(bounds, count, parts, 0);
    int own = bound(bounds, count, parts, 1);
    try {
      if (plan != null) {
        plan.evaluate(
            function, inputs, inputWidth, outputs, outputWidth, from, own, here, rowNanos);
      } else {
        Batches.evaluate(function, inputs, inputWidth, outputs, outputWidth, from, own, 0, here);
      }
    } catch (EvaluationException e) {
      first = e;
    }
    for (int p = 1; p < parts; p++) {
      EvaluationException e =
          gather.gather(
              answers.get(p - 1),
              workers.get(p - 1),
              bound(bounds, count, parts, p),
              bound(bounds, count, parts, p + 1));
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
      ChunkPlan plan,
      Executor drivers,
      Send<W, F> send,
      Collect<W, F> collect) {
    balance(
        workers,
        function,
        inputs,
        inputWidth,
        count,
        outputs,
        outputWidth,
        here,
        plan,
        drivers,
        send,
        collect,
        null);
  }

  /**
   * As {@link #balance(List, RowFunction, double[], int, int, double[], int, String, ChunkPlan,
   * Executor, Send, Collect)}, writing the time of each row the calling thread timed one by one
   * ({@link ChunkPlan#timesEachRow()}) to {@code rowNanos[row]}; {@link Collect} writes its
   * workers' rows' times, when they have them.
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
   * @param rowNanos each row's cost, indexed like the rows, or null
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
      ChunkPlan plan,
      Executor drivers,
      Send<W, F> send,
      Collect<W, F> collect,
      long @Nullable [] rowNanos) {
    plan.start(count, workers.size() + 1);
    Balance.Outcome outcome = new Balance.Outcome();
    CountDownLatch firstSent = new CountDownLatch(workers.size());
    CountDownLatch done = new CountDownLatch(workers.size());
    for (W w : workers) {
      drivers.execute(
          () -> Balance.drive(w, plan, send, collect, outcome, firstSent, done, rowNanos));
    }
    for (long c = plan.next(); c >= 0; c = plan.next()) {
      Balance.evaluateHere(
          function, inputs, inputWidth, outputs, outputWidth, c, here, plan, rowNanos, outcome);
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      plan.stop();
      Thread.currentThread().interrupt();
      throw new RunInterruptedException("interrupted while waiting for the workers' chunks");
    }
    for (long c : outcome.orphans()) {
      Balance.evaluateHere(
          function, inputs, inputWidth, outputs, outputWidth, c, here, null, null, outcome);
    }
    outcome.rethrow();
  }

  /**
   * The first row of share {@code p} of {@code parts} (share 0 is the caller's): the one way every
   * pool splits a batch into contiguous shares. Share 0 has {@code ceil(count / parts)} rows and
   * the others split the rest as evenly as rows allow, so when the rows do not divide evenly the
   * extra row goes to the caller, whose share needs no message, rather than to a worker whose
   * answer arrives a message later (64 rows on 9 processes: 8 for the caller and 7 for each worker,
   * rather than 7 for the caller and 8 for the last worker).
   *
   * @param count rows in the batch
   * @param parts number of shares
   * @param p the share, 0 to {@code parts} (which gives {@code count})
   * @return its first row
   */
  public static int start(int count, int parts, int p) {
    if (p <= 0) {
      return 0;
    }
    if (parts <= 1) {
      return count;
    }
    int head = (int) (((long) count + parts - 1) / parts);
    return head + (int) ((long) (count - head) * (p - 1) / (parts - 1));
  }
}
