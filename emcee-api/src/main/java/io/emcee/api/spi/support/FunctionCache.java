package io.emcee.api.spi.support;

import io.emcee.api.EvaluationException;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import java.io.ObjectInputFilter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The member's side of a grid pool: the functions this process received, by key (a run uses one;
 * the cache holds the few most recent, so that a standing worker serves several clients at once),
 * and the evaluation of a {@link Chunk} into a {@link ChunkResult}. A signed request ({@link
 * #runSigned}) is authenticated with the {@link ClusterKey} before anything in it is deserialized,
 * and the classes it ships are defined in a class loader of that run only, dropped with the run's
 * function. Chunks are evaluated one at a time, so that a master may send a member its next chunk
 * before the current one is done (the member is never idle waiting for it) without the two sharing
 * the member's time. A backend keeps one instance per process, usually in a static field of its
 * task class.
 *
 * <pre>{@code return FUNCTIONS.run(chunkBytes, null, functionBytes, "member " + address);}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class FunctionCache {
  /** How many runs' functions a member keeps: the clients it serves at the same time, about. */
  static final int RUNS_KEPT = 4;

  private final Map<Long, RowFunction> functions =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, RowFunction> eldest) {
              return size() > RUNS_KEPT;
            }
          });
  private volatile ObjectInputFilter allowList = info -> ObjectInputFilter.Status.UNDECIDED;
  private volatile @Nullable ClusterKey key;
  private volatile Consumer<String> runLog = line -> {};
  private volatile long lastRefusalLogged;
  private final RequestStamp.Guard guard = new RequestStamp.Guard();
  private volatile boolean configured;
  private volatile boolean plainServer;

  /** An empty cache that deserializes through no filter until {@link #setAllowList} is called. */
  public FunctionCache() {}

  /**
   * Sets the allow-list that shipped functions are deserialized through.
   *
   * @param allowList usually {@link Shipping#allowList}
   */
  public void setAllowList(ObjectInputFilter allowList) {
    this.allowList = allowList;
    this.configured = true;
  }

  /**
   * Sets the key that signed requests must carry; null accepts unsigned ones.
   *
   * @param key the cluster's key, or null
   */
  public void setKey(@Nullable ClusterKey key) {
    this.key = key;
    this.configured = true;
  }

  /**
   * Where a standing worker writes its one line per client run and per refused request.
   *
   * @param log a line consumer, e.g. {@code System.out::println}
   */
  public void setRunLog(Consumer<String> log) {
    this.runLog = log;
  }

  /**
   * Evaluates a request whose stamp and authenticator are checked before any of it is read: the
   * stamp's emcee version must be this one's ({@code EMCEE-P048} naming both otherwise), {@code
   * mac} must match the {@link #setKey key} over the other parts ({@code EMCEE-P046}), and the
   * stamp must be fresh, neither seen before nor outside the clock window ({@code EMCEE-P049}); a
   * refused request runs nothing. A member no pool configured (a plain server of the grid with this
   * project's jars) configures itself from its settings on the first request, and refuses every
   * request while it has no key.
   *
   * @param chunk what {@link Chunk#encode} wrote
   * @param function the function's serialized bytes, or null
   * @param classes the {@link ClassBundle} the function needs, encoded, or null
   * @param stamp the request's {@link RequestStamp}, encoded
   * @param mac {@link ClusterKey#sign} of {@code stamp, chunk, function, classes}, or null
   * @param location this member, for error messages
   * @return the encoded {@link ChunkResult}
   */
  public byte[] runSigned(
      byte[] chunk,
      byte @Nullable [] function,
      byte @Nullable [] classes,
      byte @Nullable [] stamp,
      byte @Nullable [] mac,
      String location) {
    if (!configured) {
      configureForPlainServer();
    }
    RequestStamp read = RequestStamp.decode(stamp);
    if (read != null && !read.version().equals(RequestStamp.VERSION)) {
      return refuse(
          location
              + ": refused a request from emcee "
              + read.version()
              + " (this is "
              + RequestStamp.VERSION
              + ")",
          "[EMCEE-P048] "
              + location
              + " runs emcee "
              + RequestStamp.VERSION
              + " but the request came from emcee "
              + read.version()
              + "; run the workers and the program with the same emcee version");
    }
    ClusterKey k = key;
    if (k == null && plainServer) {
      return refuse(
          location + ": refused a request: this server has no cluster key (nothing of it was run)",
          "[EMCEE-P046] "
              + location
              + " is a server started without emcee's worker command and has no cluster key, so it"
              + " runs nothing; start it with -D"
              + ClusterKey.KEY_FILE
              + "=<the clients' key file>");
    }
    if (k != null && (read == null || !k.verify(mac, stamp, chunk, function, classes))) {
      return refuse(
          location + ": refused a request without the cluster's key (nothing of it was run)",
          "[EMCEE-P046] "
              + location
              + " refused the request: it does not carry this cluster's key; use the key of"
              + " bin/emcee-cluster start ("
              + ClusterKey.KEY_FILE
              + " or "
              + ClusterKey.SECRET
              + ")");
    }
    if (k != null) {
      String stale = guard.admit(read, System.currentTimeMillis());
      if (stale != null) {
        return refuse(
            location
                + ": refused a request that is not fresh ("
                + stale
                + "; nothing of it was run)",
            "[EMCEE-P049] " + location + " refused the request: " + stale);
      }
    }
    Chunk decoded = Chunk.decode(chunk);
    if (function == null || classes == null) {
      return evaluate(decoded, null, function, location, false).encode();
    }
    RowFunction f;
    try {
      ClassBundle bundle = ClassBundle.decode(classes);
      ClassLoader loader = bundle.loader(FunctionCache.class.getClassLoader());
      ObjectInputFilter base = allowList;
      java.util.Set<String> shipped = bundle.names();
      ObjectInputFilter filter =
          info -> {
            Class<?> c = info.serialClass();
            while (c != null && c.isArray()) {
              c = c.getComponentType();
            }
            return c != null && c.getClassLoader() == loader && shipped.contains(c.getName())
                ? ObjectInputFilter.Status.ALLOWED
                : base.checkInput(info);
          };
      Thread thread = Thread.currentThread();
      ClassLoader before = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        f = Shipping.deserialize(function, filter, location);
      } finally {
        thread.setContextClassLoader(before);
      }
      if (!functions.containsKey(decoded.key())) {
        runLog.accept(
            location
                + ": serving client run "
                + Long.toHexString(decoded.key())
                + " ("
                + bundle.names().size()
                + " classes shipped, "
                + bundle.byteCount()
                + " bytes)");
      }
    } catch (PoolException e) {
      return ChunkResult.error(e.getMessage()).encode();
    }
    return evaluate(decoded, f, null, location, true).encode();
  }

  /**
   * On a member that no pool configured (a plain Hazelcast or Ignite server with this project's
   * jars on its class path): the key and allow-list of its own settings ({@code emcee.*} system
   * properties, {@code EMCEE_*} variables, the default key file), and one line per client run.
   */
  private synchronized void configureForPlainServer() {
    if (configured) {
      return;
    }
    PoolSettings settings = PoolSettings.fromEnvironment();
    ClusterKey found;
    try {
      found = ClusterKey.find(settings);
    } catch (PoolException e) {
      found = null;
    }
    key = found;
    allowList = Shipping.allowList(settings);
    runLog = line -> System.out.println("emcee-worker: " + line);
    plainServer = true;
    configured = true;
  }

  /** A refused request's answer, and its line in the log (at most one per 10 s). */
  private byte[] refuse(String logLine, String message) {
    long now = System.nanoTime();
    if (now - lastRefusalLogged > 10_000_000_000L || lastRefusalLogged == 0) {
      lastRefusalLogged = now;
      runLog.accept(logLine);
    }
    return ChunkResult.error(message).encode();
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
  public byte[] run(
      byte[] chunk, @Nullable RowFunction arrived, byte @Nullable [] bytes, String location) {
    return evaluate(Chunk.decode(chunk), arrived, bytes, location, false).encode();
  }

  private synchronized ChunkResult evaluate(
      Chunk chunk,
      @Nullable RowFunction arrived,
      byte @Nullable [] bytes,
      String location,
      boolean keepOtherRuns) {
    RowFunction f = arrived;
    if (f == null && bytes != null) {
      try {
        f = Shipping.deserialize(bytes, allowList, location);
      } catch (PoolException e) {
        return ChunkResult.error(e.getMessage());
      }
    }
    if (f != null) {
      if (!keepOtherRuns) {
        functions.clear(); // one program's new run: the previous function is no longer needed
      }
      functions.put(chunk.key(), f); // with several clients, the oldest run's function goes
    } else {
      f = functions.get(chunk.key());
      if (f == null) {
        return ChunkResult.needFunction();
      }
    }
    double[] outputs = new double[chunk.count() * chunk.outputWidth()];
    try {
      if (chunk.timeRows()) {
        long[] rowNanos = new long[chunk.count()];
        Batches.evaluateTimed(
            f,
            chunk.inputs(),
            chunk.inputWidth(),
            outputs,
            chunk.outputWidth(),
            0,
            chunk.count(),
            chunk.offset(),
            location,
            rowNanos);
        return ChunkResult.ok(outputs, rowNanos);
      }
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
