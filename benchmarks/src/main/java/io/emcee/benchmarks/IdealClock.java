package io.emcee.benchmarks;

import io.emcee.api.Pool;
import io.emcee.api.RowFunction;

/**
 * A pool that passes every map on to another and adds up what the map would take on {@code
 * processes} perfectly used processes: for equal costs {@code ceil(count / processes)} evaluations
 * (an evaluation cannot be split), otherwise the total cost divided by the processes.
 */
final class IdealClock implements Pool {
  private final Pool pool;
  private final CostShape shape;
  private final int processes;
  private final double[] row;
  private long idealNanos;
  private long maps;

  IdealClock(Pool pool, CostShape shape, int processes, int ndim) {
    this.pool = pool;
    this.shape = shape;
    this.processes = processes;
    this.row = new double[ndim];
  }

  @Override
  public void map(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth) {
    long total = 0;
    long first = -1;
    boolean equal = true;
    for (int i = 0; i < count; i++) {
      System.arraycopy(inputs, i * inputWidth, row, 0, inputWidth);
      long c = shape.nanos(row);
      total += c;
      if (first < 0) {
        first = c;
      } else if (c != first) {
        equal = false;
      }
    }
    idealNanos +=
        equal ? ((count + processes - 1) / processes) * Math.max(first, 0) : total / processes;
    maps++;
    pool.map(function, inputs, inputWidth, count, outputs, outputWidth);
  }

  long idealNanos() {
    return idealNanos;
  }

  long maps() {
    return maps;
  }

  void reset() {
    idealNanos = 0;
    maps = 0;
  }

  @Override
  public boolean isMaster() {
    return pool.isMaster();
  }

  @Override
  public String getName() {
    return pool.getName();
  }

  @Override
  public void close() {
    // the wrapped pool belongs to the caller
  }
}
