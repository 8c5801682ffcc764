package io.emcee.pool.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import io.emcee.api.spi.support.Chunk;
import io.emcee.api.spi.support.RequestStamp;
import io.emcee.testkit.GridPoolContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A master and a worker member in one JVM, on their own loopback ports. */
class HazelcastPoolTest {

  private static PoolSettings settings(String role, int port, String members) {
    return GridPoolContract.settings("hazelcast", role, port, members);
  }

  @Test
  void embeddedAloneEvaluatesLocallyInOrder() {
    try (Pool pool =
        Pools.load(
            PoolSettings.empty()
                .with(PoolSettings.POOL, "hazelcast")
                .with(PoolSettings.CLUSTER_PORT, "5741"))) {
      assertTrue(pool instanceof HazelcastPool);
      assertTrue(pool.isMaster());
      double[] out = new double[5];
      pool.map((LogProbability) x -> x[0] * 2, new double[] {1, 2, 3, 4, 5}, 1, 5, out, 1);
      assertArrayEquals(new double[] {2, 4, 6, 8, 10}, out);
      assertEquals(0, ((HazelcastPool) pool).getBytesSent());
      String address =
          ((HazelcastPool) pool).getInstance().getCluster().getLocalMember().getAddress().getHost();
      assertEquals("127.0.0.1", address);
    }
  }

  @SuppressWarnings("try") // the worker only has to be there while the master runs
  @Test
  void aWorkerMemberTakesItsChunkAndTheFunctionTravelsOnce() throws Exception {
    String members = "127.0.0.1:5751,127.0.0.1:5752";
    try (HazelcastPool worker = (HazelcastPool) Pools.load(settings("worker", 5752, members));
        HazelcastPool master = (HazelcastPool) Pools.load(settings("master", 5751, members))) {
      assertFalse(worker.isMaster());
      assertTrue(master.awaitMembers(2, Duration.ofSeconds(30)));
      double[] big = new double[1_000_000]; // captured: 8 MB that must travel once
      LogProbability lp = x -> x[0] * 10 + x[1] + big.length * 0;
      double[] in = new double[200];
      for (int i = 0; i < 100; i++) {
        in[2 * i] = i;
        in[2 * i + 1] = 0.5;
      }
      double[] out = new double[100];
      master.map(lp, in, 2, 100, out, 1);
      long first = master.getBytesSent();
      for (int i = 0; i < 100; i++) {
        assertEquals(i * 10 + 0.5, out[i]);
      }
      master.map(lp, in, 2, 100, out, 1);
      long second = master.getBytesSent() - first;
      assertTrue(first > 8_000_000, "the function's bytes went with the first chunk: " + first);
      assertTrue(second < 2_000, "later chunks carry rows only: " + second);
      // 50 rows of 2 doubles for the worker, plus a header and the request's stamp.
      assertEquals(
          50 * 2 * 8 + Chunk.HEADER_BYTES + new RequestStamp.Issuer().next().length, second);
    }
  }

  @SuppressWarnings("try") // the worker only has to be there while the master runs
  @Test
  void aFunctionThatCannotTravelIsAClearError() throws Exception {
    String members = "127.0.0.1:5771,127.0.0.1:5772";
    try (HazelcastPool worker = (HazelcastPool) Pools.load(settings("worker", 5772, members));
        HazelcastPool master = (HazelcastPool) Pools.load(settings("master", 5771, members))) {
      assertTrue(master.awaitMembers(2, Duration.ofSeconds(30)));
      Object notSerializable = new Object();
      LogProbability lp = x -> notSerializable.hashCode() * 0.0;
      PoolException e =
          assertThrows(
              PoolException.class, () -> master.map(lp, new double[4], 1, 4, new double[4], 1));
      assertEquals("EMCEE-P030", e.getCode());
      assertTrue(
          e.getMessage().contains("java.lang.Object, which is not Serializable"), e.getMessage());
    }
  }

  @SuppressWarnings("try") // the worker only has to be there while the master runs
  @Test
  void workersRefuseAModelClassOutsideTheirAllowList() throws Exception {
    String members = "127.0.0.1:5791,127.0.0.1:5792";
    try (HazelcastPool worker = (HazelcastPool) Pools.load(settings("worker", 5792, members));
        HazelcastPool master = (HazelcastPool) Pools.load(settings("master", 5791, members))) {
      assertTrue(master.awaitMembers(2, Duration.ofSeconds(30)));
      PoolException e =
          assertThrows(
              PoolException.class,
              () ->
                  master.map(
                      new org.example.models.RemoteModel(), new double[4], 1, 4, new double[4], 1));
      assertEquals("EMCEE-P043", e.getCode());
      assertTrue(
          e.getMessage()
              .contains(
                  "class org.example.models.RemoteModel is not on the deserialization allow-list"),
          e.getMessage());
      assertTrue(e.getMessage().contains("emcee.serialization.allow"), e.getMessage());
    }
  }

  @Test
  void membersThatDoNotParseAreRefusedInsteadOfRunningAlone() {
    for (String bad : new String[] {"abc", ":"}) {
      PoolException e =
          assertThrows(PoolException.class, () -> Pools.load(settings("master", 5701, bad)));
      assertTrue(e.getMessage().contains("EMCEE-P008"), e.getMessage());
      assertTrue(e.getMessage().contains("is not host:port"), e.getMessage());
    }
  }

  @SuppressWarnings("try") // the master only has to be there while the worker starts
  @Test
  void aWorkerOfAnotherClusterNameIsAClearErrorInsteadOfAClusterOfItsOwn() {
    String members = "127.0.0.1:5761,127.0.0.1:5762";
    try (Pool master =
        Pools.load(
            settings("master", 5761, members)
                .with(PoolSettings.CLUSTER_WAIT, "1")
                .with(PoolSettings.CLUSTER_NAME, "emcee-right"))) {
      PoolException started =
          assertThrows(
              PoolException.class,
              () ->
                  Pools.load(
                      settings("worker", 5762, members)
                          .with(PoolSettings.CLUSTER_NAME, "emcee-wrong")));
      // Pools.load names the pool that failed to start (P003) around the member's own error.
      PoolException e = assertInstanceOf(PoolException.class, started.getCause());
      assertEquals("EMCEE-P090", e.getCode());
      assertTrue(started.getMessage().contains("EMCEE-P090"), started.getMessage());
      assertTrue(e.getMessage().contains("of cluster 'emcee-wrong'"), e.getMessage());
      assertTrue(
          e.getMessage().contains("refused by the listed members at 127.0.0.1:5761"),
          e.getMessage());
      assertTrue(e.getMessage().contains(PoolSettings.CLUSTER_NAME), e.getMessage());
      assertTrue(master.isMaster());
    }
  }
}
