package io.emcee.pool.ignite;

import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import io.emcee.api.spi.support.FunctionCache;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ignite.Ignite;
import org.apache.ignite.internal.util.lang.GridPeerDeployAware;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.jspecify.annotations.Nullable;

/**
 * One node's share of a batch as Ignite carries it: the kit's chunk bytes and, with the first job a
 * node gets in a run, the function: as an object from a same-program master without a cluster key,
 * so that a model class the node lacks comes by peer class loading from the master; otherwise as
 * bytes (with, from a client, the classes it needs) with the request's {@link
 * io.emcee.api.spi.support.RequestStamp stamp} under its authenticator, checked before anything is
 * deserialized or defined.
 */
@Stability(Stability.Level.INTERNAL)
public final class ChunkJob implements IgniteCallable<byte[]>, GridPeerDeployAware {
  private static final long serialVersionUID = 1L;

  /** Each node's name in error messages, by Ignite instance, worked out by its first job. */
  private static final Map<String, String> LOCATIONS = new ConcurrentHashMap<>();

  /** The functions this JVM received. */
  private static final FunctionCache FUNCTIONS = new FunctionCache();

  private final byte[] chunk;
  private final @Nullable RowFunction function;
  private final byte @Nullable [] functionBytes;
  private final byte @Nullable [] classes;
  private final byte @Nullable [] stamp;
  private final byte @Nullable [] mac;

  @IgniteInstanceResource private transient @Nullable Ignite ignite;

  ChunkJob(byte[] chunk, @Nullable RowFunction function) {
    this.chunk = chunk;
    this.function = function;
    this.functionBytes = null;
    this.classes = null;
    this.stamp = null;
    this.mac = null;
  }

  ChunkJob(
      byte[] chunk,
      byte @Nullable [] functionBytes,
      byte @Nullable [] classes,
      byte[] stamp,
      byte @Nullable [] mac) {
    this.chunk = chunk;
    this.function = null;
    this.functionBytes = functionBytes;
    this.classes = classes;
    this.stamp = stamp;
    this.mac = mac;
  }

  /** This JVM's cache of functions, which the pool configures. */
  static FunctionCache functions() {
    return FUNCTIONS;
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

  @Override
  public byte[] call() {
    Ignite node = ignite;
    String location =
        node == null
            ? location(null)
            : LOCATIONS.computeIfAbsent(String.valueOf(node.name()), n -> location(node));
    if (function == null) {
      return FUNCTIONS.runSigned(chunk, functionBytes, classes, stamp, mac, location);
    }
    return FUNCTIONS.run(chunk, function, null, location);
  }

  static String location(@Nullable Ignite ignite) {
    if (ignite == null) {
      return "an ignite node";
    }
    Object port = ignite.cluster().localNode().attribute("emcee.discovery.port");
    return port == null
        ? "node " + ignite.cluster().localNode().consistentId()
        : "node " + ignite.cluster().localNode().addresses().iterator().next() + ":" + port;
  }
}
