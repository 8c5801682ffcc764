package io.emcee.pool.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;

/** What a member sends back for a {@link ChunkTask}: the outputs, or why there are none. */
@io.emcee.api.Stability(io.emcee.api.Stability.Level.INTERNAL)
public final class ChunkResult implements DataSerializable {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int NEED_FUNCTION = 2;
  static final int ERROR = 3;

  int status;
  double[] outputs = new double[0];
  int failedIndex;
  String location = "";
  String message = "";

  /** For Hazelcast's deserialization. */
  public ChunkResult() {}

  static ChunkResult ok(double[] outputs) {
    ChunkResult r = new ChunkResult();
    r.status = OK;
    r.outputs = outputs;
    return r;
  }

  static ChunkResult failed(int index, String location, String message) {
    ChunkResult r = new ChunkResult();
    r.status = FAILED;
    r.failedIndex = index;
    r.location = location;
    r.message = message;
    return r;
  }

  static ChunkResult needFunction() {
    ChunkResult r = new ChunkResult();
    r.status = NEED_FUNCTION;
    return r;
  }

  static ChunkResult error(String message) {
    ChunkResult r = new ChunkResult();
    r.status = ERROR;
    r.message = message;
    return r;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(status);
    out.writeDoubleArray(outputs);
    out.writeInt(failedIndex);
    out.writeString(location);
    out.writeString(message);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    status = in.readInt();
    double[] d = in.readDoubleArray();
    outputs = d == null ? new double[0] : d;
    failedIndex = in.readInt();
    String l = in.readString();
    location = l == null ? "" : l;
    String m = in.readString();
    message = m == null ? "" : m;
  }
}
