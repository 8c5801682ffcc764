package io.emcee.pool.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.spi.support.RecentFigure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the master chooses between balancing a map and fixed shares by each way's time per row. */
class MpiWayTest {
  private static final int ROWS = 50;

  /** Maps each way runs at first: one not counted, then enough to be known. */
  private static final int START = 1 + RecentFigure.FIRST;

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
  void measuresBothWaysInTurnBalancingFirstUntilEachIsKnown() {
    MpiWay way = new MpiWay();
    for (int i = 0; i < 1 + RecentFigure.FIRST; i++) { // the first map of each is not counted
      for (boolean balanced : new boolean[] {true, false}) {
        assertEquals(balanced, way.balanceNext(), "map " + i + " of each");
        way.took(balanced, 40_000_000L, ROWS);
      }
    }
    assertTrue(way.balanceNext(), "as fast a row: balancing stays");
  }

  /**
   * A first balanced map that ran with no prediction, on code not yet compiled everywhere, can take
   * several times the next ones; counted, it kept fixed shares (1.7 times slower a row, as with a
   * few slow rows on 17 ranks) for about 180 of 320 maps.
   */
  @Test
  void aSlowFirstBalancedMapDoesNotKeepBalancingOut() {
    MpiWay way = new MpiWay();
    assertTrue(way.balanceNext());
    way.took(true, 6_000_000L * ROWS, ROWS);
    int maps = 320;
    int fixed = maps - 1 - balancedMaps(way, maps - 1, 1_000_000L, 1_700_000L);
    assertEquals(START + 1, fixed, "fixed shares' first maps, then one in 256");
  }

  @Test
  void oneStretchedBalancedMapDoesNotHandTheMapsToFixedShares() {
    MpiWay way = new MpiWay();
    balancedMaps(way, 100, 1_000_000L, 1_700_000L);
    assertTrue(way.balanceNext());
    way.took(true, 20_000_000L * ROWS, ROWS); // a collection, a kernel thread on the core
    int balanced = balancedMaps(way, 100, 1_000_000L, 1_700_000L);
    assertTrue(balanced >= 99, "balanced maps after the stretched one: " + balanced);
  }

  @Test
  void fixedSharesATenthFasterReplaceBalancingWhichIsTriedOneMapInThirtyTwo() {
    MpiWay way = new MpiWay();
    // 1.2 ms against 1.0 ms a row, as when a dispatcher stretches a computing model's rows
    int balanced = balancedMaps(way, 2 * START + 32 * 10, 1_200_000L, 1_000_000L);
    assertEquals(START + 10, balanced, "its first maps, then one in 32");
  }

  /**
   * While balancing is the faster way, or fixed shares not a tenth faster, fixed shares run their
   * first maps, in turn with balancing's, and then one in 256.
   */
  @ParameterizedTest
  @CsvSource({
    "950000, 2", // fixed shares a little faster: not enough to replace balancing
    "2000000, 4" // rows that truly differ: fixed shares wait for the slowest one
  })
  void balancingStaysUnlessFixedSharesAreATenthFaster(long fixedPerRow, int rounds) {
    int maps = 2 * START + 256 * rounds;
    int fixed = maps - balancedMaps(new MpiWay(), maps, 1_000_000L, fixedPerRow);
    assertEquals(START + rounds, fixed, "its first maps, then one in 256");
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
    assertFalse(way.balanceNext(), "fixed shares are measured again too");
  }

  @Test
  void mapsThatFailedMeasuredNothingButTheWaysStillTakeTurns() {
    MpiWay way = new MpiWay();
    for (int i = 0; i < 3; i++) {
      assertTrue(way.balanceNext()); // and the map throws: took() is not called
      assertFalse(way.balanceNext());
    }
  }

  @Test
  void aMapOfNoRowsOrNoTimeTeachesNothing() {
    MpiWay way = new MpiWay();
    way.took(true, 0, ROWS);
    way.took(true, 1_000_000L, 0);
    // Had either counted as balancing's first map, its fourth would not be needed: B F B F B F F.
    for (int i = 0; i < START; i++) {
      for (boolean balanced : new boolean[] {true, false}) {
        assertEquals(balanced, way.balanceNext(), "map " + i + " of each");
        way.took(balanced, 1_000_000L * ROWS, ROWS);
      }
    }
  }
}
