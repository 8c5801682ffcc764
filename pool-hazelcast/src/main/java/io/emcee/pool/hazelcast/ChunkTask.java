package io.emcee.pool.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.emcee.api.spi.support.FunctionCache;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * One member's share of a batch as Hazelcast carries it: the kit's chunk bytes and, the first time
 * this member sees the function, its bytes (and, from a client, the classes it needs), with the
 * request's {@link io.emcee.api.spi.support.RequestStamp stamp} (emcee version, nonce, counter,
 * clock) and its authenticator when the cluster has a key. Written with Hazelcast's
 * DataSerializable, so no Java deserialization happens but the function's, through the allow-list,
 * after the authenticator was checked.
 */
@io.emcee.api.Stability(io.emcee.api.Stability.Level.INTERNAL)
public final class ChunkTask implements Callable<byte[]>, DataSerializable, HazelcastInstanceAware {
  /** The functions this JVM received. */
  static final FunctionCache FUNCTIONS = new FunctionCache();

  private byte[] chunk = new byte[0];
  private byte @Nullable [] function;
  private byte @Nullable [] classes;
  private byte @Nullable [] stamp;
  private byte @Nullable [] mac;
  private transient @Nullable HazelcastInstance instance;

  /** For Hazelcast's deserialization. */
  public ChunkTask() {}

  ChunkTask(
      byte[] chunk,
      byte @Nullable [] function,
      byte @Nullable [] classes,
      byte[] stamp,
      byte @Nullable [] mac) {
    this.chunk = chunk;
    this.function = function;
    this.classes = classes;
    this.stamp = stamp;
    this.mac = mac;
  }

  /** The bytes this task puts on the wire beyond Hazelcast's own framing. */
  long payloadBytes() {
    return chunk.length
        + (function == null ? 0 : function.length)
        + (classes == null ? 0 : classes.length)
        + (stamp == null ? 0 : stamp.length)
        + (mac == null ? 0 : mac.length);
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.instance = instance;
  }

  @Override
  public byte[] call() {
    return FUNCTIONS.runSigned(chunk, function, classes, stamp, mac, location(instance));
  }

  static String location(@Nullable HazelcastInstance instance) {
    return instance == null
        ? "a hazelcast member"
        : "member " + instance.getCluster().getLocalMember().getAddress();
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeByteArray(chunk);
    out.writeByteArray(function);
    out.writeByteArray(classes);
    out.writeByteArray(stamp);
    out.writeByteArray(mac);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    byte[] c = in.readByteArray();
    chunk = c == null ? new byte[0] : c;
    function = in.readByteArray();
    classes = in.readByteArray();
    stamp = in.readByteArray();
    mac = in.readByteArray();
  }
}
