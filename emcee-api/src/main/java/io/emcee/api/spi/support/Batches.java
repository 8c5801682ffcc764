package io.emcee.api.spi.support;

import io.emcee.api.EvaluationException;
import io.emcee.api.PoolException;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;

/**
 * Helpers every pool needs: checking the arguments of {@link io.emcee.api.Pool#map} and evaluating
 * a range of rows with failures reported by row. Kept here so that every backend evaluates and
 * reports in exactly the same way.
 *
 * <pre>{@code Batches.evaluate(f, in, ndim, out, 1, from, to, 0, "thread " + name);}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class Batches {
  private Batches() {}

  /**
   * Checks the shape of a batch.
   *
   * @param inputs the points, row-major
   * @param inputWidth doubles per point
   * @param count number of points
   * @param outputs the results, row-major
   * @param outputWidth doubles per result
   * @throws PoolException (EMCEE-P010) when the arrays are too short or a width is not positive
   */
  public static void check(
      double[] inputs, int inputWidth, int count, double[] outputs, int outputWidth) {
    if (inputWidth < 1 || outputWidth < 1 || count < 0) {
      throw new PoolException(
          "EMCEE-P010",
          "invalid batch: inputWidth="
              + inputWidth
              + ", outputWidth="
              + outputWidth
              + ", count="
              + count
              + " (widths must be at least 1, count at least 0)");
    }
    if ((long) count * inputWidth > inputs.length || (long) count * outputWidth > outputs.length) {
      throw new PoolException(
          "EMCEE-P010",
          "invalid batch: "
              + count
              + " rows need "
              + (long) count * inputWidth
              + " input and "
              + (long) count * outputWidth
              + " output doubles, but the arrays hold "
              + inputs.length
              + " and "
              + outputs.length);
    }
  }

  /**
   * Evaluates rows {@code [from, to)} of a batch, each through a private copy of its point.
   *
   * @param function the function
   * @param inputs the points, row-major
   * @param inputWidth doubles per point
   * @param outputs the results, row-major
   * @param outputWidth doubles per result
   * @param from the first row to evaluate
   * @param to one past the last row
   * @param indexBase added to a row's position in these arrays to give its index in the caller's
   *     batch (non-zero when the arrays hold a chunk that starts at that index)
   * @param location where this runs, for error messages
   * @throws EvaluationException naming the first failing row's batch index
   */
  public static void evaluate(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      double[] outputs,
      int outputWidth,
      int from,
      int to,
      int indexBase,
      String location) {
    evaluate(
        function,
        inputs,
        inputWidth,
        outputs,
        outputWidth,
        from,
        to,
        indexBase,
        location,
        new double[inputWidth],
        new double[outputWidth]);
  }

  /**
   * Like {@link #evaluate(RowFunction, double[], int, double[], int, int, int, int, String)} with
   * caller-owned scratch arrays, so that a pool evaluating many chunks allocates nothing.
   *
   * @param function the function
   * @param inputs the points, row-major
   * @param inputWidth doubles per point
   * @param outputs the results, row-major
   * @param outputWidth doubles per result
   * @param from the first row to evaluate
   * @param to one past the last row
   * @param indexBase added to a row's position to give its index in the caller's batch
   * @param location where this runs, for error messages
   * @param row scratch of exactly {@code inputWidth} doubles: the function sees it
   * @param result scratch of exactly {@code outputWidth} doubles
   * @throws EvaluationException naming the first failing row's batch index
   */
  public static void evaluate(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      double[] outputs,
      int outputWidth,
      int from,
      int to,
      int indexBase,
      String location,
      double[] row,
      double[] result) {
    for (int i = from; i < to; i++) {
      int at = i * inputWidth;
      for (int j = 0; j < inputWidth; j++) { // a row is short: a loop beats arraycopy's call
        row[j] = inputs[at + j];
      }
      try {
        function.apply(row, result);
      } catch (RuntimeException | Error e) {
        throw failure(indexBase + i, location, e);
      }
      if (outputWidth == 1) {
        outputs[i] = result[0];
      } else {
        System.arraycopy(result, 0, outputs, i * outputWidth, outputWidth);
      }
    }
  }

  /**
   * Evaluates rows {@code [from, to)} as {@link #evaluate(RowFunction, double[], int, double[],
   * int, int, int, int, String)} does, one by one, writing each row's time to {@code
   * rowNanos[row]}: for rows costly enough that two clock readings each are negligible.
   *
   * @param function the function
   * @param inputs the points, row-major
   * @param inputWidth doubles per point
   * @param outputs the results, row-major
   * @param outputWidth doubles per result
   * @param from the first row to evaluate
   * @param to one past the last row
   * @param indexBase added to a row's position to give its index in the caller's batch
   * @param location where this runs, for error messages
   * @param rowNanos each row's time in nanoseconds, indexed like the rows
   * @throws EvaluationException naming the first failing row's batch index
   */
  public static void evaluateTimed(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      double[] outputs,
      int outputWidth,
      int from,
      int to,
      int indexBase,
      String location,
      long[] rowNanos) {
    double[] row = new double[inputWidth];
    double[] result = new double[outputWidth];
    long t0 = System.nanoTime();
    for (int i = from; i < to; i++) {
      evaluate(
          function,
          inputs,
          inputWidth,
          outputs,
          outputWidth,
          i,
          i + 1,
          indexBase,
          location,
          row,
          result);
      long t1 = System.nanoTime();
      rowNanos[i] = t1 - t0;
      t0 = t1;
    }
  }

  private static EvaluationException failure(int index, String location, Throwable e) {
    if (e instanceof VirtualMachineError vm && !(e instanceof StackOverflowError)) {
      throw vm;
    }
    return new EvaluationException(index, location, EvaluationException.describe(e), e);
  }
}
