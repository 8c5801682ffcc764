package io.emcee.api.internal;

import io.emcee.api.Pool;
import io.emcee.api.RowFunction;
import io.emcee.api.spi.support.Batches;

/** The built-in pool: evaluates every row on the calling thread, in order. Stateless. */
public final class SerialPool implements Pool {

  /** The one instance; closing it does nothing. */
  public static final SerialPool INSTANCE = new SerialPool();

  /** The name it is selected by. */
  public static final String NAME = "serial";

  private SerialPool() {}

  @Override
  public void map(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth) {
    Batches.check(inputs, inputWidth, count, outputs, outputWidth);
    Batches.evaluate(
        function, inputs, inputWidth, outputs, outputWidth, 0, count, 0, "the calling thread");
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public void close() {
    // nothing to release
  }

  @Override
  public String toString() {
    return "SerialPool";
  }
}
