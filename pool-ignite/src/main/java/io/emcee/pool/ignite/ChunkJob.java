package io.emcee.pool.ignite;

import io.emcee.api.EvaluationException;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import io.emcee.api.spi.Batches;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ignite.Ignite;
import org.apache.ignite.internal.util.lang.GridPeerDeployAware;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.jspecify.annotations.Nullable;

/**
 * One node's share of a batch: its rows, their offset in the batch, and the function's key; the
 * function itself only with the first job a node gets in a run. Ignite marshals it, so a model
 * class the node lacks comes by peer class loading from the master.
 */
@Stability(Stability.Level.INTERNAL)
public final class ChunkJob implements IgniteCallable<ChunkResult>, GridPeerDeployAware {
  private static final long serialVersionUID = 1L;

  /** Each node's name in error messages, by Ignite instance, worked out by its first job. */
  private static final Map<String, String> LOCATIONS = new ConcurrentHashMap<>();

  /** Functions this JVM received, by key; a run uses one, so the map stays tiny. */
  private static final Map<Long, RowFunction> FUNCTIONS = new ConcurrentHashMap<>();

  private final long functionKey;
  private final @Nullable RowFunction function;
  private final double[] inputs;
  private final int inputWidth;
  private final int count;
  private final int outputWidth;
  private final int offset;

  @IgniteInstanceResource private transient @Nullable Ignite ignite;

  ChunkJob(
      long functionKey,
      @Nullable RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      int outputWidth,
      int offset) {
    this.functionKey = functionKey;
    this.function = function;
    this.inputs = inputs;
    this.inputWidth = inputWidth;
    this.count = count;
    this.outputWidth = outputWidth;
    this.offset = offset;
  }

  /**
   * Deploys by the function's class when the job carries it, so that peer class loading fetches the
   * model's classes from the loader that defined them on the master (the job's own class is on
   * every node's class path and would point Ignite at the application class loader).
   */
  @Override
  public Class<?> deployClass() {
    RowFunction f = function;
    return f != null ? f.getClass() : ChunkJob.class;
  }

  @Override
  public ClassLoader classLoader() {
    ClassLoader loader = deployClass().getClassLoader();
    return loader != null ? loader : ChunkJob.class.getClassLoader();
  }

  /** The bytes of rows this job carries (the function, when present, comes on top). */
  long rowBytes() {
    return 8L * inputs.length;
  }

  @Override
  public ChunkResult call() {
    Ignite node = ignite;
    String location =
        node == null ? location(null) : LOCATIONS.computeIfAbsent(node.name(), n -> location(node));
    RowFunction f = function;
    if (f != null) {
      FUNCTIONS.clear(); // a new run: the previous function is no longer needed
      FUNCTIONS.put(functionKey, f);
    } else {
      f = FUNCTIONS.get(functionKey);
      if (f == null) {
        return new ChunkResult(ChunkResult.NEED_FUNCTION, new double[0], -1, location, "");
      }
    }
    double[] outputs = new double[count * outputWidth];
    try {
      Batches.evaluate(f, inputs, inputWidth, outputs, outputWidth, 0, count, offset, location);
    } catch (EvaluationException e) {
      return new ChunkResult(
          ChunkResult.FAILED,
          new double[0],
          e.getIndex(),
          e.getLocation(),
          e.getCauseDescription());
    }
    return ChunkResult.ok(outputs);
  }

  static String location(@Nullable Ignite ignite) {
    if (ignite == null) {
      return "an ignite node";
    }
    return "node "
        + ignite.cluster().localNode().addresses().iterator().next()
        + ":"
        + ignite.cluster().localNode().attribute("emcee.discovery.port");
  }
}
