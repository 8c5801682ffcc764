package io.emcee.api.spi.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.api.PoolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The master's and the worker's sides of the kit, on members that answer at once in-process. */
class GridPoolTest {

  /** Members answer through their own FunctionCache; "gone" ones answer null. */
  private static final class Direct extends GridPool<Integer, byte @Nullable []> {
    final List<FunctionCache> caches = new ArrayList<>();
    final List<Boolean> gone = new ArrayList<>();
    final List<Integer> functionsSent = new ArrayList<>();
    boolean masterThere;

    Direct(boolean master, int workers, Duration wait) {
      super("direct", master, wait);
      for (int i = 0; i < workers; i++) {
        caches.add(new FunctionCache());
        gone.add(false);
      }
    }

    @Override
    protected List<Integer> workers() {
      List<Integer> w = new ArrayList<>();
      for (int i = 0; i < caches.size(); i++) {
        w.add(i);
      }
      return w;
    }

    @Override
    protected Object idOf(Integer member) {
      return member;
    }

    @Override
    protected byte @Nullable [] send(Integer member, byte[] chunk, @Nullable Shipment function) {
      if (gone.get(member)) {
        return null;
      }
      if (function != null) {
        functionsSent.add(member);
      }
      return caches
          .get(member)
          .run(chunk, null, function == null ? null : function.bytes(), "member " + member);
    }

    @Override
    protected byte @Nullable [] receive(byte @Nullable [] answer, Integer member) {
      return answer;
    }

    @Override
    protected boolean masterPresent() {
      return masterThere;
    }

    @Override
    protected int memberCount() {
      return 1 + caches.size();
    }

    @Override
    protected String location() {
      return "master";
    }

    @Override
    protected void releaseWorkers() {}

    @Override
    protected void shutdown() {}
  }

  private static final LogProbability TIMES_TWO = x -> 2 * x[0];

  @Test
  void theFunctionGoesOncePerMemberAndRunAndIsResentWhenForgotten() {
    Direct pool = new Direct(true, 2, Duration.ofSeconds(1));
    double[] in = {0, 1, 2, 3, 4, 5};
    double[] out = new double[6];
    pool.map(TIMES_TWO, in, 1, 6, out, 1);
    pool.map(TIMES_TWO, in, 1, 6, out, 1);
    assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10}, out);
    assertEquals(List.of(0, 1), pool.functionsSent);
    pool.caches.set(1, new FunctionCache()); // member 1 restarted: it asks for the function
    pool.map(TIMES_TWO, in, 1, 6, out, 1);
    assertEquals(List.of(0, 1, 1), pool.functionsSent);
    LogProbability other = x -> 3 * x[0];
    pool.map(other, in, 1, 6, out, 1);
    assertEquals(List.of(0, 1, 1, 0, 1), pool.functionsSent, "a new function: a new key");
    assertArrayEquals(new double[] {0, 3, 6, 9, 12, 15}, out);
  }

  @Test
  void aGoneMembersShareIsEvaluatedHereAndCounted() {
    Direct pool = new Direct(true, 2, Duration.ofSeconds(1));
    pool.gone.set(0, true);
    double[] out = new double[6];
    pool.map(TIMES_TWO, new double[] {0, 1, 2, 3, 4, 5}, 1, 6, out, 1);
    assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10}, out);
    assertEquals(1, pool.getChunksRerunHere());
  }

  @Test
  void aMemberThatCannotTakeTheFunctionIsP043AndClosedIsP005() {
    Direct pool = new Direct(true, 1, Duration.ofSeconds(1));
    pool.caches.get(0).setAllowList(info -> java.io.ObjectInputFilter.Status.REJECTED);
    PoolException e =
        assertThrows(
            PoolException.class, () -> pool.map(TIMES_TWO, new double[4], 1, 4, new double[4], 1));
    assertEquals("EMCEE-P043", e.getCode());
    assertTrue(
        e.getMessage().startsWith("[EMCEE-P043] member 0 could not evaluate"), e.getMessage());
    pool.close();
    pool.close();
    assertEquals(
        "EMCEE-P005",
        assertThrows(
                PoolException.class,
                () -> pool.map(TIMES_TWO, new double[1], 1, 1, new double[1], 1))
            .getCode());
  }

  @Test
  void aWorkerWithNoMasterGivesUpAfterTheWait() {
    Direct worker = new Direct(false, 0, Duration.ofMillis(600));
    long start = System.nanoTime();
    PoolException e = assertThrows(PoolException.class, worker::waitForTasks);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals("EMCEE-P007", e.getCode());
    assertTrue(e.getMessage().contains("emcee.cluster.wait"), e.getMessage());
    assertTrue(millis >= 600 && millis < 5_000, millis + " ms");
    assertEquals(
        "EMCEE-P006",
        assertThrows(
                PoolException.class,
                () -> worker.map(TIMES_TWO, new double[1], 1, 1, new double[1], 1))
            .getCode());
  }

  @Test
  void aWorkerWhoseMasterIsThereWaitsUntilReleased() throws Exception {
    Direct worker = new Direct(false, 0, Duration.ofMillis(300));
    worker.masterThere = true;
    Thread t = new Thread(worker::waitForTasks);
    t.start();
    t.join(1_000);
    assertTrue(t.isAlive(), "still serving after more than the wait: a master is there");
    worker.release();
    t.join(5_000);
    assertTrue(!t.isAlive(), "released");
  }

  @Test
  void aMasterRequiringMembersThatDoNotComeSaysSoAfterTheWait() {
    Direct master = new Direct(true, 1, Duration.ofMillis(300));
    master.requireMembers(2); // itself and its worker
    PoolException e = assertThrows(PoolException.class, () -> master.requireMembers(3));
    assertEquals("EMCEE-P009", e.getCode());
    assertTrue(e.getMessage().contains("for 3 members and 2 are there"), e.getMessage());
  }
}
