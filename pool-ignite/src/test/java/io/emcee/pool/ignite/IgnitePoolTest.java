package io.emcee.pool.ignite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import io.emcee.testkit.GridPoolContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A master and a worker node in one JVM, on their own loopback ports. */
class IgnitePoolTest {

  private static PoolSettings settings(String role, int port, String members) {
    return GridPoolContract.settings("ignite", role, port, members);
  }

  @Test
  void embeddedAloneEvaluatesLocallyAndCleansUp() {
    Path work;
    try (IgnitePool pool =
        (IgnitePool)
            Pools.load(
                PoolSettings.empty()
                    .with(PoolSettings.POOL, "ignite")
                    .with(PoolSettings.CLUSTER_PORT, "47560"))) {
      assertTrue(pool.isMaster());
      double[] out = new double[4];
      pool.map((LogProbability) x -> x[0] * 3, new double[] {1, 2, 3, 4}, 1, 4, out, 1);
      assertArrayEquals(new double[] {3, 6, 9, 12}, out);
      work = Path.of(pool.getIgnite().configuration().getWorkDirectory());
      assertTrue(work.getFileName().toString().startsWith("emcee-ignite-"), work::toString);
      assertFalse(
          work.toAbsolutePath().startsWith(Path.of("").toAbsolutePath()),
          "the work directory is a temporary one, not under the current directory: " + work);
      assertFalse(Files.exists(Path.of("ignite")), "nothing in the current directory");
    }
    assertFalse(Files.exists(work), "the work directory is deleted on close");
  }

  @SuppressWarnings("try") // the worker only has to be there while the master runs
  @Test
  void aWorkerNodeTakesItsChunkInOrderAndTheFunctionTravelsOnce() {
    String members = "127.0.0.1:47570,127.0.0.1:47571";
    try (IgnitePool worker = (IgnitePool) Pools.load(settings("worker", 47571, members));
        IgnitePool master = (IgnitePool) Pools.load(settings("master", 47570, members))) {
      assertFalse(worker.isMaster());
      assertTrue(master.awaitNodes(2, Duration.ofSeconds(60)));
      java.util.UUID workerId = worker.getIgnite().cluster().localNode().id();
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!master.knowsListening(workerId) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertTrue(master.knowsListening(workerId), "the worker says it listens for chunks");
      // what a node tells the others (and they keep): its role, none of its JVM's environment
      java.util.Map<String, Object> seen = master.getIgnite().cluster().node(workerId).attributes();
      assertEquals("worker", seen.get(IgnitePool.ROLE));
      for (String own : List.of("java.class.path", "user.dir", "user.home")) {
        assertFalse(seen.containsKey(own), () -> own + " travelled: " + seen.keySet());
      }
      for (String variable : System.getenv().keySet()) {
        assertFalse(seen.containsKey(variable), () -> variable + " travelled: " + seen.keySet());
      }
      LogProbability lp = x -> x[0] * 10 + x[1];
      double[] in = new double[200];
      for (int i = 0; i < 100; i++) {
        in[2 * i] = i;
        in[2 * i + 1] = 0.25;
      }
      for (int round = 0; round < 3; round++) {
        double[] out = new double[100];
        master.map(lp, in, 2, 100, out, 1);
        for (int i = 0; i < 100; i++) {
          assertEquals(i * 10 + 0.25, out[i], "row " + i);
        }
      }
      assertEquals(3 * 50 * 2 * 8, master.getRowBytesSent(), "rows only: 50 of 2 doubles a map");
      // the first chunk carries the function as a job (peer class loading), the others go as
      // messages
      assertEquals(2, master.chunksSentAsMessages());
    }
  }

  @SuppressWarnings("try") // the worker only has to be there while the master runs
  @Test
  void aModelThatCannotBeMarshalledIsAClearError() {
    String members = "127.0.0.1:47550,127.0.0.1:47551";
    try (IgnitePool worker = (IgnitePool) Pools.load(settings("worker", 47551, members));
        IgnitePool master = (IgnitePool) Pools.load(settings("master", 47550, members))) {
      assertTrue(master.awaitNodes(2, Duration.ofSeconds(60)));
      org.example.refused.Table table = new org.example.refused.Table();
      LogProbability lp = x -> -x[0] * x[0] * table.scale();
      PoolException e =
          assertThrows(
              PoolException.class, () -> master.map(lp, new double[4], 1, 4, new double[4], 1));
      assertEquals("EMCEE-P054", e.getCode());
      assertTrue(e.getMessage().contains("org.example.refused.Table"), e.getMessage());
      assertTrue(e.getMessage().contains("emcee.serialization.allow"), e.getMessage());
      // The pool stays usable for a model that can travel.
      double[] out = new double[4];
      master.map((LogProbability) x -> x[0] + 1, new double[] {1, 2, 3, 4}, 1, 4, out, 1);
      assertArrayEquals(new double[] {2, 3, 4, 5}, out);
    }
  }

  @Test
  void workFoldersOfDeadProcessesAreDeletedWhenANodeStarts() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Path stale = Files.createTempDirectory(tmp, "emcee-ignite-c-1-pid" + ended.pid() + "-");
    Files.writeString(stale.resolve("left.bin"), "left by a killed node");
    Path live =
        Files.createTempDirectory(
            tmp, "emcee-ignite-c-1-pid" + ProcessHandle.current().pid() + "-");
    try (IgnitePool pool =
        (IgnitePool)
            Pools.load(
                PoolSettings.empty()
                    .with(PoolSettings.POOL, "ignite")
                    .with(PoolSettings.CLUSTER_PORT, "47565"))) {
      assertFalse(Files.exists(stale), "a dead process's folder is deleted");
      assertTrue(Files.exists(live), "a running process's folder is kept");
      assertTrue(
          Path.of(pool.getIgnite().configuration().getWorkDirectory())
              .getFileName()
              .toString()
              .contains("-pid" + ProcessHandle.current().pid() + "-"));
    } finally {
      Files.deleteIfExists(live);
    }
  }

  @Test
  void aMasterMissingFromItsOwnMemberListFailsAtOnce() {
    long start = System.nanoTime();
    PoolException e =
        assertThrows(
            PoolException.class,
            () -> Pools.load(settings("master", 47500, "127.0.0.1:47501,127.0.0.1:47502")));
    assertTrue(e.getMessage().contains("EMCEE-P008"), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:47500"), e.getMessage());
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "at once");
  }
}
