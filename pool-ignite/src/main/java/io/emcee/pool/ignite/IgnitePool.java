package io.emcee.pool.ignite;

import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.RunInterruptedException;
import io.emcee.api.Stability;
import io.emcee.api.spi.support.Chunk;
import io.emcee.api.spi.support.ClusterKey;
import io.emcee.api.spi.support.FunctionCache;
import io.emcee.api.spi.support.GridPool;
import io.emcee.api.spi.support.GridPoolProvider;
import io.emcee.api.spi.support.RequestStamp;
import io.emcee.api.spi.support.Shipping;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.IgniteException;
import org.apache.ignite.IgniteInterruptedException;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.cluster.ClusterTopologyException;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgniteFuture;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.jspecify.annotations.Nullable;

/**
 * A pool on an Apache Ignite 2 cluster of server nodes. Every process runs the same program: the
 * master (role {@code master}) samples; workers (role {@code worker}) serve in {@link
 * #waitForTasks()} until the master closes the pool. With no members configured the master starts
 * one embedded node on 127.0.0.1 and evaluates alone.
 *
 * <p>Each map sends every worker node its chunk of rows and their offset as one Ignite message
 * ({@link ChunkMessaging}) while the master evaluates its own chunk, and gathers the answers in the
 * order sent. A node that does not listen for chunks (a plain Ignite server with this project's
 * jars) gets an asynchronous compute job instead, and so does a same-program master's first chunk
 * when its function must travel as an object, so that Ignite's peer class loading brings its class
 * to nodes that lack it. The function goes with the first chunk a node gets in a run and is cached
 * there. A node that leaves mid-map has its chunk evaluated by the master: no evaluation is lost or
 * duplicated in the result (the grid pool kit of {@link GridPool}).
 *
 * <p>Embedded nodes are small (data regions of tens of MB, few threads), keep their work directory
 * under {@code java.io.tmpdir} (a node starting deletes those of nodes whose process is gone), open
 * no thin-client or REST port, discover each other by a static list of addresses (never multicast),
 * bind to {@code emcee.cluster.host}, log errors only, and deserialize only the classes of Ignite's
 * own allow-list plus this project's, the main class's package and {@code
 * emcee.serialization.allow}. On Java 17 the JVM needs Ignite's {@code --add-opens} flags (README);
 * without them the pool stops with a message listing them.
 *
 * <p>Used through {@link io.emcee.api.Pool} (as {@code Pools.load()} returns it) it is as stable as
 * that interface; the class itself is EXPERIMENTAL because it inherits the experimental {@link
 * GridPool} kit.
 *
 * <pre>
 * {@code try (Pool pool = Pools.load("ignite")) { if (!pool.isMaster()) { pool.waitForTasks(); return; } ... } }
 * </pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class IgnitePool extends GridPool<ClusterNode, IgnitePool.Answer> {
  private static final System.Logger LOG = System.getLogger(IgnitePool.class.getName());
  private static final String CONTROL = "emcee.control";
  static final String ROLE = "emcee.role";
  static final String CLUSTER = "emcee.cluster";

  private final Ignite ignite;
  private final String cluster;
  private final Path workDirectory;
  private final AtomicLong rowBytesSent = new AtomicLong();
  private final Map<UUID, IgniteCompute> computes = new java.util.HashMap<>();
  private List<ClusterNode> workers = List.of();
  private long workersVersion = -1;
  private final String location;
  private final @Nullable ClusterKey key;
  private final RequestStamp.Issuer stamps = new RequestStamp.Issuer();

  /** Whether chunks go as messages to the workers that listen (else as compute jobs). */
  volatile boolean messages = true;

  private @Nullable ChunkMessaging messaging;

  /** How many chunks this master sent as messages (the rest went as compute jobs). */
  long chunksSentAsMessages() {
    return messaging == null ? 0 : messaging.sent();
  }

  /** Whether this master knows that {@code node} listens for chunks. */
  boolean knowsListening(UUID node) {
    return messaging != null && messaging.listens(node);
  }

  /**
   * What a sent chunk gives back, opaque outside this pool: the future of its compute job, or the
   * answer its message awaits (completed with null when the worker leaves).
   *
   * <pre>{@code byte[] result = pool.receive(pool.send(node, chunk, null), node);}</pre>
   */
  @Stability(Stability.Level.INTERNAL)
  public static final class Answer {
    private final @Nullable IgniteFuture<byte[]> job;
    private final @Nullable CompletableFuture<byte @Nullable []> reply;
    private final long id;

    Answer(
        @Nullable IgniteFuture<byte[]> job,
        @Nullable CompletableFuture<byte @Nullable []> reply,
        long id) {
      this.job = job;
      this.reply = reply;
      this.id = id;
    }
  }

  IgnitePool(GridPoolProvider.Cluster settings) {
    super(IgnitePoolProvider.NAME, settings);
    IgniteJvm.checkFlags();
    ClusterKey serverKey = null;
    if (!settings.isClient()) {
      serverKey = ClusterKey.ofServer(settings, IgnitePoolProvider.NAME);
      FunctionCache functions = ChunkJob.functions();
      functions.setAllowList(Shipping.allowList(settings.settings()));
      functions.setKey(serverKey);
      if (settings.isStanding()) {
        functions.setRunLog(line -> System.out.println("emcee-worker: " + line));
      }
    }
    this.cluster = settings.clusterName();
    IgniteJvm.quietAndSafeDefaults(Shipping.applicationPrefixes(settings.settings()));
    this.workDirectory = IgniteJvm.newWorkDirectory(cluster + "-" + settings.port());
    try {
      this.ignite =
          settings.isClient()
              ? NodeConfiguration.startClient(configuration(settings))
              : Ignition.start(configuration(settings));
    } catch (RuntimeException e) {
      deleteWorkDirectory();
      if (settings.isClient()) {
        throw new PoolException(
            "EMCEE-P045",
            "the ignite client found no cluster at "
                + String.join(", ", settings.members())
                + " within "
                + Math.min(settings.peerWait().toMillis(), 30_000) / 1000
                + " s; start it (bin/emcee-cluster start ignite 2) or fix "
                + PoolSettings.CLUSTER_MEMBERS,
            e);
      }
      throw new PoolException(
          "EMCEE-P052",
          "could not start an Ignite node on "
              + settings.host()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage()
              + "; check that the port is free and "
              + PoolSettings.CLUSTER_MEMBERS
              + " lists reachable host:port discovery addresses",
          e);
    }
    // A client reads the key once it has found the cluster: the workers create the default key
    // file when they start, which may be after this client started waiting for them.
    this.key = settings.isClient() ? ClusterKey.find(settings.settings()) : serverKey;
    this.location = settings.isClient() ? "client " + ignite.name() : ChunkJob.location(ignite);
    if (settings.isClient()) {
      refuseAnotherClusterName();
    }
    ChunkMessaging chunks = new ChunkMessaging(ignite, cluster);
    if (isMaster()) {
      chunks.takeAnswers();
    } else {
      chunks.serve(ChunkJob.functions(), key != null, location);
    }
    this.messaging = chunks;
    if (!isMaster() && !settings.isStanding()) {
      ignite
          .message()
          .localListen(
              CONTROL,
              (UUID node, Object message) -> {
                release();
                return false;
              });
      ignite
          .events()
          .localListen(
              event -> {
                DiscoveryEvent left = (DiscoveryEvent) event;
                // the last master is gone: nobody will send jobs (a refused second one may leave)
                if (isOurMaster(left.eventNode())
                    && left.topologyNodes().stream().noneMatch(this::isOurMaster)) {
                  release();
                }
                return true;
              },
              EventType.EVT_NODE_LEFT,
              EventType.EVT_NODE_FAILED);
    }
  }

  /**
   * A client whose servers all serve clusters of other names fails at once, naming them, rather
   * than finding no worker at its first step.
   */
  private void refuseAnotherClusterName() {
    java.util.Set<String> others = new java.util.TreeSet<>();
    for (ClusterNode node : ignite.cluster().forServers().nodes()) {
      if (isWorker(node)) {
        return;
      }
      Object name = node.attribute(CLUSTER);
      if (name != null) {
        others.add("'" + name + "'");
      }
    }
    if (others.isEmpty()) {
      return;
    }
    shutdown();
    throw new PoolException(
        "EMCEE-P091",
        "the ignite client of cluster '"
            + cluster
            + "' found only workers of cluster "
            + String.join(", ", others)
            + "; set "
            + PoolSettings.CLUSTER_NAME
            + " to the workers' (bin/emcee-worker --name)");
  }

  private IgniteConfiguration configuration(GridPoolProvider.Cluster settings) {
    String role = settings.isClient() ? "client" : settings.isMaster() ? "master" : "worker";
    return NodeConfiguration.of(settings, cluster, role, workDirectory);
  }

  /**
   * Whether a server node runs this cluster's chunks: a worker of its name, or, for a client, also
   * a plain Ignite server (no role attribute) with this project's jars on its class path.
   */
  private boolean isWorker(ClusterNode node) {
    Object role = node.attribute(ROLE);
    return role == null
        ? isClient() && node.attribute(CLUSTER) == null
        : "worker".equals(role) && cluster.equals(node.attribute(CLUSTER));
  }

  private boolean isOurMaster(ClusterNode node) {
    return "master".equals(node.attribute(ROLE)) && cluster.equals(node.attribute(CLUSTER));
  }

  /**
   * This process's Ignite node, for monitoring.
   *
   * @return the running node
   */
  public Ignite getIgnite() {
    return ignite;
  }

  /**
   * The bytes of rows this master has sent to workers (the function's bytes, sent once per node and
   * run, and Ignite's framing excluded).
   *
   * @return bytes of rows sent so far
   */
  public long getRowBytesSent() {
    return rowBytesSent.get();
  }

  /**
   * The bytes this node has sent over Ignite's communication layer: jobs with their rows, the
   * function when a node first needs it, results and Ignite's own messages, as Ignite counts them.
   *
   * @return bytes sent so far
   */
  public long getWireBytesSent() {
    return ((TcpCommunicationSpi) ignite.configuration().getCommunicationSpi()).getSentBytesCount();
  }

  /**
   * Waits until the cluster has at least {@code nodes} server nodes (this one included).
   *
   * @param nodes the number to wait for
   * @param timeout how long to wait at most
   * @return whether they are there
   */
  public boolean awaitNodes(int nodes, Duration timeout) {
    return awaitMembers(nodes, timeout);
  }

  /**
   * The worker nodes of this cluster, oldest first, with a compute facade for each (no failover):
   * recomputed only when the topology changes.
   */
  @Override
  protected List<ClusterNode> workers() {
    long version = ignite.cluster().topologyVersion();
    if (version != workersVersion) {
      List<ClusterNode> found = new ArrayList<>();
      for (ClusterNode node : ignite.cluster().forRemotes().forServers().nodes()) {
        if (isWorker(node)) {
          found.add(node);
        }
      }
      found.sort(Comparator.comparingLong(ClusterNode::order));
      List<UUID> ids = found.stream().map(ClusterNode::id).toList();
      computes.keySet().retainAll(ids);
      if (messaging != null) {
        messaging.retain(ids);
      }
      for (ClusterNode node : found) {
        computes.computeIfAbsent(
            node.id(), id -> ignite.compute(ignite.cluster().forNodeId(id)).withNoFailover());
      }
      workers = List.copyOf(found);
      workersVersion = version;
    }
    return workers;
  }

  @Override
  protected Object idOf(ClusterNode node) {
    return node.id();
  }

  @Override
  protected String describe(ClusterNode node) {
    return "node " + node.consistentId();
  }

  /**
   * Sends a chunk: as a message to a worker that listens for them, unless the chunk carries a
   * same-program master's function as an object (that one goes as a compute job, so that peer class
   * loading brings a model class the worker lacks), or else as a compute job (a plain Ignite server
   * with this project's jars).
   */
  @Override
  protected Answer send(ClusterNode node, byte[] chunk, @Nullable Shipment function) {
    rowBytesSent.addAndGet(chunk.length - Chunk.HEADER_BYTES);
    boolean signed = isClient() || key != null;
    byte[] bytes = null;
    byte[] classes = null;
    byte[] stamp = null;
    byte[] mac = null;
    if (signed) {
      bytes = function == null ? null : function.bytes();
      classes = function == null ? null : function.classes();
      stamp = stamps.next();
      mac = key == null ? null : key.sign(stamp, chunk, bytes, classes);
    }
    ChunkMessaging chunks = messaging;
    if (messages && chunks != null && (signed || function == null) && chunks.listens(node.id())) {
      ChunkMessage request = new ChunkMessage(chunks.nextId(), chunk, bytes, classes, stamp, mac);
      try {
        return new Answer(null, chunks.send(node.id(), request), request.id());
      } catch (IgniteException e) {
        throw NodeFailure.of(node, e);
      }
    }
    ChunkJob job =
        signed
            ? new ChunkJob(chunk, bytes, classes, stamp, mac)
            : new ChunkJob(chunk, function == null ? null : function.function());
    try {
      return new Answer(computes.get(node.id()).callAsync(job), null, 0);
    } catch (IgniteException e) {
      throw NodeFailure.of(node, e);
    }
  }

  @Override
  protected byte @Nullable [] receive(Answer answer, ClusterNode node) {
    CompletableFuture<byte @Nullable []> reply = answer.reply;
    if (reply != null) {
      try {
        return reply.get();
      } catch (InterruptedException e) {
        if (messaging != null) {
          messaging.forget(answer.id);
        }
        Thread.currentThread().interrupt();
        throw new RunInterruptedException("interrupted while waiting for ignite nodes");
      } catch (ExecutionException e) {
        throw NodeFailure.of(node, e.getCause() == null ? e : e.getCause());
      }
    }
    IgniteFuture<byte[]> job = java.util.Objects.requireNonNull(answer.job);
    try {
      return job.get();
    } catch (IgniteInterruptedException e) {
      job.cancel();
      Thread.currentThread().interrupt();
      throw new RunInterruptedException("interrupted while waiting for ignite nodes");
    } catch (RuntimeException e) {
      if (nodeLeft(e, node)) {
        return null; // its chunk is evaluated here
      }
      throw NodeFailure.of(node, e);
    }
  }

  @Override
  protected boolean masterPresent() {
    for (ClusterNode node : ignite.cluster().forServers().nodes()) {
      if (isOurMaster(node)) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected int masterCount() {
    int masters = 0;
    for (ClusterNode node : ignite.cluster().forServers().nodes()) {
      if (isOurMaster(node)) {
        masters++;
      }
    }
    return masters;
  }

  @Override
  protected int memberCount() {
    return ignite.cluster().forServers().nodes().size();
  }

  @Override
  protected String location() {
    return location;
  }

  /** Whether a job failed because its node left the cluster (then its chunk is re-run here). */
  private boolean nodeLeft(Throwable e, ClusterNode node) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ClusterTopologyException) {
        return true;
      }
    }
    return ignite.cluster().node(node.id()) == null;
  }

  @Override
  protected void releaseWorkers() {
    if (!ignite.cluster().forRemotes().nodes().isEmpty()) {
      ignite.message(ignite.cluster().forRemotes()).send(CONTROL, "close");
    }
  }

  /** Stops this node and deletes its work directory. */
  @Override
  protected void shutdown() {
    IgniteJvm.silently(
        () -> {
          try {
            Ignition.stop(ignite.name(), false);
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "ignite shutdown: " + e);
          }
        });
    deleteWorkDirectory();
  }

  private void deleteWorkDirectory() {
    IgniteJvm.deleteTree(workDirectory);
  }

  @Override
  public String toString() {
    return "IgnitePool["
        + (isClient() ? "client" : isMaster() ? "master" : "worker")
        + (isClosed() ? ", closed" : "")
        + "]";
  }
}
