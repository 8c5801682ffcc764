package io.emcee.pool.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.emcee.api.EvaluationException;
import io.emcee.api.PoolException;
import io.emcee.api.RowFunction;
import io.emcee.api.spi.Batches;
import io.emcee.api.spi.Shipping;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One member's share of a batch: the rows, their offset in the batch, and the function's key (with
 * its bytes only the first time this member sees it). Written with Hazelcast's DataSerializable, so
 * the rows travel as primitive doubles and no Java deserialization happens but the function's,
 * through the allow-list.
 */
@io.emcee.api.Stability(io.emcee.api.Stability.Level.INTERNAL)
public final class ChunkTask
    implements Callable<ChunkResult>, DataSerializable, HazelcastInstanceAware {
  /** Functions this JVM received, by key; a run uses one, so the map stays tiny. */
  private static final Map<Long, RowFunction> FUNCTIONS = new ConcurrentHashMap<>();

  /** The allow-list of this JVM, set when its pool starts. */
  static volatile @Nullable ObjectInputFilter filter;

  private long functionKey;
  private byte @Nullable [] functionBytes;
  private double[] inputs = new double[0];
  private int inputWidth;
  private int count;
  private int outputWidth;
  private int offset;
  private transient @Nullable HazelcastInstance instance;

  /** For Hazelcast's deserialization. */
  public ChunkTask() {}

  ChunkTask(
      long functionKey,
      byte @Nullable [] functionBytes,
      double[] inputs,
      int inputWidth,
      int count,
      int outputWidth,
      int offset) {
    this.functionKey = functionKey;
    this.functionBytes = functionBytes;
    this.inputs = inputs;
    this.inputWidth = inputWidth;
    this.count = count;
    this.outputWidth = outputWidth;
    this.offset = offset;
  }

  /** The bytes this task puts on the wire beyond Hazelcast's own framing. */
  long payloadBytes() {
    return 8L * inputs.length + 28 + (functionBytes == null ? 0 : functionBytes.length);
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.instance = instance;
  }

  @Override
  public ChunkResult call() {
    String location = location(instance);
    RowFunction f = FUNCTIONS.get(functionKey);
    if (f == null) {
      byte[] bytes = functionBytes;
      if (bytes == null) {
        return ChunkResult.needFunction();
      }
      ObjectInputFilter allow = filter;
      try {
        f =
            Shipping.deserialize(
                bytes,
                allow != null ? allow : info -> ObjectInputFilter.Status.UNDECIDED,
                location);
      } catch (PoolException e) {
        return ChunkResult.error(e.getMessage());
      }
      FUNCTIONS.clear(); // a new run: the previous function is no longer needed
      FUNCTIONS.put(functionKey, f);
    }
    double[] outputs = new double[count * outputWidth];
    try {
      Batches.evaluate(f, inputs, inputWidth, outputs, outputWidth, 0, count, offset, location);
    } catch (EvaluationException e) {
      return ChunkResult.failed(e.getIndex(), e.getLocation(), e.getCauseDescription());
    }
    return ChunkResult.ok(outputs);
  }

  static String location(@Nullable HazelcastInstance instance) {
    return instance == null
        ? "a hazelcast member"
        : "member " + instance.getCluster().getLocalMember().getAddress();
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(functionKey);
    out.writeByteArray(functionBytes);
    out.writeInt(inputWidth);
    out.writeInt(count);
    out.writeInt(outputWidth);
    out.writeInt(offset);
    out.writeDoubleArray(inputs);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    functionKey = in.readLong();
    functionBytes = in.readByteArray();
    inputWidth = in.readInt();
    count = in.readInt();
    outputWidth = in.readInt();
    offset = in.readInt();
    double[] d = in.readDoubleArray();
    inputs = d == null ? new double[0] : d;
  }
}
