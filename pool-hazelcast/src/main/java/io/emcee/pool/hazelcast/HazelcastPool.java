package io.emcee.pool.hazelcast;

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
import io.emcee.api.EvaluationException;
import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.RowFunction;
import io.emcee.api.RunInterruptedException;
import io.emcee.api.Stability;
import io.emcee.api.spi.Batches;
import io.emcee.api.spi.Scatter;
import io.emcee.api.spi.Shipping;
import java.io.ObjectInputFilter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
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
 * one embedded member bound to 127.0.0.1 and evaluates alone.
 *
 * <p>Each map sends one chunk of rows per worker member through {@code IExecutorService} (walker
 * offset carried along, rows as primitive doubles) while the master evaluates its own chunk, and
 * gathers the results in order. The function reaches each member once per run: its bytes go with
 * the first chunk a member gets and are cached there, later chunks carry only coordinates. A member
 * that dies or leaves mid-map has its chunk run by the master instead, so the step completes with
 * the same result. Members join by TCP/IP member list (never multicast), bind to {@code
 * emcee.cluster.host} only, and deserialize nothing outside the allow-list of {@link Shipping}.
 *
 * <pre>
 * {@code try (Pool pool = Pools.load("hazelcast")) { if (!pool.isMaster()) { pool.waitForTasks(); return; } ... } }
 * </pre>
 */
@Stability(Stability.Level.STABLE)
public final class HazelcastPool implements Pool {
  private static final System.Logger LOG = System.getLogger(HazelcastPool.class.getName());
  private static final String EXECUTOR = "emcee";
  private static final String CONTROL = "emcee.control";
  private static final String ROLE = "emcee.role";

  /** Kept strongly: Hazelcast's JUL loggers stay quiet (errors only) while this class lives. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private final HazelcastInstance instance;
  private final boolean master;
  private final IExecutorService executor;
  private final ITopic<String> control;
  private final CountDownLatch released = new CountDownLatch(1);
  private final long keyBase = new SecureRandom().nextLong() & 0x7fff_ffff_0000_0000L;
  private final Map<UUID, Long> shipped = new HashMap<>();
  private final AtomicLong chunksRerunHere = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private @Nullable RowFunction function;
  private long functionKey;
  private byte @Nullable [] functionBytes;
  private volatile boolean closed;

  HazelcastPool(
      PoolSettings.Role role,
      List<String> members,
      String host,
      int port,
      String clusterName,
      ObjectInputFilter allowList) {
    quietLogging();
    this.master = role == PoolSettings.Role.MASTER;
    ChunkTask.filter = allowList;
    Config config = new Config();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty(
        "hazelcast.logging.type", System.getProperty("hazelcast.logging.type", "jdk"));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
    config.getMemberAttributeConfig().setAttribute(ROLE, master ? "master" : "worker");
    config.getExecutorConfig(EXECUTOR).setPoolSize(Runtime.getRuntime().availableProcessors());
    JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
    filter.getWhitelist().addPrefixes("io.emcee.");
    config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(members.isEmpty());
    network.getInterfaces().setEnabled(true).addInterface(host);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    for (String member : members.isEmpty() ? List.of(host + ":" + port) : members) {
      join.getTcpIpConfig().addMember(member);
    }
    try {
      this.instance = Hazelcast.newHazelcastInstance(config);
    } catch (RuntimeException e) {
      throw new PoolException(
          "EMCEE-P041",
          "could not start a Hazelcast member on "
              + host
              + ":"
              + port
              + " (cluster '"
              + clusterName
              + "'): "
              + e.getMessage()
              + "; check that the port is free and "
              + PoolSettings.CLUSTER_MEMBERS
              + " lists reachable host:port pairs",
          e);
    }
    this.executor = instance.getExecutorService(EXECUTOR);
    this.control = instance.getTopic(CONTROL);
    if (!master) {
      control.addMessageListener(m -> released.countDown());
      instance
          .getCluster()
          .addMembershipListener(
              new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {}

                @Override
                public void memberRemoved(MembershipEvent event) {
                  if ("master".equals(event.getMember().getAttribute(ROLE))) {
                    released.countDown(); // the master is gone: nobody will send tasks
                  }
                }
              });
      instance
          .getLifecycleService()
          .addLifecycleListener(
              e -> {
                if (e.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                  released.countDown();
                }
              });
    }
    LOG.log(
        System.Logger.Level.DEBUG,
        () -> "hazelcast member started at " + instance.getCluster().getLocalMember().getAddress());
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

  @Override
  public boolean isMaster() {
    return master;
  }

  @Override
  public String getName() {
    return HazelcastPoolProvider.NAME;
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
   * How many chunks this master evaluated itself because their worker did not answer (it left the
   * cluster or could not be reached); 0 in a healthy run.
   *
   * @return chunks re-run here so far
   */
  public long getChunksRerunHere() {
    return chunksRerunHere.get();
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

  /**
   * Waits until the cluster has at least {@code members} members (this one included).
   *
   * @param members the number to wait for
   * @param timeout how long to wait at most
   * @return whether they are there
   */
  public boolean awaitMembers(int members, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (instance.getCluster().getMembers().size() < members) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  @Override
  public void map(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth) {
    if (closed) {
      throw new PoolException("EMCEE-P005", "the hazelcast pool is closed; load a new pool");
    }
    if (!master) {
      throw new PoolException(
          "EMCEE-P042",
          "map was called on a hazelcast worker; only the master samples: on workers call"
              + " waitForTasks() and return");
    }
    Batches.check(inputs, inputWidth, count, outputs, outputWidth);
    if (count == 0) {
      return;
    }
    List<Member> workers = new ArrayList<>();
    for (Member m : instance.getCluster().getMembers()) {
      if (!m.localMember() && "worker".equals(m.getAttribute(ROLE))) {
        workers.add(m);
      }
    }
    String here = ChunkTask.location(instance);
    Scatter.map(
        workers,
        function,
        inputs,
        inputWidth,
        count,
        outputs,
        outputWidth,
        here,
        (Member m, int from, int to) ->
            submit(m, function, inputs, inputWidth, from, to, outputWidth),
        (Future<ChunkResult> future, Member m, int from, int to) ->
            gather(future, m, function, inputs, inputWidth, from, to, outputs, outputWidth, here));
  }

  private Future<ChunkResult> submit(
      Member member,
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int from,
      int to,
      int outputWidth) {
    if (function != this.function) { // a new function: a new key, sent once to each member
      this.function = function;
      this.functionBytes = Shipping.serialize(function);
      this.functionKey = keyBase + (functionKey & 0xffff_ffffL) + 1;
    }
    Long known = shipped.get(member.getUuid());
    boolean needsBytes = known == null || known != functionKey;
    double[] chunk = new double[(to - from) * inputWidth];
    System.arraycopy(inputs, from * inputWidth, chunk, 0, chunk.length);
    ChunkTask task =
        new ChunkTask(
            functionKey,
            needsBytes ? functionBytes : null,
            chunk,
            inputWidth,
            to - from,
            outputWidth,
            from);
    bytesSent.addAndGet(task.payloadBytes());
    if (needsBytes) {
      shipped.put(member.getUuid(), functionKey);
    }
    return executor.submitToMember(task, member);
  }

  /**
   * Waits for one member's chunk and copies its rows into place; re-runs the chunk here when the
   * member is gone. Returns the chunk's evaluation failure, if any.
   */
  private @Nullable EvaluationException gather(
      Future<ChunkResult> future,
      Member member,
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int from,
      int to,
      double[] outputs,
      int outputWidth,
      String here) {
    ChunkResult result;
    try {
      result = future.get();
      if (result.status == ChunkResult.NEED_FUNCTION) {
        shipped.remove(member.getUuid());
        result = submit(member, function, inputs, inputWidth, from, to, outputWidth).get();
      }
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new RunInterruptedException("interrupted while waiting for hazelcast members");
    } catch (ExecutionException | RuntimeException e) {
      // The member died, left, or could not be reached: its rows are evaluated here instead.
      LOG.log(
          System.Logger.Level.INFO,
          "member "
              + member.getAddress()
              + " did not answer ("
              + e
              + "); evaluating its chunk here");
      shipped.remove(member.getUuid());
      chunksRerunHere.incrementAndGet();
      try {
        Batches.evaluate(function, inputs, inputWidth, outputs, outputWidth, from, to, 0, here);
        return null;
      } catch (EvaluationException failure) {
        return failure;
      }
    }
    switch (result.status) {
      case ChunkResult.OK -> {
        System.arraycopy(result.outputs, 0, outputs, from * outputWidth, (to - from) * outputWidth);
        return null;
      }
      case ChunkResult.FAILED -> {
        return new EvaluationException(result.failedIndex, result.location, result.message, null);
      }
      default ->
          throw new PoolException(
              "EMCEE-P043",
              "member " + member.getAddress() + " could not evaluate its chunk: " + result.message);
    }
  }

  /**
   * On a worker, serves the master's chunks until the master closes the pool (or leaves the
   * cluster), then returns. On the master it returns at once.
   */
  @Override
  public void waitForTasks() {
    if (master) {
      return;
    }
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Leaves the cluster. On the master this first releases the workers, whose {@code waitForTasks()}
   * then returns; closing twice is harmless.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (master && instance.getLifecycleService().isRunning()) {
        control.publish("close");
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not release the workers: " + e);
    }
    released.countDown();
    try {
      instance.shutdown();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "hazelcast shutdown: " + e);
    }
  }

  @Override
  public String toString() {
    return "HazelcastPool["
        + (master ? "master" : "worker")
        + ", "
        + (closed ? "closed" : instance.getCluster().getMembers().size() + " members")
        + "]";
  }
}
