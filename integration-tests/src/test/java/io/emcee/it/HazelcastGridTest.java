package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.pool.hazelcast.HazelcastPool;
import io.emcee.testkit.ListeningSockets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sampler on a Hazelcast cluster of this JVM (master) and two worker JVMs on 127.0.0.1, each
 * running {@link GridWorkerMain} with the test class path.
 */
class HazelcastGridTest {
  private final List<ChildJvm> workers = new ArrayList<>();

  @AfterEach
  void stopWorkers() {
    workers.forEach(ChildJvm::close);
  }

  private static String members(int base) {
    return "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2);
  }

  private HazelcastPool cluster(int base) throws Exception {
    String cluster = "emcee-it-" + base;
    for (int i = 1; i <= 2; i++) {
      workers.add(
          ChildJvm.start(
              ChildJvm.classPathWithout(s -> false),
              Map.of(
                  "EMCEE_POOL",
                  "hazelcast",
                  "EMCEE_ROLE",
                  "worker",
                  "EMCEE_CLUSTER_MEMBERS",
                  members(base),
                  "EMCEE_CLUSTER_PORT",
                  Integer.toString(base + i),
                  "EMCEE_CLUSTER_NAME",
                  cluster),
              List.of(),
              GridWorkerMain.class));
    }
    HazelcastPool master =
        (HazelcastPool)
            Pools.load(
                PoolSettings.empty()
                    .with(PoolSettings.POOL, "hazelcast")
                    .with(PoolSettings.CLUSTER_MEMBERS, members(base))
                    .with(PoolSettings.CLUSTER_PORT, Integer.toString(base))
                    .with(PoolSettings.CLUSTER_NAME, cluster));
    assertTrue(
        master.awaitMembers(3, Duration.ofSeconds(60)),
        () -> "workers did not join: " + workers.get(0).output());
    return master;
  }

  @Test
  void theChainIsTheSerialPoolsBitForBitAndWorkersEndWhenTheMasterCloses() throws Exception {
    LogProbability lp = TestModels.costly(0);
    Sampler serial = Sampler.builder().seed(3).build();
    serial.run(new Ensemble(lp, TestModels.start(24, 5, 17), Pools.serial()), 200);
    Sampler grid = Sampler.builder().seed(3).build();
    try (HazelcastPool master = cluster(5711)) {
      grid.run(new Ensemble(lp, TestModels.start(24, 5, 17), master), 200);
      List<String> sockets = ListeningSockets.ofThisProcess();
      assertFalse(sockets.isEmpty(), "the master node listens");
      assertTrue(ListeningSockets.allOnLoopback(sockets), "listens on loopback only: " + sockets);
      assertEquals(
          List.of(),
          ListeningSockets.onPorts(sockets, ListeningSockets.CLIENT_PORTS),
          "no client port (thin client, REST) listens");
      assertEquals(0, master.getChunksRerunHere(), "every chunk was evaluated by a worker");
      assertTrue(master.getBytesSent() > 0, "the workers took chunks");
    }
    assertEquals(ChainDigest.of(serial), ChainDigest.of(grid));
    for (ChildJvm worker : workers) {
      assertEquals(0, worker.waitFor(Duration.ofSeconds(30)), worker.output());
      assertTrue(worker.output().contains("released"), worker.output());
    }
  }

  @Test
  void killingAWorkerMidRunStillGivesTheSameChain() throws Exception {
    LogProbability lp = TestModels.costly(200_000);
    Sampler serial = Sampler.builder().seed(8).build();
    serial.run(new Ensemble(lp, TestModels.start(24, 3, 17), Pools.serial()), 60);
    Sampler grid = Sampler.builder().seed(8).build();
    try (HazelcastPool master = cluster(5721)) {
      // At step 20 of 60 one worker dies (and is gone before the next map is sent to it).
      grid.run(
          new Ensemble(lp, TestModels.start(24, 3, 17), master),
          60,
          step -> {
            if (step.getIteration() == 20) {
              Process p = workers.get(1).process().destroyForcibly();
              try {
                p.waitFor();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            }
            return true;
          });
      assertFalse(workers.get(1).process().isAlive(), "a worker was killed during the run");
      assertEquals(60, grid.getIteration());
      assertTrue(master.getChunksRerunHere() > 0, "the dead worker's chunk was re-run here");
    }
    assertEquals(ChainDigest.of(serial), ChainDigest.of(grid));
  }

  @Test
  void bytesPerStepGrowWithWalkersTimesNdimNotWithTheModelsData() throws Exception {
    double[] data = new double[1_310_720]; // 10 MB captured by the model
    for (int i = 0; i < data.length; i++) {
      data[i] = i % 7;
    }
    LogProbability heavy = x -> -0.5 * (x[0] * x[0] + x[1] * x[1]) + data[3] * 0;
    LogProbability light = x -> -0.5 * (x[0] * x[0] + x[1] * x[1]);
    try (HazelcastPool master = cluster(5731)) {
      Sampler s = Sampler.builder().seed(1).build();
      Ensemble last = s.run(new Ensemble(heavy, TestModels.start(24, 2, 17), master), 1);
      long afterFirst = master.getBytesSent();
      s.run(last, 20);
      long heavyPerStep = (master.getBytesSent() - afterFirst) / 20;
      Sampler t = Sampler.builder().seed(1).build();
      Ensemble lightLast = t.run(new Ensemble(light, TestModels.start(24, 2, 17), master), 1);
      long lightStart = master.getBytesSent();
      t.run(lightLast, 20);
      long lightPerStep = (master.getBytesSent() - lightStart) / 20;
      Sampler wide = Sampler.builder().seed(1).build();
      Ensemble wideLast = wide.run(new Ensemble(light, TestModels.start(96, 2, 17), master), 1);
      long wideStart = master.getBytesSent();
      wide.run(wideLast, 20);
      long widePerStep = (master.getBytesSent() - wideStart) / 20;

      assertTrue(afterFirst > 10_000_000, "the model's data went once: " + afterFirst);
      assertEquals(
          lightPerStep, heavyPerStep, "per step, a 10 MB model costs what a small one does");
      // Per step: 2 half-steps x 2 workers x (rows x ndim doubles + a 28-byte header), where each
      // third of a half (12 or 48 walkers) goes to one member: 4 or 16 rows of 2 doubles.
      assertEquals(2 * 2 * (4 * 2 * 8 + 28), lightPerStep);
      assertEquals(2 * 2 * (16 * 2 * 8 + 28), widePerStep);
    }
  }
}
