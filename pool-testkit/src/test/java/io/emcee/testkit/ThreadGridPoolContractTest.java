package io.emcee.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EvaluationException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The contract kit proven on a backend written on the grid pool kit: members on threads. */
class ThreadGridPoolContractTest extends PoolContract {

  @Override
  protected Pool master() {
    return new ThreadGridPool(true, 3);
  }

  @Override
  protected Pool masterAlone() {
    return new ThreadGridPool(true, 0);
  }

  @Override
  protected @Nullable Pool worker() {
    return new ThreadGridPool(false, 0);
  }

  /** Rows 30-44 of 60 are the second member's quarter. */
  @Override
  protected void checkFailureLocation(String location) {
    assertEquals("thread member 2", location);
  }

  @Override
  protected boolean shipsFunctions() {
    return true;
  }

  @Override
  protected boolean killOneWorker(Pool master) {
    try {
      ((ThreadGridPool) master).kill(1);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return true;
  }

  /** Waits {@code nanos} without using a core (parking may overshoot, never undershoot). */
  private static void waitFor(long nanos) {
    long end = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /**
   * Rows costing 1 ms where x0 is negative and up to 3 ms as x0 grows towards 2: enough for maps of
   * 20 rows on 4 processes to be balanced from the first guess of what a message costs (0.5 ms, so
   * chunks of 2 rows; with rows under 1 ms they would need 3, and maps keep fixed shares).
   */
  private static final LogProbability RAMP =
      x -> {
        waitFor(1_000_000L + (long) (1_000_000 * Math.min(2, Math.max(0, x[0]))));
        return -0.5 * (x[0] * x[0] + x[1] * x[1]);
      };

  @Test
  void rowsHandedOutSlowestFirstStillGiveTheSerialChain() {
    Random r = new Random(31);
    double[][] start = new double[40][2];
    for (double[] w : start) {
      w[0] = r.nextGaussian();
      w[1] = r.nextGaussian();
    }
    Sampler serial = Sampler.builder().seed(41).build();
    serial.run(new Ensemble(RAMP, start, Pools.serial()), 12);
    ThreadGridPool pool = new ThreadGridPool(true, 3);
    try (pool) {
      Sampler here = Sampler.builder().seed(41).build();
      here.run(new Ensemble(RAMP, start, pool), 12);
      // every way a map of rows that differ in cost can run was measured, and the chain is the same
      assertTrue(pool.getMapsInCostOrder() > 0, "some maps were handed out in predicted order");
      assertTrue(pool.getMapsInCostShares() > 0, "some maps were shared out by predicted cost");
      assertTrue(pool.getMapsInEqualShares() > 0, "some maps went out in equal, timed shares");
      assertTrue(java.util.Arrays.deepEquals(serial.getCoords(), here.getCoords()), "coordinates");
      assertTrue(
          java.util.Arrays.deepEquals(serial.getLogProbability(), here.getLogProbability()),
          "log-probabilities");
    }
  }

  /**
   * Rows cost 0.5 ms plus 60 µs per unit of x0 (0.5 to 2.4 ms: dear enough that balancing pays for
   * its messages even when a loaded machine makes them slow); rows at x0 = 5.5 and 20.5 fail.
   */
  private static final LogProbability FAILS_TWICE =
      x -> {
        if (x[0] == 5.5 || x[0] == 20.5) {
          throw new IllegalStateException("bad row " + x[0]);
        }
        waitFor(500_000L + (long) (60_000 * x[0]));
        return x[0];
      };

  /**
   * Of two failing rows, the one predicted slower comes first in the handed-out order, yet the pool
   * reports the lower walker, as the serial pool would.
   */
  @Test
  void ofTwoFailingRowsReorderedByCostTheLowerWalkerIsReported() {
    int n = 32;
    ThreadGridPool pool = new ThreadGridPool(true, 3);
    try (pool) {
      double[] shuffled = new double[n];
      for (int i = 0; i < n; i++) {
        shuffled[i] = i + 0.25;
      }
      Random r = new Random(5);
      double[] out = new double[n];
      for (int map = 0; map < 12; map++) {
        for (int i = n - 1; i > 0; i--) {
          int j = r.nextInt(i + 1);
          double t = shuffled[i];
          shuffled[i] = shuffled[j];
          shuffled[j] = t;
        }
        pool.map(FAILS_TWICE, shuffled, 1, n, out, 1);
      }
      assertTrue(pool.getMapsInCostOrder() > 0, "the training maps were balanced and ordered");
      double[] ascending = new double[n];
      for (int i = 0; i < n; i++) {
        ascending[i] = i + 0.5; // predicted slowest last: handed out in reverse
      }
      // Whichever way the pool runs a map (the one that cost least lately, the others now and
      // then), the lower walker is reported; repeated until a failing map ran in cost order.
      long ordered = pool.getMapsInCostOrder();
      for (int attempt = 0; attempt < 3 * 32 && pool.getMapsInCostOrder() == ordered; attempt++) {
        EvaluationException e =
            assertThrows(
                EvaluationException.class,
                () -> pool.map(FAILS_TWICE, ascending, 1, n, new double[n], 1));
        assertEquals(5, e.getIndex(), e.getMessage());
        assertTrue(e.getCauseDescription().contains("bad row 5.5"), e.getCauseDescription());
      }
      assertTrue(pool.getMapsInCostOrder() > ordered, "a failing map ran in cost order");
    }
  }

  /**
   * Rows of 50 µs where x0 is negative and up to 350 µs as x0 grows towards 2: too cheap for
   * balancing to pay for a message (first taken as 0.5 ms), but different enough to be shared out
   * by predicted cost. Rows at x0 = 3.75 and 4 fail.
   */
  private static final LogProbability CHEAP_RAMP =
      x -> {
        if (x[0] == 3.75 || x[0] == 4.0) {
          throw new IllegalStateException("bad row " + x[0]);
        }
        waitFor(50_000L + (long) (150_000 * Math.min(2, Math.max(0, x[0]))));
        return -0.5 * (x[0] * x[0] + x[1] * x[1]);
      };

  @Test
  void sharesOfEqualPredictedCostStillGiveTheSerialChain() {
    Random r = new Random(7);
    double[][] start = new double[40][2];
    for (double[] w : start) {
      w[0] = r.nextGaussian();
      w[1] = r.nextGaussian();
    }
    Sampler serial = Sampler.builder().seed(43).build();
    serial.run(new Ensemble(CHEAP_RAMP, start, Pools.serial()), 12);
    ThreadGridPool pool = new ThreadGridPool(true, 3);
    try (pool) {
      Sampler here = Sampler.builder().seed(43).build();
      here.run(new Ensemble(CHEAP_RAMP, start, pool), 12);
      assertTrue(pool.getMapsInCostShares() > 0, "some maps were shared out by predicted cost");
      assertEquals(0, pool.getMapsInCostOrder(), "no map was balanced");
      assertTrue(java.util.Arrays.deepEquals(serial.getCoords(), here.getCoords()), "coordinates");
      assertTrue(
          java.util.Arrays.deepEquals(serial.getLogProbability(), here.getLogProbability()),
          "log-probabilities");
      // Two failing rows, the slower one (predicted first) at the higher walker.
      double[] in = new double[2 * 20];
      for (int i = 0; i < 20; i++) {
        in[2 * i] = i == 4 ? 3.75 : i == 15 ? 4.0 : (i % 5) * 0.4;
      }
      long shared = pool.getMapsInCostShares();
      for (int attempt = 0; attempt < 3 * 32 && pool.getMapsInCostShares() == shared; attempt++) {
        EvaluationException e =
            assertThrows(
                EvaluationException.class,
                () -> pool.map(CHEAP_RAMP, in, 2, 20, new double[20], 1));
        assertEquals(4, e.getIndex(), e.getMessage());
        assertTrue(e.getCauseDescription().contains("bad row 3.75"), e.getCauseDescription());
      }
      assertTrue(pool.getMapsInCostShares() > shared, "a failing map was shared by cost");
    }
  }
}
