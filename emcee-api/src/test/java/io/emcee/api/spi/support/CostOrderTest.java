package io.emcee.api.spi.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EvaluationException;
import io.emcee.api.LogProbability;
import io.emcee.api.RowFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CostOrderTest {
  private static final int N = 16;

  /** A row's cost, deterministic: grows with x0 (1 µs per unit above 100 µs). */
  private static long cost(double x0) {
    return 100_000L + Math.round(1_000 * x0);
  }

  /**
   * A balanced path that evaluates serially in the order given and writes each row's cost, keeping
   * the first coordinate of each row it was handed.
   */
  private static final class Serial implements CostOrder.Balanced {
    final RowFunction f;
    final List<double[]> handed = new ArrayList<>();

    Serial(RowFunction f) {
      this.f = f;
    }

    @Override
    public void run(double[] inputs, double[] outputs, long[] rowNanos) {
      double[] x0 = new double[N];
      for (int k = 0; k < N; k++) {
        x0[k] = inputs[2 * k];
      }
      handed.add(x0);
      Batches.evaluate(f, inputs, 2, outputs, 1, 0, N, 0, "here");
      for (int k = 0; k < N; k++) {
        rowNanos[k] = cost(inputs[2 * k]);
      }
    }
  }

  /** N 2-D points, x0 spread over [0, 100) in a shuffled order, x1 = 0.5 (which says nothing). */
  private static double[] points(long seed) {
    Random r = new Random(seed);
    double[] p = new double[2 * N];
    for (int i = 0; i < N; i++) {
      p[2 * i] = 100 * r.nextDouble();
      p[2 * i + 1] = 0.5;
    }
    return p;
  }

  /** A plan that has seen rows of 100 µs: costly enough to time each and to predict. */
  private static ChunkPlan costlyPlan() {
    ChunkPlan plan = new ChunkPlan(50_000);
    plan.ownRows(100_000L * N, N);
    return plan;
  }

  private static final LogProbability SUM = x -> x[0] + 10 * x[1];

  @Test
  void afterAMapRowsAreHandedOutSlowestFirstAndResultsLandAtTheirWalkers() {
    CostOrder order = new CostOrder();
    ChunkPlan plan = costlyPlan();
    Serial serial = new Serial(SUM);
    double[] out = new double[N];
    for (int map = 0; map < 3; map++) {
      double[] in = points(map);
      order.map(plan, SUM, in, 2, N, out, 1, "here", serial);
      for (int i = 0; i < N; i++) {
        assertEquals(in[2 * i] + 10 * in[2 * i + 1], out[i], "walker " + i + " of map " + map);
      }
    }
    double[] first = serial.handed.get(0);
    assertArrayEquals(column(points(0)), first, "nothing known: walker order");
    for (int map = 1; map < 3; map++) {
      double[] x0 = serial.handed.get(map);
      int descending = 0;
      for (int k = 1; k < N; k++) {
        descending += x0[k] <= x0[k - 1] ? 1 : 0;
      }
      // the prediction is a nearest-neighbour mean: nearly, not exactly, the true order
      assertTrue(
          descending >= N - 3, "map " + map + " handed out " + java.util.Arrays.toString(x0));
    }
  }

  @Test
  void anotherFunctionStartsInWalkerOrder() {
    CostOrder order = new CostOrder();
    ChunkPlan plan = costlyPlan();
    double[] out = new double[N];
    order.map(plan, SUM, points(1), 2, N, out, 1, "here", new Serial(SUM));
    LogProbability other = x -> x[0];
    Serial serial = new Serial(other);
    order.map(plan, other, points(2), 2, N, out, 1, "here", serial);
    assertArrayEquals(column(points(2)), serial.handed.get(0));
  }

  @Test
  void ofTwoFailingRowsSwappedByTheOrderTheLowerWalkerIsReported() {
    CostOrder order = new CostOrder();
    ChunkPlan plan = costlyPlan();
    double[] in = points(3);
    // two walkers whose predicted order is the reverse of theirs: the lower walker is cheaper
    int low = -1;
    int high = -1;
    for (int i = 0; i < N && low < 0; i++) {
      for (int j = i + 1; j < N; j++) {
        if (in[2 * i] + 20 < in[2 * j]) {
          low = i;
          high = j;
          break;
        }
      }
    }
    double lowX = in[2 * low];
    double highX = in[2 * high];
    RowFunction failing =
        (x, r) -> {
          if (x[0] == lowX || x[0] == highX) {
            throw new IllegalStateException("bad row at " + x[0]);
          }
          r[0] = x[0];
        };
    double[] out = new double[N];
    Serial serial = new Serial(failing);
    order.map(plan, failing, points(4), 2, N, out, 1, "here", serial);
    EvaluationException e =
        assertThrows(
            EvaluationException.class,
            () -> order.map(plan, failing, in, 2, N, new double[N], 1, "here", serial));
    double[] handed = serial.handed.get(1);
    assertTrue(position(handed, highX) < position(handed, lowX), "the order swapped the two");
    assertEquals(low, e.getIndex(), e.getMessage());
    assertTrue(e.getCauseDescription().contains("bad row at " + lowX), e.getCauseDescription());
  }

  @Test
  void aFailureOnlyTheWorkersSawIsReportedAtItsWalker() {
    CostOrder order = new CostOrder();
    ChunkPlan plan = costlyPlan();
    double[] out = new double[N];
    order.map(plan, SUM, points(5), 2, N, out, 1, "here", new Serial(SUM));
    double[] in = points(6);
    double[] handedX0 = new double[1];
    EvaluationException e =
        assertThrows(
            EvaluationException.class,
            () ->
                order.map(
                    plan,
                    SUM,
                    in,
                    2,
                    N,
                    new double[N],
                    1,
                    "here",
                    (inputs, outputs, rowNanos) -> {
                      handedX0[0] = inputs[2 * 5];
                      throw new EvaluationException(5, "worker 2", "gone wrong there", null);
                    }));
    assertEquals(handedX0[0], in[2 * e.getIndex()], "the walker of the sixth row handed out");
    assertEquals("worker 2", e.getLocation());
  }

  @Test
  void chunksWeighedByPredictedCostGiveASlowRowAChunkOfItsOwn() {
    ChunkPlan plan = new ChunkPlan(1_000);
    plan.ownRows(1_000_000L, 1);
    long[] predicted = new long[20];
    java.util.Arrays.fill(predicted, 1_000_000L);
    predicted[0] = 10_000_000L;
    predicted[1] = 10_000_000L;
    plan.weigh(predicted);
    plan.start(20, 3);
    assertEquals(1, ChunkPlan.to(plan.next()), "the first slow row alone");
    assertEquals(2, ChunkPlan.to(plan.next()), "the second slow row alone");
    int rows = 2;
    for (long c = plan.next(); c >= 0; c = plan.next()) {
      assertEquals(rows, ChunkPlan.from(c));
      rows = ChunkPlan.to(c);
    }
    assertEquals(20, rows, "every row handed out once");
    plan.weigh(null);
    plan.start(20, 3);
    assertEquals(2, ChunkPlan.to(plan.next()), "by rows: a twelfth of the batch, rounded up");
  }

  @Test
  void sharesOfEqualCountStayInWalkerOrderAndEveryWayTellsWhatItsRowsTookInAll() {
    CostOrder order = new CostOrder();
    ChunkPlan plan = costlyPlan();
    List<int[]> boundsSeen = new ArrayList<>();
    List<double[]> handed = new ArrayList<>();
    CostOrder.Shared serial =
        (inputs, outputs, rowNanos, bounds) -> {
          boundsSeen.add(java.util.Arrays.copyOf(bounds, 4));
          handed.add(column(inputs));
          Batches.evaluate(SUM, inputs, 2, outputs, 1, 0, N, 0, "here");
          for (int k = 0; k < N; k++) {
            rowNanos[k] = k == 3 ? -1 : cost(inputs[2 * k]); // one row's time unknown
          }
        };
    double[] out = new double[N];
    order.shares(plan, SUM, points(7), 2, N, out, 1, "here", 3, true, serial);
    double[] in = points(8);
    order.shares(plan, SUM, in, 2, N, out, 1, "here", 3, false, serial);
    assertArrayEquals(column(in), handed.get(1), "equal shares: walker order");
    assertArrayEquals(new int[] {0, 6, 11, 16}, boundsSeen.get(1), "6, 5 and 5 rows");
    double known = 0;
    for (int i = 0; i < N; i++) {
      known += i == 3 ? 0 : cost(in[2 * i]);
      assertEquals(in[2 * i] + 10 * in[2 * i + 1], out[i], "walker " + i);
    }
    assertEquals(known * N / (N - 1), order.workNanos(), 1e-6, "the unknown row at the mean");
    order.shares(plan, SUM, in, 2, N, out, 1, "here", 3, true, serial);
    assertEquals(1, order.sharedMaps(), "by predicted cost only when asked, with a prediction");
    // each row was timed in the map before: its prediction is its cost
    double[] byCost = handed.get(2);
    int[] cut = boundsSeen.get(2);
    double[] shareCost = new double[3];
    for (int p = 0; p < 3; p++) {
      for (int k = cut[p]; k < cut[p + 1]; k++) {
        shareCost[p] += cost(byCost[k]);
        assertTrue(k == cut[p] || byCost[k] <= byCost[k - 1], "each share slowest row first");
      }
    }
    assertTrue(
        shareCost[0] >= shareCost[1] && shareCost[0] >= shareCost[2],
        "the caller's share the heaviest: " + java.util.Arrays.toString(shareCost));
    assertThrows(
        EvaluationException.class,
        () ->
            order.shares(
                plan,
                SUM,
                in,
                2,
                N,
                new double[N],
                1,
                "here",
                3,
                false,
                (inputs, outputs, rowNanos, bounds) -> {
                  throw new EvaluationException(2, "worker 1", "gone wrong there", null);
                }));
    assertEquals(0, order.workNanos(), "a failed map tells nothing");
  }

  private static double[] column(double[] p) {
    double[] x0 = new double[N];
    for (int i = 0; i < N; i++) {
      x0[i] = p[2 * i];
    }
    return x0;
  }

  private static int position(double[] values, double v) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == v) {
        return i;
      }
    }
    return -1;
  }
}
