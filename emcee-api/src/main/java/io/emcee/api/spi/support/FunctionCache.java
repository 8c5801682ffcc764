package io.emcee.api.spi.support;

import io.emcee.api.EvaluationException;
import io.emcee.api.PoolException;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import java.io.ObjectInputFilter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The member's side of a grid pool: the functions this process received, by key (a run uses one, so
 * the cache holds one), and the evaluation of a {@link Chunk} into a {@link ChunkResult}. A backend
 * keeps one instance per process, usually in a static field of its task class. Chunks are evaluated
 * one at a time, so that a master may send a member its next chunk before the current one is done
 * (the member is never idle waiting for it) without the two sharing the member's time.
 *
 * <pre>{@code return FUNCTIONS.run(chunkBytes, null, functionBytes, "member " + address);}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class FunctionCache {
  private final Map<Long, RowFunction> functions = new ConcurrentHashMap<>();
  private volatile ObjectInputFilter allowList = info -> ObjectInputFilter.Status.UNDECIDED;

  /** An empty cache that deserializes through no filter until {@link #setAllowList} is called. */
  public FunctionCache() {}

  /**
   * Sets the allow-list that shipped functions are deserialized through.
   *
   * @param allowList usually {@link Shipping#allowList}
   */
  public void setAllowList(ObjectInputFilter allowList) {
    this.allowList = allowList;
  }

  /**
   * Evaluates a chunk.
   *
   * @param chunk what {@link Chunk#encode} wrote
   * @param arrived the function as the library delivered it (an object), or null
   * @param bytes the function's serialized bytes ({@link Shipping#serialize}), or null
   * @param location this member, for error messages
   * @return the encoded {@link ChunkResult}
   */
  public synchronized byte[] run(
      byte[] chunk, @Nullable RowFunction arrived, byte @Nullable [] bytes, String location) {
    return evaluate(Chunk.decode(chunk), arrived, bytes, location).encode();
  }

  private ChunkResult evaluate(
      Chunk chunk, @Nullable RowFunction arrived, byte @Nullable [] bytes, String location) {
    RowFunction f = arrived;
    if (f == null && bytes != null) {
      try {
        f = Shipping.deserialize(bytes, allowList, location);
      } catch (PoolException e) {
        return ChunkResult.error(e.getMessage());
      }
    }
    if (f != null) {
      functions.clear(); // a new run: the previous function is no longer needed
      functions.put(chunk.key(), f);
    } else {
      f = functions.get(chunk.key());
      if (f == null) {
        return ChunkResult.needFunction();
      }
    }
    double[] outputs = new double[chunk.count() * chunk.outputWidth()];
    try {
      Batches.evaluate(
          f,
          chunk.inputs(),
          chunk.inputWidth(),
          outputs,
          chunk.outputWidth(),
          0,
          chunk.count(),
          chunk.offset(),
          location);
    } catch (EvaluationException e) {
      return ChunkResult.failed(e);
    }
    return ChunkResult.ok(outputs);
  }
}
