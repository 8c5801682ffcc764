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
  void resultsAreInInputOrderForEveryChunking() {
    LogProbability lp = x -> x[0] * 10 + x[1];
    for (int threads = 1; threads <= 5; threads++) {
      try (InterruptiblePool pool = new InterruptiblePool(threads)) {
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
  void theFirstFailingRowIsReported() {
    LogProbability lp =
        x -> {
          if (x[0] >= 5) {
            throw new IllegalStateException("row " + (int) x[0]);
          }
          return 0;
        };
    try (InterruptiblePool pool = new InterruptiblePool(3)) {
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
}
