package io.emcee.api.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.spi.support.MapChoice.Way;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MapChoiceTest {

  /** What a map costs each way, as a ratio of its time to the ideal, with 4 processes. */
  private static void run(MapChoice choice, Map<Way, Double> ratios, boolean balances, int maps) {
    for (int i = 0; i < maps; i++) {
      Way way = choice.next(balances);
      double work = 4e7; // 40 ms of rows on 4 processes: 10 ms ideal
      choice.took(way, Math.round(1e7 * ratios.get(way)), work, 4);
    }
  }

  private static Map<Way, Double> ratios(double equal, double cost, double balanced) {
    Map<Way, Double> m = new EnumMap<>(Way.class);
    m.put(Way.EQUAL_SHARES, equal);
    m.put(Way.COST_SHARES, cost);
    m.put(Way.BALANCED, balanced);
    return m;
  }

  @Test
  void theWaysAreMeasuredInTurnThenTheCheapestRunsAndTheOthersOneMapInThirtyTwo() {
    MapChoice choice = new MapChoice(null);
    long[] nanos = {12_000_000, 11_000_000, 13_000_000};
    int start = 1 + RecentFigure.FIRST;
    for (int i = 0; i < start; i++) {
      for (Way way : Way.values()) {
        assertEquals(way, choice.next(true), "map " + i + " of each");
        // the first map of a way pays for what only a first map does: not counted
        choice.took(way, i == 0 ? 5 * nanos[way.ordinal()] : nanos[way.ordinal()], 4e7, 4);
      }
    }
    assertEquals(1.2, choice.ratio(Way.EQUAL_SHARES), 1e-9, "12 ms for an ideal of 10");
    run(choice, ratios(1.2, 1.1, 1.3), true, 3 * MapChoice.TRY_EVERY - 3 * start);
    // then one in every 32 each: maps 16, 48 and 80 one of them, 32 and 64 the other
    long equal = choice.maps(Way.EQUAL_SHARES);
    long balanced = choice.maps(Way.BALANCED);
    assertTrue(equal >= start + 2 && equal <= start + 3, "equal shares: " + equal);
    assertTrue(balanced >= start + 2 && balanced <= start + 3, "balanced: " + balanced);
    assertEquals(3 * MapChoice.TRY_EVERY - equal - balanced, choice.maps(Way.COST_SHARES));
  }

  @Test
  void aMapThatFailedMeasuredNothingButTheNextWayStillGetsItsTurn() {
    MapChoice choice = new MapChoice(null);
    for (int i = 0; i < 2; i++) {
      for (Way way : Way.values()) {
        assertEquals(way, choice.next(true)); // and the map throws: took() is not called
      }
    }
    assertTrue(Double.isNaN(choice.ratio(Way.BALANCED)));
  }

  @Test
  void oneStretchedMapOfTheBestWayDoesNotHandTheMapsToAnother() {
    MapChoice choice = new MapChoice(null);
    run(choice, ratios(1.6, 1.2, 1.3), true, 64);
    choice.took(Way.COST_SHARES, 100_000_000, 4e7, 4); // 10 times the ideal: a kernel thread, say
    assertEquals(1.2, choice.ratio(Way.COST_SHARES), 1e-9, "the median of its last five");
    long cost = choice.maps(Way.COST_SHARES);
    run(choice, ratios(1.6, 1.2, 1.3), true, MapChoice.TRY_EVERY);
    assertTrue(choice.maps(Way.COST_SHARES) - cost >= MapChoice.TRY_EVERY - 2);
  }

  @Test
  void aWayThatBecomesCheaperIsFoundAgain() {
    MapChoice choice = new MapChoice(null);
    run(choice, ratios(1.2, 1.1, 1.3), true, 64);
    long balanced = choice.maps(Way.BALANCED);
    // balanced maps become cheaper (messages measured quicker, say): after a few tries they run
    run(choice, ratios(1.2, 1.1, 1.0), true, 8 * MapChoice.TRY_EVERY);
    assertTrue(choice.ratio(Way.BALANCED) < choice.ratio(Way.COST_SHARES));
    assertTrue(choice.maps(Way.BALANCED) > balanced + 2 * MapChoice.TRY_EVERY);
    balanced = choice.maps(Way.BALANCED);
    run(choice, ratios(1.2, 1.1, 1.0), true, MapChoice.TRY_EVERY);
    assertEquals(MapChoice.TRY_EVERY - 2, choice.maps(Way.BALANCED) - balanced, "all but 2 tries");
  }

  @Test
  void mapsTooFewOrCheapForBalancingAreNeverBalanced() {
    MapChoice choice = new MapChoice(null);
    run(choice, ratios(1.05, 1.2, 0.5), false, 100);
    assertEquals(0, choice.maps(Way.BALANCED));
    assertTrue(choice.maps(Way.EQUAL_SHARES) > 90, "equal shares cost least");
    assertEquals(Way.COST_SHARES, new MapChoice(Way.BALANCED).next(false), "pinned, not possible");
  }

  @Test
  void aMapWithNoTimedRowsTeachesNothing() {
    MapChoice choice = new MapChoice(null);
    choice.took(Way.BALANCED, 5_000_000, 4e7, 4); // the first: not counted
    choice.took(Way.BALANCED, 5_000_000, 0, 4);
    assertTrue(Double.isNaN(choice.ratio(Way.BALANCED)));
    choice.took(Way.BALANCED, 5_000_000, 4e7, 4);
    assertEquals(0.5, choice.ratio(Way.BALANCED), 1e-9);
    choice.forget();
    assertTrue(Double.isNaN(choice.ratio(Way.BALANCED)), "forgotten for a new function");
  }

  @Test
  void aPinnedWayRunsEveryMap() {
    MapChoice choice = new MapChoice(Way.BALANCED);
    run(choice, ratios(1.0, 1.0, 2.0), true, 40);
    assertEquals(40, choice.maps(Way.BALANCED));
  }

  @Test
  void aMisspelledPinIsRefusedWithTheWaysThatExist() {
    String before = System.getProperty("emcee.mapWay");
    System.setProperty("emcee.mapWay", "balance");
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, MapChoice::new);
      assertTrue(e.getMessage().contains("emcee.mapWay is 'balance'"), e.getMessage());
      assertTrue(e.getMessage().contains("equal, cost, balanced or auto"), e.getMessage());
      System.setProperty("emcee.mapWay", " Cost ");
      assertEquals(Way.COST_SHARES, new MapChoice().next(true));
      System.setProperty("emcee.mapWay", " AUTO ");
      assertEquals(Way.EQUAL_SHARES, new MapChoice().next(true), "auto: the first untried way");
    } finally {
      if (before == null) {
        System.clearProperty("emcee.mapWay");
      } else {
        System.setProperty("emcee.mapWay", before);
      }
    }
  }
}
