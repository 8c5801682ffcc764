package io.emcee.pool.ignite;

import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.RunInterruptedException;
import io.emcee.api.Stability;
import io.emcee.api.spi.support.Chunk;
import io.emcee.api.spi.support.ChunkResult;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.IgniteException;
import org.apache.ignite.IgniteInterruptedException;
import org.apache.ignite.IgniteMessaging;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.cluster.ClusterTopologyException;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.SystemDataRegionConfiguration;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.apache.ignite.failure.NoOpFailureHandler;
import org.apache.ignite.lang.IgniteFuture;
import org.apache.ignite.logger.java.JavaLogger;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.jspecify.annotations.Nullable;

/**
 * A pool on an Apache Ignite 2 cluster of server nodes. Every process runs the same program: the
 * master (role {@code master}) samples; workers (role {@code worker}) serve in {@link
 * #waitForTasks()} until the master closes the pool. With no members configured the master starts
 * one embedded node on 127.0.0.1 and evaluates alone.
 *
 * <p>Each map makes one asynchronous compute call per worker node, carrying its chunk of rows and
 * their offset, while the master evaluates its own chunk, and gathers the futures in the order sent
 * (Ignite's collection {@code apply}/{@code call} return results in arbitrary order, so they are
 * not used). The function goes with the first job a node gets in a run and is cached there;
 * Ignite's peer class loading brings its class to nodes that lack it. A node that leaves mid-map
 * has its chunk evaluated by the master: no evaluation is lost or duplicated in the result (the
 * grid pool kit of {@link GridPool}).
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
  private static final String ROLE = "emcee.role";
  private static final String CLUSTER = "emcee.cluster";

  /** The topic of chunk requests, which a worker's listener answers. */
  private static final String CHUNKS = "emcee.chunk";

  /** The topic of the answers, which the master's (or client's) listener takes. */
  private static final String ANSWERS = "emcee.answer";

  /** A master or client asking the workers whether they listen for chunks. */
  private static final String HELLO = "emcee.hello";

  /** A worker telling a master or client that it listens for chunks. */
  private static final String LISTENING = "emcee.listening";

  /** How Ignite names a class its allow-list refuses. */
  private static final Pattern REFUSED =
      Pattern.compile("Deserialization of class ([\\w.$]+) is disallowed");

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

  private final Set<UUID> listening = ConcurrentHashMap.newKeySet();
  private final Map<UUID, IgniteMessaging> messengers = new java.util.HashMap<>();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong requestIds = new AtomicLong();

  /** How many chunks this master sent as messages (the rest went as compute jobs). */
  long chunksSentAsMessages() {
    return requestIds.get();
  }

  /** Whether this master knows that {@code node} listens for chunks. */
  boolean knowsListening(UUID node) {
    return listening.contains(node);
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

  /** A request sent as a message, waiting for its worker's answer. */
  private record Pending(UUID node, CompletableFuture<byte @Nullable []> reply) {}

  IgnitePool(GridPoolProvider.Cluster settings) {
    super(IgnitePoolProvider.NAME, settings);
    IgniteJvm.checkFlags();
    this.key =
        settings.isClient() || settings.isStanding()
            ? ClusterKey.find(settings.settings())
            : ClusterKey.findConfigured(settings.settings());
    if (!settings.isClient()) {
      ClusterKey.requireBeyondLoopback(
          key, settings.host(), "the ignite " + (settings.isMaster() ? "master" : "worker"));
      FunctionCache functions = ChunkJob.functions();
      functions.setAllowList(Shipping.allowList(settings.settings()));
      functions.setKey(key);
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
              ? startClient(configuration(settings))
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
    this.location = settings.isClient() ? "client " + ignite.name() : ChunkJob.location(ignite);
    if (settings.isClient()) {
      refuseAnotherClusterName();
    }
    if (isMaster()) {
      listenForAnswers();
    } else {
      listenForChunks();
    }
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
   * On a worker: answers chunk requests sent as messages, and tells the masters and clients that it
   * does, now and whenever one asks, so that they send it messages only once it listens (a message
   * to a topic nobody listens to is dropped). The request is read by {@link ChunkMessage}, which
   * deserializes nothing; the function cache checks its authenticator before the function is read.
   * Every request is answered, with an error when it could not be run.
   */
  private void listenForChunks() {
    FunctionCache functions = ChunkJob.functions();
    boolean signedOnly = key != null;
    ignite
        .message()
        .localListen(
            CHUNKS,
            (UUID from, Object message) -> {
              ChunkMessage request = ChunkMessage.decode(message);
              if (request == null) {
                return true;
              }
              byte[] result;
              try {
                result =
                    request.stamp() != null || signedOnly
                        ? functions.runSigned(
                            request.chunk(),
                            request.function(),
                            request.classes(),
                            request.stamp(),
                            request.mac(),
                            location)
                        : functions.run(request.chunk(), null, request.function(), location);
              } catch (RuntimeException e) {
                result = ChunkResult.error(location + " could not run the chunk: " + e).encode();
              }
              try {
                ignite
                    .message(ignite.cluster().forNodeId(from))
                    .send(ANSWERS, ChunkMessage.answer(request.id(), result));
              } catch (IgniteException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not answer " + from + ": " + e);
              }
              return true;
            });
    ignite
        .message()
        .localListen(
            HELLO,
            (UUID from, Object message) -> {
              announce(ignite.cluster().forNodeId(from));
              return true;
            });
    announce(ignite.cluster().forRemotes().forPredicate(IgnitePool::sendsChunks));
  }

  /** Whether a node is a master or client of emcee (of any cluster name: it checks the name). */
  private static boolean sendsChunks(ClusterNode node) {
    Object role = node.attribute(ROLE);
    return "master".equals(role) || "client".equals(role);
  }

  private void announce(org.apache.ignite.cluster.ClusterGroup to) {
    try {
      if (!to.nodes().isEmpty()) {
        ignite.message(to).send(LISTENING, cluster);
      }
    } catch (IgniteException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not announce this worker: " + e);
    }
  }

  /**
   * On a master or client: takes the answers to chunks sent as messages, learns which workers
   * listen for them, and completes a departed worker's pending requests with null (its chunks are
   * then evaluated here).
   */
  private void listenForAnswers() {
    ignite
        .message()
        .localListen(
            ANSWERS,
            (UUID from, Object message) -> {
              long id = ChunkMessage.answerId(message);
              Pending p = id < 0 ? null : pending.get(id);
              if (p != null && p.node().equals(from) && pending.remove(id, p)) {
                p.reply().complete(ChunkMessage.answerResult((byte[]) message));
              }
              return true;
            });
    ignite
        .message()
        .localListen(
            LISTENING,
            (UUID from, Object message) -> {
              listening.add(from);
              return true;
            });
    ignite
        .events()
        .localListen(
            event -> {
              UUID gone = ((DiscoveryEvent) event).eventNode().id();
              listening.remove(gone);
              pending.forEach(
                  (id, p) -> {
                    if (p.node().equals(gone) && pending.remove(id, p)) {
                      p.reply().complete(null);
                    }
                  });
              return true;
            },
            EventType.EVT_NODE_LEFT,
            EventType.EVT_NODE_FAILED);
    try {
      org.apache.ignite.cluster.ClusterGroup workerNodes =
          ignite.cluster().forRemotes().forServers().forAttribute(ROLE, "worker");
      if (!workerNodes.nodes().isEmpty()) {
        ignite.message(workerNodes).send(HELLO, cluster);
      }
    } catch (IgniteException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not greet the workers: " + e);
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
        "EMCEE-P048",
        "the ignite client of cluster '"
            + cluster
            + "' found only workers of cluster "
            + String.join(", ", others)
            + "; set "
            + PoolSettings.CLUSTER_NAME
            + " to the workers' (bin/emcee-worker --name)");
  }

  /** A client's failed join is reported once, as EMCEE-P045, without Ignite's stack traces. */
  private static Ignite startClient(IgniteConfiguration cfg) {
    Ignite[] started = new Ignite[1];
    RuntimeException[] failed = new RuntimeException[1];
    IgniteJvm.silently(
        () -> {
          try {
            started[0] = Ignition.start(cfg);
          } catch (RuntimeException e) {
            failed[0] = e;
          }
        });
    if (failed[0] != null) {
      throw failed[0];
    }
    return started[0];
  }

  private IgniteConfiguration configuration(GridPoolProvider.Cluster settings) {
    String host = settings.host();
    int port = settings.port();
    List<String> members = settings.members();
    IgniteConfiguration cfg = new IgniteConfiguration();
    cfg.setIgniteInstanceName("emcee-" + cluster + "-" + port + "-" + UUID.randomUUID());
    cfg.setGridLogger(new JavaLogger(IgniteJvm.LOG, false));
    cfg.setWorkDirectory(workDirectory.toString());
    cfg.setLocalHost(host);
    // Only discovery and communication listen, on the configured host: no thin-client connector
    // (port 10800) and no REST endpoint (11211).
    cfg.setClientConnectorConfiguration(null);
    cfg.setConnectorConfiguration(null);
    cfg.setPeerClassLoadingEnabled(true);
    cfg.setClientMode(settings.isClient());
    cfg.setMetricsLogFrequency(0);
    cfg.setFailureHandler(new NoOpFailureHandler());
    cfg.setFailureDetectionTimeout(5_000);
    cfg.setSystemWorkerBlockedTimeout(60_000);
    cfg.setIncludeEventTypes(EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
    cfg.setUserAttributes(
        Map.of(
            ROLE,
            settings.isClient() ? "client" : isMaster() ? "master" : "worker",
            CLUSTER,
            cluster,
            "emcee.discovery.port",
            port));
    int cores = Runtime.getRuntime().availableProcessors();
    cfg.setPublicThreadPoolSize(cores);
    cfg.setSystemThreadPoolSize(2);
    cfg.setStripedPoolSize(2);
    cfg.setQueryThreadPoolSize(1);
    cfg.setServiceThreadPoolSize(1);
    cfg.setManagementThreadPoolSize(1);
    cfg.setPeerClassLoadingThreadPoolSize(2);
    cfg.setRebalanceThreadPoolSize(1);
    cfg.setDataStreamerThreadPoolSize(1);
    cfg.setUtilityCachePoolSize(1);
    cfg.setAsyncCallbackPoolSize(1);
    DataStorageConfiguration storage = new DataStorageConfiguration();
    storage.setDefaultDataRegionConfiguration(
        new DataRegionConfiguration()
            .setName("emcee")
            .setInitialSize(16L << 20)
            .setMaxSize(32L << 20));
    storage.setSystemDataRegionConfiguration(
        new SystemDataRegionConfiguration().setInitialSize(16L << 20).setMaxSize(32L << 20));
    cfg.setDataStorageConfiguration(storage);
    TcpDiscoverySpi discovery = new TcpDiscoverySpi();
    discovery.setLocalAddress(host);
    discovery.setLocalPort(port);
    discovery.setLocalPortRange(members.isEmpty() ? 10 : 0);
    TcpDiscoveryVmIpFinder finder = new TcpDiscoveryVmIpFinder();
    finder.setAddresses(
        members.isEmpty() ? List.of(host + ":" + port + ".." + (port + 9)) : members);
    discovery.setIpFinder(finder);
    if (settings.isClient()) {
      discovery.setJoinTimeout(Math.min(settings.peerWait().toMillis(), 30_000));
    }
    cfg.setDiscoverySpi(discovery);
    TcpCommunicationSpi communication = new TcpCommunicationSpi();
    communication.setLocalAddress(host);
    communication.setLocalPort(Math.max(1024, port - 400));
    communication.setLocalPortRange(100);
    cfg.setCommunicationSpi(communication);
    return cfg;
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
      messengers.keySet().retainAll(ids);
      for (ClusterNode node : found) {
        computes.computeIfAbsent(
            node.id(), id -> ignite.compute(ignite.cluster().forNodeId(id)).withNoFailover());
        messengers.computeIfAbsent(node.id(), id -> ignite.message(ignite.cluster().forNodeId(id)));
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
    if (messages && (signed || function == null) && listening.contains(node.id())) {
      return message(
          node, new ChunkMessage(requestIds.incrementAndGet(), chunk, bytes, classes, stamp, mac));
    }
    ChunkJob job =
        signed
            ? new ChunkJob(chunk, bytes, classes, stamp, mac)
            : new ChunkJob(chunk, function == null ? null : function.function());
    try {
      return new Answer(computes.get(node.id()).callAsync(job), null, 0);
    } catch (IgniteException e) {
      throw jobFailure(node, e);
    }
  }

  /** Sends a request as a message; its answer is pending until the worker answers or leaves. */
  private Answer message(ClusterNode node, ChunkMessage request) {
    CompletableFuture<byte @Nullable []> reply = new CompletableFuture<>();
    Pending p = new Pending(node.id(), reply);
    pending.put(request.id(), p);
    try {
      IgniteMessaging to = messengers.get(node.id());
      if (to == null) {
        to = ignite.message(ignite.cluster().forNodeId(node.id()));
      }
      to.send(CHUNKS, request.encode());
    } catch (IgniteException e) {
      pending.remove(request.id());
      if (ignite.cluster().node(node.id()) != null) {
        throw jobFailure(node, e);
      }
      reply.complete(null);
    }
    // a worker that left before its departure could complete this request: evaluated here
    if (ignite.cluster().node(node.id()) == null && pending.remove(request.id(), p)) {
      reply.complete(null);
    }
    return new Answer(null, reply, request.id());
  }

  @Override
  protected byte @Nullable [] receive(Answer answer, ClusterNode node) {
    CompletableFuture<byte @Nullable []> reply = answer.reply;
    if (reply != null) {
      try {
        return reply.get();
      } catch (InterruptedException e) {
        pending.remove(answer.id);
        Thread.currentThread().interrupt();
        throw new RunInterruptedException("interrupted while waiting for ignite nodes");
      } catch (ExecutionException e) {
        throw jobFailure(node, e.getCause() == null ? e : e.getCause());
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
      throw jobFailure(node, e);
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

  /** The error for a job a live node could not run: names the class at fault and the fix. */
  static PoolException jobFailure(ClusterNode node, Throwable e) {
    String root = rootMessage(e);
    Matcher refused = REFUSED.matcher(root);
    String fix;
    if (refused.find()) {
      String type = refused.group(1);
      String pkg = type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : type;
      fix =
          "the node's deserialization allow-list refuses "
              + type
              + "; start every node with -D"
              + Shipping.ALLOW
              + "="
              + pkg
              + " (or "
              + PoolSettings.environmentName(Shipping.ALLOW)
              + "="
              + pkg
              + ")";
    } else if (root.contains("NotSerializableException")) {
      fix = "make the log-probability's class and everything it captures Serializable";
    } else {
      fix =
          "check that the log-probability's class and what it captures are the same on every"
              + " node (or absent there, for peer class loading) and can be serialized";
    }
    return new PoolException(
        "EMCEE-P054",
        "node "
            + node.consistentId()
            + " could not run the log-probability's job: "
            + root
            + "; "
            + fix,
        e);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getName() + ": " + t.getMessage();
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
