package io.emcee.api.spi.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RowCostsTest {

  @Test
  void predictsFromTheMapOnePeriodBackSlowestFirstTiesInRowOrder() {
    RowCosts costs = new RowCosts(2);
    int[] order = new int[5];
    assertFalse(costs.order(5, order), "nothing recorded yet");
    costs.record(new long[] {10, 50, 10, 70, 5}, 5); // map 0 (one half)
    assertFalse(costs.order(5, order), "map 1 is the other half: nothing recorded for it");
    costs.record(new long[] {1, 2, 3, 4, 5}, 5); // map 1 (the other half)
    assertTrue(costs.order(5, order));
    assertArrayEquals(new int[] {3, 1, 0, 2, 4}, order, "map 2 is ordered by map 0's costs");
    costs.record(new long[] {0, 0, 0, 0, 0}, 5); // map 2
    assertTrue(costs.order(5, order));
    assertArrayEquals(new int[] {4, 3, 2, 1, 0}, order, "map 3 by map 1's");
  }

  @Test
  void aMapOfAnotherSizeHasNoPredictionAndClearForgets() {
    RowCosts costs = new RowCosts(1);
    costs.record(new long[] {3, 2, 1}, 3);
    int[] order = new int[4];
    assertFalse(costs.order(4, order));
    assertTrue(costs.order(3, order));
    costs.clear();
    assertFalse(costs.order(3, order));
  }

  @Test
  void negativeAndHugeCostsStayOrdered() {
    RowCosts costs = new RowCosts(1);
    costs.record(new long[] {-5, Long.MAX_VALUE, 7, Long.MAX_VALUE / 2}, 4);
    int[] order = new int[4];
    assertTrue(costs.order(4, order));
    assertArrayEquals(new int[] {1, 3, 2, 0}, order, "beyond the cap costs tie, in row order");
    assertThrows(IllegalArgumentException.class, () -> new RowCosts(0));
  }
}
