package io.emcee.pool.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.topic.ITopic;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.RunInterruptedException;
import io.emcee.api.Stability;
import io.emcee.api.spi.support.ClusterKey;
import io.emcee.api.spi.support.GridPool;
import io.emcee.api.spi.support.GridPoolProvider;
import io.emcee.api.spi.support.RequestStamp;
import io.emcee.api.spi.support.Shipping;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * A pool on a Hazelcast cluster. Every process runs the same program: the master (role {@code
 * master}, the default) samples; workers (role {@code worker}) join the cluster and serve in {@link
 * #waitForTasks()} until the master closes the pool. With no members configured the master starts
 * one embedded member bound to 127.0.0.1 and evaluates alone. On a standing cluster ({@code
 * bin/emcee-cluster start hazelcast 2}) a program joins as a Hazelcast client (role {@code client})
 * and ships the classes its function needs with it, under the cluster's key.
 *
 * <p>Each map sends one chunk of rows per worker member through {@code IExecutorService} while the
 * master evaluates its own chunk, and gathers the results in order; the function reaches each
 * member once per run, and a member that dies or leaves mid-map has its chunk run by the master
 * instead, so the step completes with the same result (the grid pool kit of {@link GridPool}).
 * Members join by TCP/IP member list (never multicast), bind to {@code emcee.cluster.host} only,
 * and deserialize nothing outside the allow-list of {@link Shipping}.
 *
 * <p>Used through {@link io.emcee.api.Pool} (as {@code Pools.load()} returns it) it is as stable as
 * that interface; the class itself is EXPERIMENTAL because it inherits the experimental {@link
 * GridPool} kit.
 *
 * <pre>
 * {@code try (Pool pool = Pools.load("hazelcast")) { if (!pool.isMaster()) { pool.waitForTasks(); return; } ... } }
 * </pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class HazelcastPool extends GridPool<Member, Future<byte[]>> {
  private static final System.Logger LOG = System.getLogger(HazelcastPool.class.getName());
  private static final String EXECUTOR = "emcee";
  private static final String CONTROL = "emcee.control";
  private static final String ROLE = "emcee.role";
  private static final int REFUSED_GRACE_SECONDS = 10;

  /** Kept strongly: Hazelcast's JUL loggers stay quiet (errors only) while this class lives. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private final HazelcastInstance instance;
  private final IExecutorService executor;
  private final ITopic<String> control;
  private final AtomicLong bytesSent = new AtomicLong();
  private final @Nullable ClusterKey key;
  private final RequestStamp.Issuer stamps = new RequestStamp.Issuer();

  HazelcastPool(GridPoolProvider.Cluster cluster) {
    super(HazelcastPoolProvider.NAME, cluster);
    quietLogging();
    ClusterKey serverKey = null;
    if (!cluster.isClient()) {
      serverKey = ClusterKey.ofServer(cluster, HazelcastPoolProvider.NAME);
      ChunkTask.FUNCTIONS.setAllowList(Shipping.allowList(cluster.settings()));
      ChunkTask.FUNCTIONS.setKey(serverKey);
      if (cluster.isStanding()) {
        ChunkTask.FUNCTIONS.setRunLog(line -> System.out.println("emcee-worker: " + line));
      }
    }
    this.instance = cluster.isClient() ? startClient(cluster) : start(cluster);
    // A client reads the key once it has found the cluster: the workers create the default key
    // file when they start, which may be after this client started waiting for them.
    this.key = cluster.isClient() ? ClusterKey.find(cluster.settings()) : serverKey;
    this.executor = instance.getExecutorService(EXECUTOR);
    this.control = instance.getTopic(CONTROL);
    if (!isMaster() && !cluster.isStanding()) {
      control.addMessageListener(m -> release());
      instance.getCluster().addMembershipListener(new MasterLeaves());
      instance
          .getLifecycleService()
          .addLifecycleListener(
              e -> {
                if (e.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                  release();
                }
              });
    }
    LOG.log(System.Logger.Level.DEBUG, () -> "hazelcast member started at " + location());
  }

  private HazelcastInstance start(GridPoolProvider.Cluster cluster) {
    Config config = new Config();
    config.setClusterName(cluster.clusterName());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty(
        "hazelcast.logging.type", System.getProperty("hazelcast.logging.type", "jdk"));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
    lean(config);
    config.getMemberAttributeConfig().setAttribute(ROLE, isMaster() ? "master" : "worker");
    config.getExecutorConfig(EXECUTOR).setPoolSize(Runtime.getRuntime().availableProcessors());
    JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
    filter.getWhitelist().addPrefixes("io.emcee.");
    config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
    NetworkConfig network = config.getNetworkConfig();
    List<String> members = cluster.members();
    String self = cluster.host() + ":" + cluster.port();
    network.setPort(cluster.port()).setPortAutoIncrement(members.isEmpty());
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    for (String member : members.isEmpty() ? List.of(self) : members) {
      join.getTcpIpConfig().addMember(member);
    }
    HazelcastInstance started;
    try {
      started = Hazelcast.newHazelcastInstance(config);
    } catch (RuntimeException e) {
      throw new PoolException(
          "EMCEE-P041",
          "could not start a Hazelcast member on "
              + self
              + " (cluster '"
              + cluster.clusterName()
              + "'): "
              + e.getMessage()
              + "; check that the port is free and "
              + PoolSettings.CLUSTER_MEMBERS
              + " lists reachable host:port pairs",
          e);
    }
    try {
      refuseAnotherClusterName(started, cluster, self);
    } catch (RuntimeException e) {
      started.shutdown();
      throw e;
    }
    return started;
  }

  /**
   * A member that was given a member list but joined none of the others, while some of them accept
   * connections, was refused by them: they run a cluster of another name (Hazelcast then forms a
   * cluster of its own, silently). It fails with one line naming them, after a grace of up to
   * {@value #REFUSED_GRACE_SECONDS} s in which a listed member that is still starting may join.
   */
  private static void refuseAnotherClusterName(
      HazelcastInstance started, GridPoolProvider.Cluster cluster, String self) {
    List<String> others = new ArrayList<>(cluster.members());
    others.removeIf(m -> m.equals(self) || m.equals("localhost:" + cluster.port()));
    if (others.isEmpty()) {
      return;
    }
    long deadline =
        System.nanoTime()
            + Math.min(cluster.peerWait().toNanos(), REFUSED_GRACE_SECONDS * 1_000_000_000L);
    while (started.getCluster().getMembers().size() == 1) {
      if (System.nanoTime() > deadline) {
        List<String> refused = answering(others);
        if (refused.isEmpty()) {
          return; // none is up yet: the bounded waits for a master or members report it
        }
        throw new PoolException(
            "EMCEE-P090",
            "the hazelcast "
                + (cluster.isMaster() ? "master" : "worker")
                + " "
                + self
                + " of cluster '"
                + cluster.clusterName()
                + "' was refused by the listed members at "
                + String.join(", ", refused)
                + ": they run a cluster of another name (or another Hazelcast version) and it is"
                + " alone in its own; set "
                + PoolSettings.CLUSTER_NAME
                + " to theirs on every process");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * What a compute-only member does not need: the grid stores no data, so a few partitions are
   * enough (the default 271 are assigned and migrated at every join), and nothing reads metrics,
   * the health monitor, slow-operation reports or the I/O balancer, each of which wakes every
   * member periodically. Failure detection (heartbeats) is unchanged. Every member of a cluster
   * must agree on the partition count, and every member this pool starts does.
   */
  private static void lean(Config config) {
    config.setProperty("hazelcast.partition.count", "7");
    config.getMetricsConfig().setEnabled(false);
    config.setProperty("hazelcast.health.monitoring.level", "OFF");
    config.setProperty("hazelcast.slow.operation.detector.enabled", "false");
    config.setProperty("hazelcast.io.balancer.interval.seconds", "-1");
  }

  /** Joins a standing cluster as a Hazelcast client: no data, no partitions, no tasks run here. */
  private HazelcastInstance startClient(GridPoolProvider.Cluster cluster) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(cluster.clusterName());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty(
        "hazelcast.logging.type", System.getProperty("hazelcast.logging.type", "jdk"));
    config.setProperty("hazelcast.client.heartbeat.timeout", "15000");
    config.getNetworkConfig().setAddresses(new ArrayList<>(cluster.members()));
    long waitMillis = cluster.peerWait().toMillis();
    config
        .getConnectionStrategyConfig()
        .getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(Math.min(waitMillis, 30_000))
        .setMaxBackoffMillis(1000);
    try {
      return HazelcastClient.newHazelcastClient(config);
    } catch (RuntimeException e) {
      List<String> answering = answering(cluster.members());
      if (!answering.isEmpty()) {
        throw new PoolException(
            "EMCEE-P091",
            "the hazelcast client of cluster '"
                + cluster.clusterName()
                + "' was refused by the members at "
                + String.join(", ", answering)
                + ": they run a cluster of another name (or another Hazelcast version); set "
                + PoolSettings.CLUSTER_NAME
                + " to the workers' (bin/emcee-worker --name)",
            e);
      }
      throw new PoolException(
          "EMCEE-P045",
          "the hazelcast client found no cluster '"
              + cluster.clusterName()
              + "' at "
              + String.join(", ", cluster.members())
              + " within "
              + Math.min(waitMillis, 30_000) / 1000
              + " s; start it (bin/emcee-cluster start hazelcast 2) or fix "
              + PoolSettings.CLUSTER_MEMBERS
              + " and "
              + PoolSettings.CLUSTER_NAME,
          e);
    }
  }

  /** The listed addresses where something accepts a connection (a member that refused us). */
  private static List<String> answering(List<String> members) {
    List<String> found = new ArrayList<>();
    for (String member : members) {
      int colon = member.lastIndexOf(':');
      try (Socket probe = new Socket()) {
        probe.connect(
            new InetSocketAddress(
                member.substring(0, colon), Integer.parseInt(member.substring(colon + 1))),
            1000);
        found.add(member);
      } catch (IOException | RuntimeException e) {
        // nothing there
      }
    }
    return found;
  }

  /**
   * Releases a worker when the last master leaves: nobody will send tasks. A second master that was
   * refused (EMCEE-P011) leaves while the first still serves, and the worker stays.
   */
  private final class MasterLeaves implements MembershipListener {
    @Override
    public void memberAdded(MembershipEvent event) {}

    @Override
    public void memberRemoved(MembershipEvent event) {
      if ("master".equals(event.getMember().getAttribute(ROLE))
          && event.getMembers().stream().noneMatch(m -> "master".equals(m.getAttribute(ROLE)))) {
        release();
      }
    }
  }

  /**
   * Quiet by default: Hazelcast logs through java.util.logging with only errors shown, unless the
   * user chose otherwise ({@code -Dhazelcast.logging.type}). Set as a system property because
   * Hazelcast reads it before any configuration.
   */
  private static void quietLogging() {
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "jdk");
      HAZELCAST_LOG.setLevel(Level.SEVERE);
    }
  }

  /**
   * The Hazelcast member of this process, for monitoring.
   *
   * @return the running instance
   */
  public HazelcastInstance getInstance() {
    return instance;
  }

  /**
   * The payload bytes this master has sent to workers: rows, headers and function bytes
   * (Hazelcast's own framing excluded).
   *
   * @return bytes sent so far
   */
  public long getBytesSent() {
    return bytesSent.get();
  }

  @Override
  protected List<Member> workers() {
    List<Member> workers = new ArrayList<>();
    for (Member m : instance.getCluster().getMembers()) {
      String role = m.getAttribute(ROLE);
      // A client also uses plain Hazelcast servers (no role attribute) with this project's jars.
      if (!m.localMember() && ("worker".equals(role) || (role == null && isClient()))) {
        workers.add(m);
      }
    }
    return workers;
  }

  @Override
  protected Object idOf(Member member) {
    return member.getUuid();
  }

  @Override
  protected String describe(Member member) {
    return "member " + member.getAddress();
  }

  @Override
  protected Future<byte[]> send(Member member, byte[] chunk, @Nullable Shipment function) {
    byte[] bytes = function == null ? null : function.bytes();
    byte[] classes = function == null ? null : function.classes();
    byte[] stamp = stamps.next();
    byte[] mac = key == null ? null : key.sign(stamp, chunk, bytes, classes);
    ChunkTask task = new ChunkTask(chunk, bytes, classes, stamp, mac);
    bytesSent.addAndGet(task.payloadBytes());
    return executor.submitToMember(task, member);
  }

  @Override
  protected byte @Nullable [] receive(Future<byte[]> answer, Member member) {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new RunInterruptedException("interrupted while waiting for hazelcast members");
    } catch (ExecutionException | RuntimeException e) {
      LOG.log(System.Logger.Level.INFO, () -> describe(member) + " failed: " + e);
      return null; // died, left, or unreachable: its rows are evaluated here instead
    }
  }

  @Override
  protected boolean masterPresent() {
    for (Member m : instance.getCluster().getMembers()) {
      if ("master".equals(m.getAttribute(ROLE))) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected int masterCount() {
    int masters = 0;
    for (Member m : instance.getCluster().getMembers()) {
      if ("master".equals(m.getAttribute(ROLE))) {
        masters++;
      }
    }
    return masters;
  }

  @Override
  protected List<String> memberAddresses() {
    List<String> addresses = new ArrayList<>();
    for (Member m : instance.getCluster().getMembers()) {
      addresses.add(m.getAddress().getHost() + ":" + m.getAddress().getPort());
    }
    return addresses;
  }

  @Override
  protected int memberCount() {
    return instance.getCluster().getMembers().size();
  }

  @Override
  protected String location() {
    return isClient() ? "client " + instance.getName() : ChunkTask.location(instance);
  }

  @Override
  protected void releaseWorkers() {
    if (instance.getLifecycleService().isRunning()) {
      control.publish("close");
    }
  }

  @Override
  protected void shutdown() {
    try {
      instance.shutdown();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "hazelcast shutdown: " + e);
    }
  }

  @Override
  public String toString() {
    return "HazelcastPool["
        + (isClient() ? "client" : isMaster() ? "master" : "worker")
        + ", "
        + (isClosed() ? "closed" : memberCount() + " members")
        + "]";
  }
}
