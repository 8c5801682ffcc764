package io.emcee.pool.ignite;

import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.RunInterruptedException;
import io.emcee.api.Stability;
import io.emcee.api.spi.support.Chunk;
import io.emcee.api.spi.support.GridPool;
import io.emcee.api.spi.support.GridPoolProvider;
import io.emcee.api.spi.support.Shipping;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.IgniteException;
import org.apache.ignite.IgniteInterruptedException;
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
 * <pre>
 * {@code try (Pool pool = Pools.load("ignite")) { if (!pool.isMaster()) { pool.waitForTasks(); return; } ... } }
 * </pre>
 */
@Stability(Stability.Level.STABLE)
public final class IgnitePool extends GridPool<ClusterNode, IgniteFuture<byte[]>> {
  private static final System.Logger LOG = System.getLogger(IgnitePool.class.getName());
  private static final String CONTROL = "emcee.control";
  private static final String ROLE = "emcee.role";
  private static final String CLUSTER = "emcee.cluster";

  /** What the names of this JVM's temporary files and folders start with. */
  private static final String TEMP_PREFIX = "emcee-ignite-";

  /** The owner's process id in a temporary name. */
  private static final Pattern OWNER = Pattern.compile("-pid(\\d+)-");

  /** How Ignite names a class its allow-list refuses. */
  private static final Pattern REFUSED =
      Pattern.compile("Deserialization of class ([\\w.$]+) is disallowed");

  /** Kept strongly so that Ignite's java.util.logging level (errors only) holds. */
  private static final Logger IGNITE_LOG = Logger.getLogger("org.apache.ignite");

  /** Whether this JVM's Ignite logging level was set here (so it may also be silenced here). */
  private static volatile boolean quietedByUs;

  /**
   * Ignite's JVM flags for Java 17, one line, in this jar (from the build's ignite.jvm.options).
   */
  private static final String JVM_OPTIONS = "/META-INF/emcee/ignite.jvm.options";

  /** Packages Ignite needs opened on Java 17, checked before it starts. */
  private static final List<String> NEEDED_OPENS =
      List.of("java.nio", "java.util", "java.lang", "java.io", "java.lang.invoke", "sun.nio.ch");

  private final Ignite ignite;
  private final String cluster;
  private final Path workDirectory;
  private final AtomicLong rowBytesSent = new AtomicLong();
  private final Map<UUID, IgniteCompute> computes = new java.util.HashMap<>();
  private List<ClusterNode> workers = List.of();
  private long workersVersion = -1;
  private final String location;

  IgnitePool(GridPoolProvider.Cluster settings) {
    super(IgnitePoolProvider.NAME, settings.isMaster(), settings.masterWait());
    checkJvmFlags();
    this.cluster = settings.clusterName();
    quietAndSafeDefaults(Shipping.applicationPrefixes(settings.settings()));
    deleteStaleTemporaries();
    try {
      this.workDirectory =
          Files.createTempDirectory(
              TEMP_PREFIX
                  + cluster
                  + "-"
                  + settings.port()
                  + "-pid"
                  + ProcessHandle.current().pid()
                  + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      this.ignite = Ignition.start(configuration(settings));
    } catch (RuntimeException e) {
      deleteWorkDirectory();
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
    this.location = ChunkJob.location(ignite);
    if (!isMaster()) {
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
                if (isOurMaster(((DiscoveryEvent) event).eventNode())) {
                  release(); // the master is gone: nobody will send jobs
                }
                return true;
              },
              EventType.EVT_NODE_LEFT,
              EventType.EVT_NODE_FAILED);
    }
  }

  private IgniteConfiguration configuration(GridPoolProvider.Cluster settings) {
    String host = settings.host();
    int port = settings.port();
    List<String> members = settings.members();
    IgniteConfiguration cfg = new IgniteConfiguration();
    cfg.setIgniteInstanceName("emcee-" + cluster + "-" + port + "-" + UUID.randomUUID());
    cfg.setGridLogger(new JavaLogger(IGNITE_LOG, false));
    cfg.setWorkDirectory(workDirectory.toString());
    cfg.setLocalHost(host);
    // Only discovery and communication listen, on the configured host: no thin-client connector
    // (port 10800) and no REST endpoint (11211).
    cfg.setClientConnectorConfiguration(null);
    cfg.setConnectorConfiguration(null);
    cfg.setPeerClassLoadingEnabled(true);
    cfg.setMetricsLogFrequency(0);
    cfg.setFailureHandler(new NoOpFailureHandler());
    cfg.setFailureDetectionTimeout(5_000);
    cfg.setSystemWorkerBlockedTimeout(60_000);
    cfg.setIncludeEventTypes(EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
    cfg.setUserAttributes(
        Map.of(
            ROLE,
            isMaster() ? "master" : "worker",
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
    cfg.setDiscoverySpi(discovery);
    TcpCommunicationSpi communication = new TcpCommunicationSpi();
    communication.setLocalAddress(host);
    communication.setLocalPort(Math.max(1024, port - 400));
    communication.setLocalPortRange(100);
    cfg.setCommunicationSpi(communication);
    return cfg;
  }

  private boolean isOurMaster(ClusterNode node) {
    return "master".equals(node.attribute(ROLE)) && cluster.equals(node.attribute(CLUSTER));
  }

  /**
   * Deletes the work folders and allow-lists that nodes of processes no longer running left in the
   * temporary directory (a killed node cannot delete its own).
   */
  static void deleteStaleTemporaries() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> entries = Files.list(tmp)) {
      entries
          .filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX))
          .filter(IgnitePool::ownerIsGone)
          .forEach(IgnitePool::deleteTree);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not list " + tmp + ": " + e);
    }
  }

  private static boolean ownerIsGone(Path p) {
    Matcher m = OWNER.matcher(p.getFileName().toString());
    return m.find() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
  }

  /** Ignite on Java 17 fails deep inside without its flags; say which ones instead. */
  private static void checkJvmFlags() {
    Module ignite = Ignite.class.getModule();
    List<String> missing = new ArrayList<>();
    for (String pkg : NEEDED_OPENS) {
      if (!Object.class.getModule().isOpen(pkg, ignite)) {
        missing.add(pkg);
      }
    }
    if (!missing.isEmpty()) {
      String target = ignite.isNamed() ? ignite.getName() : "ALL-UNNAMED";
      throw new PoolException(
          "EMCEE-P051",
          "Apache Ignite needs access to JDK internals on Java 17, and java.base does not open "
              + missing
              + " to "
              + target
              + "; start the JVM with Ignite's flags (the README's Ignite section; in this"
              + " project's build they are the @argfile"
              + " pool-ignite/target/classes/META-INF/emcee/ignite.jvm.options):\n  "
              + jvmFlags());
    }
  }

  /** Ignite's JVM flags for Java 17, as the build wrote them into this jar. */
  static String jvmFlags() {
    try (InputStream in = IgnitePool.class.getResourceAsStream(JVM_OPTIONS)) {
      if (in == null) {
        return "(missing from this jar: " + JVM_OPTIONS + ")";
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Errors-only logging, no update checks or banners, and Ignite's deserialization restricted to
   * its own allow-list plus ours, unless the user set these themselves. System properties, because
   * Ignite reads them when its classes load.
   */
  private static void quietAndSafeDefaults(List<String> prefixes) {
    if (IGNITE_LOG.getLevel() == null) {
      IGNITE_LOG.setLevel(Level.SEVERE);
      quietedByUs = true;
    }
    setIfAbsent("IGNITE_QUIET", "false");
    setIfAbsent("IGNITE_NO_ASCII", "true");
    setIfAbsent("IGNITE_UPDATE_NOTIFIER", "false");
    setIfAbsent("IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED", "true");
    if (System.getProperty("IGNITE_MARSHALLER_WHITELIST") == null) {
      Set<String> allowed = new LinkedHashSet<>(List.of("java.lang.invoke.SerializedLambda"));
      for (String p : prefixes) {
        allowed.add(p + "*");
      }
      try {
        Path list =
            Files.createTempFile(
                TEMP_PREFIX + "allow-pid" + ProcessHandle.current().pid() + "-", ".txt");
        Files.write(list, allowed);
        list.toFile().deleteOnExit();
        System.setProperty("IGNITE_MARSHALLER_WHITELIST", list.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
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
        if ("worker".equals(node.attribute(ROLE)) && cluster.equals(node.attribute(CLUSTER))) {
          found.add(node);
        }
      }
      found.sort(Comparator.comparingLong(ClusterNode::order));
      computes.keySet().retainAll(found.stream().map(ClusterNode::id).toList());
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

  @Override
  protected IgniteFuture<byte[]> send(ClusterNode node, byte[] chunk, @Nullable Shipment function) {
    rowBytesSent.addAndGet(chunk.length - Chunk.HEADER_BYTES);
    try {
      return computes
          .get(node.id())
          .callAsync(new ChunkJob(chunk, function == null ? null : function.function()));
    } catch (IgniteException e) {
      throw jobFailure(node, e);
    }
  }

  @Override
  protected byte @Nullable [] receive(IgniteFuture<byte[]> answer, ClusterNode node) {
    try {
      return answer.get();
    } catch (IgniteInterruptedException e) {
      answer.cancel();
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
    // A node stopping while the cluster still rebalances after another node left reports the
    // interrupted exchange as errors; at shutdown they are not news, so Ignite is silent while
    // this node stops (when its logging level is ours to choose).
    Level before = IGNITE_LOG.getLevel();
    boolean ours = before == Level.SEVERE && quietedByUs;
    if (ours) {
      IGNITE_LOG.setLevel(Level.OFF);
    }
    try {
      Ignition.stop(ignite.name(), false);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "ignite shutdown: " + e);
    } finally {
      if (ours) {
        IGNITE_LOG.setLevel(before);
      }
    }
    deleteWorkDirectory();
  }

  private void deleteWorkDirectory() {
    deleteTree(workDirectory);
  }

  private static void deleteTree(@Nullable Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not delete " + dir + ": " + e);
    }
  }

  @Override
  public String toString() {
    return "IgnitePool["
        + (isMaster() ? "master" : "worker")
        + (isClosed() ? ", closed" : "")
        + "]";
  }
}
