package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import io.emcee.api.spi.support.ClusterKey;
import io.emcee.api.spi.support.GridPool;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.testkit.ListeningSockets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sampler on a grid pool's cluster of this JVM (master) and two worker JVMs on 127.0.0.1, each
 * running {@link GridWorkerMain} with the test class path: what every grid backend must do across
 * processes. A subclass names the backend and adds its own checks.
 *
 * @param <P> the backend's pool
 */
abstract class GridClusterTest<P extends GridPool<?, ?>> {
  /** The worker JVMs (and any other child JVM) of the running test. */
  protected final List<ChildJvm> children = new ArrayList<>();

  @AfterEach
  void stopChildren() {
    children.forEach(ChildJvm::close);
  }

  /** The backend's name. */
  protected abstract String poolName();

  /** The first of three free ports for test {@code index} (0: the chain, 1: a worker killed). */
  protected abstract int basePort(int index);

  /** The child JVMs' extra flags. */
  protected List<String> jvmFlags() {
    return List.of();
  }

  /** The backend's own checks on a healthy 200-step run of 24 walkers in 5 dimensions. */
  protected void checkHealthyRun(P master) {}

  /** Checks that a worker that was not killed ended well once its master closed. */
  protected void checkWorkerEnded(ChildJvm worker) throws Exception {
    assertEquals(0, worker.waitFor(Duration.ofSeconds(60)), worker.output());
    assertTrue(worker.output().contains("released"), worker.output());
  }

  static String members(int base) {
    return "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2);
  }

  protected Map<String, String> nodeEnvironment(int base, int port, String role) {
    Map<String, String> env = new HashMap<>();
    env.put("EMCEE_POOL", poolName());
    env.put("EMCEE_ROLE", role);
    env.put("EMCEE_CLUSTER_MEMBERS", members(base));
    env.put("EMCEE_CLUSTER_PORT", Integer.toString(port));
    env.put("EMCEE_CLUSTER_NAME", "emcee-it-" + base);
    return env;
  }

  protected void startWorkers(int base, Map<String, String> extraEnv) throws Exception {
    for (int i = 1; i <= 2; i++) {
      Map<String, String> env = nodeEnvironment(base, base + i, "worker");
      env.putAll(extraEnv);
      children.add(
          ChildJvm.start(
              ChildJvm.classPathWithout(s -> false), env, jvmFlags(), GridWorkerMain.class));
    }
  }

  @SuppressWarnings("unchecked")
  protected P cluster(int base) throws Exception {
    startWorkers(base, Map.of());
    P master =
        (P)
            Pools.load(
                PoolSettings.empty()
                    .with(PoolSettings.POOL, poolName())
                    .with(PoolSettings.CLUSTER_MEMBERS, members(base))
                    .with(PoolSettings.CLUSTER_PORT, Integer.toString(base))
                    .with(PoolSettings.CLUSTER_NAME, "emcee-it-" + base));
    assertTrue(
        master.awaitMembers(3, Duration.ofSeconds(90)),
        () -> "workers did not join: " + children.get(0).output());
    return master;
  }

  private void checkWorkersEnded() throws Exception {
    for (ChildJvm worker : children) {
      if (!worker.process().isAlive() && worker.process().exitValue() != 0) {
        continue; // killed on purpose
      }
      checkWorkerEnded(worker);
    }
  }

  @Test
  void theChainIsTheSerialPoolsBitForBitAndWorkersEndWhenTheMasterCloses() throws Exception {
    LogProbability lp = TestModels.costly(0);
    Sampler serial = Sampler.builder().seed(3).build();
    serial.run(new Ensemble(lp, TestModels.start(24, 5, 17), Pools.serial()), 200);
    Sampler grid = Sampler.builder().seed(3).build();
    try (P master = cluster(basePort(0))) {
      grid.run(new Ensemble(lp, TestModels.start(24, 5, 17), master), 200);
      List<String> sockets = ListeningSockets.ofThisProcess();
      assertFalse(sockets.isEmpty(), "the master node listens");
      assertTrue(ListeningSockets.allOnLoopback(sockets), "listens on loopback only: " + sockets);
      assertEquals(
          List.of(),
          ListeningSockets.onPorts(sockets, ListeningSockets.CLIENT_PORTS),
          "no client port (thin client, REST) listens");
      assertEquals(0, master.getChunksRerunHere(), "every chunk was evaluated by a worker");
      checkHealthyRun(master);
    }
    assertEquals(ChainDigest.of(serial), ChainDigest.of(grid));
    checkWorkersEnded();
  }

  @Test
  void killingAWorkerMidRunStillGivesTheSameChain() throws Exception {
    LogProbability lp = TestModels.costly(200_000);
    Sampler serial = Sampler.builder().seed(8).build();
    serial.run(new Ensemble(lp, TestModels.start(24, 3, 17), Pools.serial()), 60);
    Sampler grid = Sampler.builder().seed(8).build();
    try (P master = cluster(basePort(1))) {
      // At step 20 of 60 one worker dies (and is gone before the next map is sent to it).
      grid.run(
          new Ensemble(lp, TestModels.start(24, 3, 17), master),
          60,
          step -> {
            if (step.getIteration() == 20) {
              Process p = children.get(1).process().destroyForcibly();
              try {
                p.waitFor();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            }
            return true;
          });
      assertFalse(children.get(1).process().isAlive(), "a worker was killed during the run");
      assertEquals(60, grid.getIteration());
      assertTrue(master.getChunksRerunHere() > 0, "the dead worker's chunk was re-run here");
    }
    assertEquals(ChainDigest.of(serial), ChainDigest.of(grid));
    checkWorkersEnded();
  }

  /**
   * Writes its marker file when a process deserializes it: a refused request must leave no file.
   */
  static final class MarkerModel implements LogProbability {
    private static final long serialVersionUID = 1L;
    private final String marker;

    MarkerModel(String marker) {
      this.marker = marker;
    }

    @Override
    public double logProbability(double[] x) {
      return -0.5 * x[0] * x[0];
    }

    private void readObject(java.io.ObjectInputStream in)
        throws java.io.IOException, ClassNotFoundException {
      in.defaultReadObject();
      java.nio.file.Files.writeString(java.nio.file.Path.of(marker), "deserialized");
    }
  }

  @SuppressWarnings("unchecked")
  @Test
  void sameProgramWorkersWithAnotherKeyRunNothingOfTheMasters() throws Exception {
    int base = basePort(5);
    java.nio.file.Path marker = java.nio.file.Files.createTempFile("emcee-marker", ".txt");
    java.nio.file.Files.delete(marker);
    startWorkers(base, Map.of("EMCEE_CLUSTER_SECRET", "the workers' key"));
    try (P master =
        (P)
            Pools.load(
                PoolSettings.empty()
                    .with(PoolSettings.POOL, poolName())
                    .with(PoolSettings.CLUSTER_MEMBERS, members(base))
                    .with(PoolSettings.CLUSTER_PORT, Integer.toString(base))
                    .with(PoolSettings.CLUSTER_NAME, "emcee-it-" + base)
                    .with(ClusterKey.SECRET, "another key"))) {
      assertTrue(
          master.awaitMembers(3, Duration.ofSeconds(90)),
          () -> "workers did not join: " + children.get(0).output());
      double[] in = new double[12];
      double[] out = new double[12];
      PoolException e =
          assertThrows(
              PoolException.class,
              () -> master.map(new MarkerModel(marker.toString()), in, 1, 12, out, 1));
      assertTrue(e.getMessage().contains("EMCEE-P046"), e.getMessage());
    }
    assertFalse(java.nio.file.Files.exists(marker), "no worker deserialized the function");
  }

  @Test
  void aSameProgramNodeBoundBeyondLoopbackWithoutAKeyRefusesToStart() {
    // 192.0.2.1 is a documentation address: the check comes before any bind, so nothing is sent.
    for (String role : List.of("worker", "master")) {
      PoolException e =
          assertThrows(
              PoolException.class,
              () ->
                  Pools.load(
                          PoolSettings.empty()
                              .with(PoolSettings.POOL, poolName())
                              .with(PoolSettings.ROLE, role)
                              .with(PoolSettings.CLUSTER_HOST, "192.0.2.1")
                              .with(PoolSettings.CLUSTER_PORT, Integer.toString(basePort(5)))
                              .with(PoolSettings.CLUSTER_MEMBERS, "192.0.2.1:" + basePort(5)))
                      .close());
      assertTrue(e.getMessage().contains("EMCEE-P046"), e.getMessage());
      assertTrue(e.getMessage().contains("192.0.2.1"), e.getMessage());
    }
  }
}
