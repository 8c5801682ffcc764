package io.emcee.pool.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the master chooses between balancing a map and fixed shares by each way's time per row. */
class MpiWayTest {
  private static final int ROWS = 50;

  /** Runs {@code maps} maps, each way taking its time per row, and counts the balanced ones. */
  private static int balancedMaps(MpiWay way, int maps, long balancedPerRow, long fixedPerRow) {
    int balanced = 0;
    for (int i = 0; i < maps; i++) {
      boolean b = way.balanceNext();
      balanced += b ? 1 : 0;
      way.took(b, (b ? balancedPerRow : fixedPerRow) * ROWS, ROWS);
    }
    return balanced;
  }

  @Test
  void measuresBalancingFirstThenFixedShares() {
    MpiWay way = new MpiWay();
    assertTrue(way.balanceNext());
    way.took(true, 40_000_000L, ROWS);
    assertFalse(way.balanceNext());
  }

  @Test
  void fixedSharesATenthFasterReplaceBalancingWhichIsTriedOneMapInThirtyTwo() {
    MpiWay way = new MpiWay();
    // 1.2 ms against 1.0 ms a row, as when a dispatcher stretches a computing model's rows
    int balanced = balancedMaps(way, 2 + 32 * 10, 1_200_000L, 1_000_000L);
    assertEquals(1 + 10, balanced, "the first map, then one in 32");
  }

  /**
   * While balancing is the faster way, or fixed shares not a tenth faster, fixed shares run the
   * second map and then one in 256.
   */
  @ParameterizedTest
  @CsvSource({
    "950000, 2", // fixed shares a little faster: not enough to replace balancing
    "2000000, 4" // rows that truly differ: fixed shares wait for the slowest one
  })
  void balancingStaysUnlessFixedSharesAreATenthFaster(long fixedPerRow, int rounds) {
    int maps = 2 + 256 * rounds;
    int fixed = maps - balancedMaps(new MpiWay(), maps, 1_000_000L, fixedPerRow);
    assertEquals(1 + rounds, fixed, "the second map, then one in 256");
  }

  @Test
  void followsFixedSharesOnceBalancingBecameSlower() {
    MpiWay way = new MpiWay();
    balancedMaps(way, 100, 1_000_000L, 1_100_000L); // balancing wins
    int balanced = balancedMaps(way, 256, 1_300_000L, 1_100_000L); // now fixed shares win
    assertTrue(balanced < 40, "balanced maps after the change: " + balanced);
  }

  @Test
  void aNewFunctionIsMeasuredAgain() {
    MpiWay way = new MpiWay();
    balancedMaps(way, 100, 2_000_000L, 1_000_000L);
    way.forget();
    assertTrue(way.balanceNext());
    way.took(true, 1_000_000L * ROWS, ROWS);
    assertFalse(way.balanceNext());
  }

  @Test
  void aMapOfNoRowsOrNoTimeTeachesNothing() {
    MpiWay way = new MpiWay();
    assertTrue(way.balanceNext());
    way.took(true, 0, ROWS);
    way.took(true, 1_000_000L, 0);
    assertTrue(way.balanceNext(), "balancing is still unmeasured");
  }
}
