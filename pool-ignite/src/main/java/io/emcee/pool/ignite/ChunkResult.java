package io.emcee.pool.ignite;

import io.emcee.api.Stability;
import java.io.Serializable;

/**
 * What a node sends back for a {@link ChunkJob}: the outputs, or why there are none. A plain class,
 * not a record: Ignite 2's binary marshaller cannot write records.
 */
@Stability(Stability.Level.INTERNAL)
public final class ChunkResult implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int OK = 0;
  static final int FAILED = 1;
  static final int NEED_FUNCTION = 2;
  static final int ERROR = 3;

  private final int status;
  private final double[] outputs;
  private final int failedIndex;
  private final String location;
  private final String message;

  ChunkResult(int status, double[] outputs, int failedIndex, String location, String message) {
    this.status = status;
    this.outputs = outputs;
    this.failedIndex = failedIndex;
    this.location = location;
    this.message = message;
  }

  static ChunkResult ok(double[] outputs) {
    return new ChunkResult(OK, outputs, -1, "", "");
  }

  int status() {
    return status;
  }

  double[] outputs() {
    return outputs;
  }

  int failedIndex() {
    return failedIndex;
  }

  String location() {
    return location;
  }

  String message() {
    return message;
  }
}
