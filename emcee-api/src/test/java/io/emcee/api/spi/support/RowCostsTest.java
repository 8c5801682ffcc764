package io.emcee.api.spi.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RowCostsTest {

  /** 2-D points with x0 = 0, 1, ..., n - 1 and x1 alternating; cost grows with x0. */
  private static double[] line(int n, double shift) {
    double[] p = new double[2 * n];
    for (int i = 0; i < n; i++) {
      p[2 * i] = i + shift;
      p[2 * i + 1] = i % 2;
    }
    return p;
  }

  @Test
  void ordersRowsByTheCostOfTheNearestTimedPointsSlowestFirst() {
    RowCosts costs = new RowCosts(2);
    int[] order = new int[4];
    double[] next = {0.1, 0, 29.9, 1, 15.2, 0, 7.6, 1};
    assertFalse(costs.order(next, 2, 4, order), "nothing recorded yet");
    long[] nanos = new long[30];
    for (int i = 0; i < 30; i++) {
      nanos[i] = 1000L * (i + 1);
    }
    costs.record(line(30, 0), 2, nanos, 30);
    assertTrue(costs.order(next, 2, 4, order));
    assertArrayEquals(new int[] {1, 2, 3, 0}, order, "slowest region first");
    long[] predicted = new long[4];
    assertTrue(costs.order(next, 2, 4, order, predicted));
    for (int k = 1; k < 4; k++) {
      assertTrue(predicted[k] <= predicted[k - 1], "predicted costs in the order's positions");
    }
    assertTrue(predicted[0] > 25_000 && predicted[3] < 5_000, java.util.Arrays.toString(predicted));
  }

  @Test
  void pointsOfUnknownCostAreLeftOutAndBothRecordedMapsCount() {
    RowCosts costs = new RowCosts(2);
    // map 0: slow points near x0 = 0 but their costs are unknown; map 1: fast there, slow at 10
    costs.record(new double[] {0, 0, 0.1, 0}, 2, new long[] {-1, -1}, 2);
    costs.record(new double[] {0, 0, 10, 0, 5, 1}, 2, new long[] {10, 1000, 500}, 3);
    int[] order = new int[3];
    assertTrue(costs.order(new double[] {0.05, 0, 9.9, 0, 5.1, 1}, 2, 3, order));
    assertArrayEquals(new int[] {1, 2, 0}, order);
    costs.record(new double[] {9.9, 0, 10.1, 0}, 2, new long[] {1, 1}, 2); // replaces map 0
    assertTrue(costs.order(new double[] {0.05, 0, 9.9, 0, 5.1, 1}, 2, 3, order));
    assertArrayEquals(new int[] {2, 0, 1}, order, "x0 = 9.9 was timed fast in the newest map");
  }

  @Test
  void equalPredictionsKeepRowOrder() {
    RowCosts costs = new RowCosts(1);
    costs.record(line(5, 0), 2, new long[] {7, 7, 7, 7, 7}, 5);
    int[] order = new int[5];
    assertTrue(costs.order(line(5, 0.5), 2, 5, order));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, order);
  }

  @Test
  void anotherWidthOrClearForgetsAndPaysOnlyForCostlyRows() {
    RowCosts costs = new RowCosts(2);
    costs.record(line(4, 0), 2, new long[] {3, 2, 1, 0}, 4);
    int[] order = new int[4];
    assertFalse(costs.order(new double[12], 3, 4, order), "points of another width");
    assertTrue(costs.order(line(4, 0), 2, 4, order));
    // 4 known points of width 2: a search costs about 8 ns a row, so rows must cost 400 ns
    assertTrue(costs.pays(400, 2));
    assertFalse(costs.pays(399, 2));
    assertFalse(costs.pays(Double.NaN, 2));
    costs.clear();
    assertFalse(costs.order(line(4, 0), 2, 4, order));
    assertFalse(costs.pays(1e9, 2), "nothing known");
    costs.record(line(4, 0), 2, new long[] {3, 2, 1, 0}, 4);
    assertTrue(costs.order(line(4, 0), 2, 4, order));
    double[] wider = new double[12];
    for (int i = 0; i < 12; i++) {
      wider[i] = i;
    }
    costs.record(wider, 3, new long[] {1, 2, 3, 4}, 4);
    assertTrue(costs.order(wider, 3, 4, order), "as many points, each wider");
    assertArrayEquals(new int[] {3, 2, 1, 0}, order);
    assertThrows(IllegalArgumentException.class, () -> new RowCosts(0));
  }

  @Test
  void aCostThatFollowsOneOfManyCoordinatesIsPredictedAlongIt() {
    // 20-D standard normal points; half of them (x0 > 0) cost four times the others
    int width = 20;
    int n = 64;
    java.util.Random random = new java.util.Random(11);
    RowCosts costs = new RowCosts(2);
    for (int map = 0; map < 2; map++) {
      double[] points = gaussian(random, n, width);
      long[] nanos = new long[n];
      for (int i = 0; i < n; i++) {
        nanos[i] = points[i * width] > 0 ? 4_000_000 : 1_000_000;
      }
      costs.record(points, width, nanos, n);
    }
    double[] next = gaussian(random, n, width);
    int slow = 0;
    for (int i = 0; i < n; i++) {
      slow += next[i * width] > 0 ? 1 : 0;
    }
    int[] order = new int[n];
    assertTrue(costs.order(next, width, n, order));
    int slowFirst = 0;
    for (int k = 0; k < slow; k++) {
      slowFirst += next[order[k] * width] > 0 ? 1 : 0;
    }
    // Weighting all 20 coordinates alike puts fewer slow ones first (23 of 27 with this seed).
    assertTrue(slowFirst >= 0.9 * slow, slowFirst + " of the first " + slow + " are slow");
  }

  @Test
  void aCostThatStepsUpAtABoundaryIsPredictedFromItsSideOfTheStep() {
    // 5-D standard normal points; the tail beyond x0 = 1.28 (about 10 %) costs five times the rest.
    // A slow row predicted cheap ends its share of a map late, so few may be.
    int width = 5;
    int n = 64;
    java.util.Random random = new java.util.Random(3);
    RowCosts costs = new RowCosts(RowCosts.MAPS);
    int[] order = new int[n];
    long[] predicted = new long[n];
    long[] nanos = new long[n];
    int slow = 0;
    int missed = 0;
    for (int map = 0; map < 60; map++) {
      double[] points = gaussian(random, n, width);
      for (int i = 0; i < n; i++) {
        nanos[i] = points[i * width] > 1.28 ? 10_000_000 : 2_000_000;
      }
      if (map >= RowCosts.MAPS) {
        assertTrue(costs.order(points, width, n, order, predicted));
        for (int k = 0; k < n; k++) {
          if (nanos[order[k]] > 2_000_000) {
            slow++;
            missed += predicted[k] < 6_000_000 ? 1 : 0;
          }
        }
      }
      costs.record(points, width, nanos, n);
    }
    // 1 of 346 with this seed; 14 without cubing the weights, 15 remembering two maps, 72 with
    // neither.
    assertTrue(missed <= 0.02 * slow, missed + " of " + slow + " slow rows predicted cheap");
  }

  @Test
  void rowsTooCheapToSearchEveryMapAreRankedByTheNewestMapsTheyPayFor() {
    RowCosts costs = new RowCosts(4);
    // The two older maps: very slow at x0 = 1; the two newest: slow at x0 = 3. Width 2, 4 points.
    for (int map = 0; map < 4; map++) {
      boolean newer = map >= 2;
      costs.record(line(4, 0), 2, newer ? new long[] {1, 1, 1, 9} : new long[] {1, 20, 1, 1}, 4);
    }
    int[] order = new int[4];
    // 50 ns per point and coordinate: 1600 ns pays for all 16 points, 800 for the newest 8
    assertTrue(costs.pays(1600, 2));
    assertTrue(costs.order(line(4, 0.1), 2, 4, order));
    assertEquals(1, order[0], "every map: x0 = 1 the slowest on average");
    assertTrue(costs.pays(800, 2));
    assertTrue(costs.order(line(4, 0.1), 2, 4, order));
    assertEquals(3, order[0], "the newest two maps only");
    assertTrue(costs.pays(400, 2), "the newest map alone");
    assertFalse(costs.pays(399, 2), "not even the newest map");
  }

  @Test
  void rowsWithCoordinatesThatAreNotFiniteArePredictedCheapest() {
    RowCosts costs = new RowCosts(2);
    long[] nanos = new long[30];
    for (int i = 0; i < 30; i++) {
      nanos[i] = 1000L * (i + 1);
    }
    costs.record(line(30, 0), 2, nanos, 30);
    double inf = Double.POSITIVE_INFINITY;
    double[] next = {Double.NaN, 0, 29.9, 1, inf, 0, 15, Double.NaN, -inf, 1, 20.2, 0};
    int[] order = new int[6];
    long[] predicted = new long[6];
    assertTrue(costs.order(next, 2, 6, order, predicted));
    assertArrayEquals(new int[] {1, 5, 0, 2, 3, 4}, order);
    assertArrayEquals(new long[] {0, 0, 0, 0}, java.util.Arrays.copyOfRange(predicted, 2, 6));
  }

  private static double[] gaussian(java.util.Random random, int n, int width) {
    double[] p = new double[n * width];
    for (int i = 0; i < p.length; i++) {
      p[i] = random.nextGaussian();
    }
    return p;
  }
}
