package io.emcee.api.spi.support;

import io.emcee.api.EvaluationException;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a grid pool spreads one batch: one contiguous share of rows per worker plus the caller's own,
 * all sent before the caller evaluates its share, then gathered in the order sent; of several
 * failing rows the one with the lowest index is reported, as the serial pool would. The backend
 * only says how a share is sent and how its answer is gathered.
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
    try {
      Batches.evaluate(
          function, inputs, inputWidth, outputs, outputWidth, 0, start(count, parts, 1), 0, here);
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
