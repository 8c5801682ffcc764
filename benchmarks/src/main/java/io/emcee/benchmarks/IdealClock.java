package io.emcee.benchmarks;

import io.emcee.api.Pool;
import io.emcee.api.RowFunction;

/**
 * A pool that passes every map on to another and adds up what the map would take on {@code
 * processes} perfectly used processes: for equal costs {@code ceil(count / processes)} evaluations
 * (an evaluation cannot be split), otherwise the total cost divided by the processes. Beside it,
 * {@link #wholeNanos()}: the makespan of whole evaluations scheduled largest first, each on the
 * least loaded process, knowing every cost in advance (an achievable schedule, within 4/3 of the
 * best one; equal to the first for equal costs).
 */
final class IdealClock implements Pool {
  private final Pool pool;
  private final CostShape shape;
  private final int processes;
  private final double[] row;
  private long idealNanos;
  private long wholeNanos;
  private long[] costs = new long[0];
  private final long[] loads;
  private long maps;

  IdealClock(Pool pool, CostShape shape, int processes, int ndim) {
    this.pool = pool;
    this.shape = shape;
    this.processes = processes;
    this.row = new double[ndim];
    this.loads = new long[processes];
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
    if (costs.length < count) {
      costs = new long[count];
    }
    for (int i = 0; i < count; i++) {
      System.arraycopy(inputs, i * inputWidth, row, 0, inputWidth);
      long c = shape.nanos(row);
      costs[i] = c;
      total += c;
      if (first < 0) {
        first = c;
      } else if (c != first) {
        equal = false;
      }
    }
    idealNanos +=
        equal ? ((count + processes - 1) / processes) * Math.max(first, 0) : total / processes;
    wholeNanos += largestFirst(count);
    maps++;
    pool.map(function, inputs, inputWidth, count, outputs, outputWidth);
  }

  long idealNanos() {
    return idealNanos;
  }

  long wholeNanos() {
    return wholeNanos;
  }

  /** The makespan of the map's evaluations, largest first, each on the least loaded process. */
  private long largestFirst(int count) {
    long[] sorted = java.util.Arrays.copyOf(costs, count);
    java.util.Arrays.sort(sorted);
    java.util.Arrays.fill(loads, 0);
    for (int i = count - 1; i >= 0; i--) {
      int least = 0;
      for (int p = 1; p < loads.length; p++) {
        if (loads[p] < loads[least]) {
          least = p;
        }
      }
      loads[least] += sorted[i];
    }
    long makespan = 0;
    for (long l : loads) {
      makespan = Math.max(makespan, l);
    }
    return makespan;
  }

  long maps() {
    return maps;
  }

  void reset() {
    idealNanos = 0;
    wholeNanos = 0;
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
