package io.emcee.api.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChunkPlanTest {

  /** A plan whose rows cost 1 ms and whose messages 100 µs. */
  private static ChunkPlan plan() {
    ChunkPlan plan = new ChunkPlan(100_000);
    plan.ownRows(1_000_000, 1);
    return plan;
  }

  @Test
  void slowRowsTimedByTheWorkerDoNotPassForSlowMessages() {
    ChunkPlan timed = plan();
    ChunkPlan untimed = plan();
    long[] rowNanos = {10_000_000, 10_000_000};
    for (int i = 0; i < 20; i++) {
      // two 10 ms rows answered after 20.1 ms
      timed.remoteRows(20_100_000, 0, 2, rowNanos);
      untimed.remoteRows(20_100_000, 2);
    }
    assertEquals(100_000, timed.messageNanos(), 1_000, "the message alone");
    // without the rows' times they look like slow messages (the estimate rises 5 % a chunk)
    assertTrue(untimed.messageNanos() > 2 * timed.messageNanos(), "" + untimed.messageNanos());
  }

  @Test
  void quickRowsTimedByTheWorkerKeepTheBoundOfTheCallersMeanRow() {
    ChunkPlan timed = plan();
    long[] rowNanos = {100_000, 100_000};
    for (int i = 0; i < 20; i++) {
      // two rows of 0.1 ms (ten times quicker than the caller's mean) answered after 1.4 ms
      timed.remoteRows(1_400_000, 0, 2, rowNanos);
    }
    assertEquals(0, timed.messageNanos(), 1_000, "1.4 ms less two mean rows of 1 ms: nothing");
  }

  @Test
  void rowsOfUnknownCostAreJudgedByTheCallersMeanRow() {
    ChunkPlan timed = plan();
    ChunkPlan untimed = plan();
    long[] rowNanos = {-1, 5_000_000};
    for (int i = 0; i < 20; i++) {
      timed.remoteRows(3_000_000, 0, 2, rowNanos);
      untimed.remoteRows(3_000_000, 2);
    }
    assertEquals(untimed.messageNanos(), timed.messageNanos());
  }

  @Test
  void oneRowStretchedByTheMachineDoesNotSwitchBalancingOn() {
    ChunkPlan plan = plan();
    plan.newFunction();
    for (int i = 0; i < 40; i++) {
      plan.oneRow(i == 20 ? 8_000_000 : 1_000_000); // one 1 ms row preempted for 7 ms
    }
    assertEquals(0, plan.spread(), 1e-9, "the stretched row is left out");
    assertEquals(false, plan.pays(64, 9));
    for (int i = 0; i < 40; i++) {
      plan.oneRow(i % 10 == 3 ? 5_000_000 : 1_000_000); // one row in ten five times slower
    }
    assertTrue(plan.spread() > 0.5, "rows slow for their coordinates: " + plan.spread());
    assertEquals(true, plan.pays(64, 9));
  }

  @Test
  void oneBatchStretchedByThePauseOfTheMachineDoesNotMakeCheapRowsLookCostly() {
    ChunkPlan plan = new ChunkPlan(100_000);
    plan.ownRows(8_000, 8); // 1 µs a row
    plan.ownRows(5_000_000, 8); // the same rows, preempted for 5 ms
    assertEquals(2_000, plan.rowNanos(), 1e-9, "at most doubled");
    assertEquals(false, plan.timesEachRow());
    for (int i = 0; i < 10; i++) {
      plan.ownRows(400_000, 8); // the function really costs 50 µs a row: followed within batches
    }
    assertTrue(plan.timesEachRow(), "" + plan.rowNanos());
  }
}
