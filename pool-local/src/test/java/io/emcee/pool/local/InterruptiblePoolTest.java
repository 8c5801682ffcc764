package io.emcee.pool.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EvaluationException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs twice: on the module path (discovery by `provides`) and on the class path (services file).
 */
class InterruptiblePoolTest {

  @Test
  void discoveredAndChosenByPriority() {
    try (Pool pool = Pools.load(PoolSettings.empty())) {
      assertEquals("local", pool.getName());
      assertTrue(pool instanceof InterruptiblePool);
    }
    // The default execution runs on the module path, the second on the class path.
    boolean named = InterruptiblePool.class.getModule().isNamed();
    assertEquals(System.getProperty("emcee.test.path"), named ? "module" : "class");
    assertTrue(Pools.available().contains("local"));
  }

  @Test
  void threadsComeFromTheSetting() {
    try (Pool pool = Pools.load(PoolSettings.empty().with(PoolSettings.THREADS, "3"))) {
      assertEquals(3, ((InterruptiblePool) pool).getThreads());
    }
  }

  @Test
  void aThreadCountFarAboveWhatCanPayIsRefusedBeforeAnyThreadStarts() {
    io.emcee.api.PoolException e =
        assertThrows(
            io.emcee.api.PoolException.class,
            () -> Pools.load(PoolSettings.empty().with(PoolSettings.THREADS, "100000")));
    assertTrue(e.getMessage().contains("EMCEE-S001"), e.getMessage());
    assertTrue(
        e.getMessage().contains("emcee.threads is '100000' but must be an integer from 1 to 4096"),
        e.getMessage());
  }

  @Test
  void resultsAreInInputOrderForEveryChunking() {
    LogProbability lp = x -> x[0] * 10 + x[1];
    for (int threads = 1; threads <= 5; threads++) {
      try (InterruptiblePool pool = new InterruptiblePool(threads, false, 0)) {
        for (int n : new int[] {0, 1, 2, 7, 64}) {
          double[] in = new double[2 * n];
          double[] expected = new double[n];
          for (int i = 0; i < n; i++) {
            in[2 * i] = i;
            in[2 * i + 1] = 0.5;
            expected[i] = i * 10 + 0.5;
          }
          double[] out = new double[n];
          pool.map(lp, in, 2, n, out, 1);
          assertArrayEquals(expected, out);
        }
      }
    }
  }

  @Test
  void costlyRowsPredictedSlowestGoFirstAndResultsStayInOrder() throws Exception {
    // Rows 5 and 9 are slow in every map; after two maps (one per half) the next map hands them
    // out first, so the two threads start on them, and the results are those of row order.
    List<Integer> started = Collections.synchronizedList(new ArrayList<>());
    LogProbability lp =
        x -> {
          int row = (int) x[0];
          started.add(row);
          try {
            Thread.sleep(row == 5 || row == 9 ? 20 : 2);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return row * 3.0;
        };
    int n = 16;
    double[] in = new double[n];
    double[] expected = new double[n];
    for (int i = 0; i < n; i++) {
      in[i] = i;
      expected[i] = i * 3.0;
    }
    try (InterruptiblePool pool = new InterruptiblePool(2, false, 0)) {
      for (int map = 0; map < 4; map++) {
        started.clear();
        double[] out = new double[n];
        pool.map(lp, in, 1, n, out, 1);
        assertArrayEquals(expected, out);
      }
      // Map 0 measured the row cost (chunks of several rows), maps 1 and 2 went one row at a time
      // in row order and were timed, map 3 was ordered by map 1's costs.
      assertEquals(Set.of(5, 9), Set.copyOf(started.subList(0, 2)), "" + started);
    }
  }

  @Test
  void theFirstFailingRowIsReported() {
    LogProbability lp =
        x -> {
          if (x[0] >= 5) {
            throw new IllegalStateException("row " + (int) x[0]);
          }
          return 0;
        };
    try (InterruptiblePool pool = new InterruptiblePool(3, false, 0)) {
      double[] in = new double[12];
      for (int i = 0; i < 12; i++) {
        in[i] = i;
      }
      EvaluationException e =
          assertThrows(EvaluationException.class, () -> pool.map(lp, in, 1, 12, new double[12], 1));
      assertEquals(5, e.getIndex());
      assertTrue(e.getLocation().startsWith("thread "), e.getLocation());
      // The pool stays usable after a failure.
      double[] out = new double[3];
      pool.map((LogProbability) x -> 1, in, 1, 3, out, 1);
      assertArrayEquals(new double[] {1, 1, 1}, out);
    }
  }

  @Test
  void cheapBatchesStayOnTheCallingThreadAndCostlyOnesUseThePool() {
    java.util.Set<String> cheap = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.Set<String> costly = java.util.concurrent.ConcurrentHashMap.newKeySet();
    double[] in = new double[64];
    try (InterruptiblePool pool = new InterruptiblePool(2, false)) {
      for (int i = 0; i < 5; i++) {
        pool.map(
            (LogProbability)
                x -> {
                  cheap.add(Thread.currentThread().getName());
                  return 0;
                },
            in,
            1,
            64,
            new double[64],
            1);
      }
      for (int i = 0; i < 3; i++) {
        pool.map(
            (LogProbability)
                x -> {
                  costly.add(Thread.currentThread().getName());
                  long end = System.nanoTime() + 50_000;
                  while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                  }
                  return 0;
                },
            in,
            1,
            64,
            new double[64],
            1);
      }
    }
    // The first cheap batch runs on the threads (no measurement yet), the rest on the caller;
    // costly ones (about 3 ms a batch) go back to the threads once measured.
    assertTrue(cheap.contains(Thread.currentThread().getName()));
    assertEquals(2, costly.size(), costly::toString);
  }

  @Test
  void closingTwiceIsHarmlessAndAClosedPoolRefusesWork() {
    InterruptiblePool pool = new InterruptiblePool(2);
    pool.close();
    pool.close();
    PoolException e =
        assertThrows(
            PoolException.class,
            () -> pool.map((LogProbability) x -> 0, new double[2], 1, 2, new double[2], 1));
    assertEquals("EMCEE-P005", e.getCode());
  }

  private static long poolThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("emcee-local-") && t.isAlive())
        .count();
  }

  @Test
  void threadsAreDaemonsAndGoneAfterClose() {
    long before = poolThreads();
    InterruptiblePool pool = new InterruptiblePool(3);
    assertEquals(0, pool.getLiveThreads(), "threads start on the first map");
    pool.map((LogProbability) x -> x[0], new double[8], 1, 8, new double[8], 1);
    assertEquals(2, pool.getLiveThreads());
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("emcee-local-"))
            .allMatch(Thread::isDaemon));
    pool.close();
    assertEquals(0, pool.getLiveThreads());
    assertEquals(before, poolThreads());
  }

  @Test
  void anInterruptStopsTheBatchAndTheThreadsAndTheNextMapRestartsThem() throws Exception {
    try (InterruptiblePool pool = new InterruptiblePool(2, false)) {
      java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
      LogProbability slow =
          x -> {
            started.countDown();
            long end = System.nanoTime() + 20_000_000L;
            while (System.nanoTime() < end) {
              Thread.onSpinWait();
            }
            return x[0];
          };
      Thread caller = Thread.currentThread();
      Thread interrupter =
          new Thread(
              () -> {
                try {
                  started.await();
                  Thread.sleep(30);
                } catch (InterruptedException e) {
                  return;
                }
                caller.interrupt();
              });
      interrupter.start();
      double[] in = new double[40];
      io.emcee.api.RunInterruptedException e =
          assertThrows(
              io.emcee.api.RunInterruptedException.class,
              () -> pool.map(slow, in, 1, 40, new double[40], 1));
      assertTrue(Thread.interrupted(), "the interrupt flag is restored");
      interrupter.join();
      assertEquals("EMCEE-R001", e.getCode());
      assertEquals(0, pool.getLiveThreads(), "the pool's threads are stopped");
      double[] out = new double[4];
      pool.map((LogProbability) x -> x[0] + 1, new double[] {1, 2, 3, 4}, 1, 4, out, 1);
      assertArrayEquals(new double[] {2, 3, 4, 5}, out);
      assertEquals(1, pool.getLiveThreads(), "threads restart on the next map");
    }
  }

  /** 50 µs a row: always worth the pool's threads. */
  private static final LogProbability COSTLY =
      x -> {
        long end = System.nanoTime() + 50_000;
        while (System.nanoTime() < end) {
          Thread.onSpinWait();
        }
        return 2 * x[0];
      };

  private static void mapCostly(InterruptiblePool pool) {
    double[] in = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    double[] out = new double[12];
    pool.map(COSTLY, in, 1, 12, out, 1);
    for (int i = 0; i < 12; i++) {
      assertEquals(2 * in[i], out[i]);
    }
  }

  /** Spins (sleeping would end at once with the interrupt flag set) until the threads are gone. */
  private static int liveThreadsAfterWaiting(InterruptiblePool pool) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (pool.getLiveThreads() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return pool.getLiveThreads();
  }

  @Test
  void anInterruptBetweenBatchesStopsTheIdleThreads() {
    try (InterruptiblePool pool = new InterruptiblePool(3, false)) {
      mapCostly(pool);
      assertEquals(2, pool.getLiveThreads());
      // As when the sampler notices an interrupt at a step boundary: the pool sees no map.
      Thread.currentThread().interrupt();
      int live = liveThreadsAfterWaiting(pool);
      assertTrue(Thread.interrupted(), "the flag is the sampler's to clear");
      assertEquals(0, live, "idle threads leave once the sampling thread is interrupted");
      mapCostly(pool);
      assertEquals(2, pool.getLiveThreads(), "threads restart on the next map");
    }
  }

  @Test
  void whenTheSamplingThreadEndsItsIdleThreadsLeave() throws Exception {
    try (InterruptiblePool pool = new InterruptiblePool(3, false)) {
      Thread sampling = new Thread(() -> mapCostly(pool));
      sampling.start();
      sampling.join();
      assertEquals(0, liveThreadsAfterWaiting(pool));
      mapCostly(pool);
      assertEquals(2, pool.getLiveThreads());
    }
  }

  @Test
  void anUnclosedUnreachablePoolStopsItsThreads() throws Exception {
    long before = poolThreads();
    startAndDrop();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (poolThreads() > before && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(50);
    }
    assertEquals(before, poolThreads(), "the cleaner stops the threads of a dropped pool");
  }

  private static void startAndDrop() {
    InterruptiblePool pool = new InterruptiblePool(3, false);
    pool.map((LogProbability) x -> x[0], new double[8], 1, 8, new double[8], 1);
  }

  @Test
  void unevenCostsAreSpreadOverTheThreads() {
    // Rows 0..15 are slow, the rest trivial: with one half per thread the first thread would do
    // all slow rows; chunks of 8 taken from a shared counter let both threads take some.
    java.util.Set<String> threadsOnSlowRows = java.util.concurrent.ConcurrentHashMap.newKeySet();
    LogProbability uneven =
        x -> {
          if (x[0] < 16) {
            threadsOnSlowRows.add(Thread.currentThread().getName());
            long end = System.nanoTime() + 5_000_000L;
            while (System.nanoTime() < end) {
              Thread.onSpinWait();
            }
          }
          return x[0];
        };
    double[] in = new double[64];
    for (int i = 0; i < 64; i++) {
      in[i] = i;
    }
    try (InterruptiblePool pool = new InterruptiblePool(2, false)) {
      double[] out = new double[64];
      pool.map(uneven, in, 1, 64, out, 1);
      assertArrayEquals(in, out);
      assertEquals(2, threadsOnSlowRows.size(), threadsOnSlowRows::toString);
    }
  }
}
