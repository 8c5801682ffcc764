package io.emcee.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import io.emcee.api.spi.support.GridPool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The pool contract for a backend on {@link GridPool}, on a cluster of this JVM: a master and two
 * workers on loopback ports, selected by name through {@code emcee.cluster.*} settings as a user
 * would; plus what a grid pool promises beyond the contract: closing the master releases its
 * workers.
 *
 * <pre>{@code class MyPoolContractTest extends GridPoolContract { ... } }</pre>
 */
@io.emcee.api.Stability(io.emcee.api.Stability.Level.EXPERIMENTAL)
public abstract class GridPoolContract extends PoolContract {
  private static final Map<String, AtomicInteger> NEXT_PORT = new ConcurrentHashMap<>();
  private @Nullable Pool lastWorker;
  private int lastBase;

  /** For subclasses. */
  protected GridPoolContract() {}

  /**
   * The name the pool is selected by.
   *
   * @return e.g. {@code hazelcast}
   */
  protected abstract String poolName();

  /**
   * The first of about two hundred free ports (a block another process holds is skipped) the tests
   * may use.
   *
   * @return a port
   */
  protected abstract int firstPort();

  /**
   * Ends a worker as a crash would (no goodbye to the cluster).
   *
   * @param worker a worker of this backend
   */
  protected abstract void crash(Pool worker);

  /**
   * The settings of a node of a cluster on loopback, as the environment would give them.
   *
   * @param pool the pool's name
   * @param role {@code master} or {@code worker}
   * @param port this node's port
   * @param members the member list
   * @return the settings
   */
  public static PoolSettings settings(String pool, String role, int port, String members) {
    return PoolSettings.empty()
        .with(PoolSettings.POOL, pool)
        .with(PoolSettings.ROLE, role)
        .with(PoolSettings.CLUSTER_PORT, Integer.toString(port))
        .with(PoolSettings.CLUSTER_MEMBERS, members)
        .with(PoolSettings.CLUSTER_NAME, "emcee-test-" + members.hashCode());
  }

  /**
   * Three consecutive loopback ports for one test's nodes, skipping blocks another process holds (a
   * second build on the same machine), so that a clash shows up as a skipped block rather than as a
   * node that cannot bind.
   */
  private int ports() {
    AtomicInteger next = NEXT_PORT.computeIfAbsent(poolName(), p -> new AtomicInteger(firstPort()));
    int base = next.getAndAdd(3);
    for (int tries = 0; tries < 30 && !free(base, 3); tries++) {
      base = next.getAndAdd(3);
    }
    return base;
  }

  private static boolean free(int first, int count) {
    for (int port = first; port < first + count; port++) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }

  @Override
  protected Pool master() {
    int base = ports();
    lastBase = base;
    String members = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2);
    for (int i = 1; i <= 2; i++) {
      lastWorker = closeAfter(Pools.load(settings(poolName(), "worker", base + i, members)));
    }
    Pool master = Pools.load(settings(poolName(), "master", base, members));
    assertTrue(
        ((GridPool<?, ?>) master).awaitMembers(3, Duration.ofSeconds(90)), "the workers joined");
    return master;
  }

  /** The second third of the batch went to the first worker, on the master's port + 1. */
  @Override
  protected void checkFailureLocation(String location) {
    assertTrue(location.contains(":" + (lastBase + 1)), location);
  }

  @Override
  protected Pool masterAlone() {
    return Pools.load(
        PoolSettings.empty()
            .with(PoolSettings.POOL, poolName())
            .with(PoolSettings.CLUSTER_PORT, Integer.toString(ports())));
  }

  /** A worker alone, which waits at most 2 s for a master. */
  @Override
  protected @Nullable Pool worker() {
    int port = ports();
    return Pools.load(
        settings(poolName(), "worker", port, "127.0.0.1:" + port)
            .with(PoolSettings.CLUSTER_WAIT, "2"));
  }

  @Override
  protected boolean shipsFunctions() {
    return true;
  }

  @Override
  protected boolean killOneWorker(Pool master) {
    Pool worker = lastWorker;
    if (worker == null) {
      return false;
    }
    crash(worker);
    return true;
  }

  @Test
  void closingTheMasterReleasesItsWorkers() throws Exception {
    Pool master = closeAfter(master());
    Pool worker = lastWorker;
    assertTrue(worker != null);
    AtomicBoolean returned = new AtomicBoolean();
    Thread serving = serve(worker, returned);
    serving.join(500);
    assertFalse(returned.get(), "a worker serves while its master is there");
    master.close();
    serving.join(30_000);
    assertTrue(returned.get(), "waitForTasks returned after the master closed");
  }

  /** A thread in {@code worker.waitForTasks()} that sets {@code returned} when it returns. */
  private static Thread serve(Pool worker, AtomicBoolean returned) {
    Thread serving =
        new Thread(
            () -> {
              worker.waitForTasks();
              returned.set(true);
            });
    serving.setDaemon(true);
    serving.start();
    return serving;
  }

  @Test
  void aWorkerWithoutMembersIsAClearError() {
    PoolException e =
        assertThrows(
            PoolException.class,
            () ->
                Pools.load(
                    PoolSettings.empty()
                        .with(PoolSettings.POOL, poolName())
                        .with(PoolSettings.ROLE, "worker")));
    assertEquals("EMCEE-P003", e.getCode());
    assertTrue(
        e.getMessage().contains(poolName() + " worker needs emcee.cluster.members"),
        e.getMessage());
  }

  @Test
  void aWorkerWithNoMasterGivesUpAfterTheWaitWithAClearError() {
    Pool worker = closeAfter(worker());
    long start = System.nanoTime();
    PoolException e = assertThrows(PoolException.class, worker::waitForTasks);
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertEquals("EMCEE-P007", e.getCode());
    assertTrue(e.getMessage().contains("no master joined"), e.getMessage());
    assertTrue(e.getMessage().contains("emcee.cluster.wait"), e.getMessage());
    assertTrue(seconds >= 2 && seconds < 30, seconds + " s");
  }

  @Test
  void aMasterStartedFirstWaitsForTheWorkersItWasToldAbout() throws Exception {
    int base = ports();
    String members = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2);
    java.util.List<Pool> late = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Thread workers =
        new Thread(
            () -> {
              try {
                Thread.sleep(1_500);
                for (int i = 1; i <= 2; i++) {
                  late.add(Pools.load(settings(poolName(), "worker", base + i, members)));
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    workers.start();
    try {
      Pool master = closeAfter(Pools.load(settings(poolName(), "master", base, members)));
      assertTrue(
          ((GridPool<?, ?>) master).awaitMembers(3, Duration.ZERO),
          "Pools.load returned only once both late workers had joined");
      double[] in = {1, 2, 3, 4, 5, 6};
      double[] out = new double[6];
      master.map((io.emcee.api.LogProbability) x -> 2 * x[0], in, 1, 6, out, 1);
      assertEquals(12.0, out[5]);
      assertEquals(0, ((GridPool<?, ?>) master).getChunksRerunHere());
    } finally {
      workers.join(60_000);
      for (Pool p : late) {
        closeAfter(p);
      }
    }
  }

  @Test
  void aMasterWhoseListedWorkersNeverComeSaysWhoIsMissingAndFailsWhenAskedTo() {
    int base = ports();
    String members = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1);
    PoolSettings settings =
        settings(poolName(), "master", base, members)
            .with(PoolSettings.CLUSTER_WAIT, "2")
            .with(PoolSettings.CLUSTER_MISSING, "fail");
    long start = System.nanoTime();
    PoolException e = assertThrows(PoolException.class, () -> Pools.load(settings));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertTrue(e.getMessage().contains("EMCEE-P009"), e.getMessage());
    assertTrue(e.getMessage().contains("waited 2 s for 2 members and 1 is there"), e.getMessage());
    assertTrue(seconds >= 2 && seconds < 30, seconds + " s");
    // By default the master goes on alone after the wait, with a warning naming the missing.
    int other = ports();
    Pool alone =
        closeAfter(
            Pools.load(
                settings(
                        poolName(),
                        "master",
                        other,
                        "127.0.0.1:" + other + ",127.0.0.1:" + (other + 1))
                    .with(PoolSettings.CLUSTER_WAIT, "1")));
    double[] out = new double[2];
    alone.map((io.emcee.api.LogProbability) x -> x[0], new double[] {3, 4}, 1, 2, out, 1);
    assertEquals(4.0, out[1]);
  }

  @Test
  void aTypoInTheMissingSettingIsRefused() {
    PoolException e =
        assertThrows(
            PoolException.class,
            () ->
                Pools.load(
                    PoolSettings.empty()
                        .with(PoolSettings.POOL, poolName())
                        .with(PoolSettings.CLUSTER_MISSING, "fial")));
    assertTrue(e.getMessage().contains("emcee.cluster.missing is 'fial'"), e.getMessage());
  }

  @Test
  void aSecondMasterOnTheSameWorkersIsRefusedAndTheFirstGoesOn() throws Exception {
    int base = ports();
    ports(); // reserves three more
    String members = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2);
    Pool worker = closeAfter(Pools.load(settings(poolName(), "worker", base + 1, members)));
    Pool first =
        closeAfter(
            Pools.load(
                settings(poolName(), "master", base, members)
                    .with(PoolSettings.CLUSTER_WORKERS, "1")));
    AtomicBoolean returned = new AtomicBoolean();
    Thread serving = serve(worker, returned);
    PoolException e =
        assertThrows(
            PoolException.class,
            () ->
                Pools.load(
                    settings(poolName(), "master", base + 2, members)
                        .with(PoolSettings.CLUSTER_WORKERS, "1")));
    assertTrue(e.getMessage().contains("EMCEE-P011"), e.getMessage());
    assertTrue(e.getMessage().contains("already has a master"), e.getMessage());
    double[] out = new double[4];
    first.map((io.emcee.api.LogProbability) x -> 3 * x[0], new double[] {1, 2, 3, 4}, 1, 4, out, 1);
    assertEquals(12.0, out[3]);
    assertEquals(0, ((GridPool<?, ?>) first).getChunksRerunHere(), "the worker still serves");
    serving.join(500);
    assertFalse(returned.get(), "the refused master left without releasing the first's worker");
  }
}
