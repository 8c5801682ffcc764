package io.emcee.api.spi.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EvaluationException;
import io.emcee.api.LogProbability;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScatterTest {

  /** Workers that evaluate their share in place when gathered, recording what they were sent. */
  private static final class FakeGrid {
    final List<String> sent = new ArrayList<>();
    final List<String> gathered = new ArrayList<>();

    void map(List<String> workers, LogProbability f, double[] in, int n, double[] out) {
      Scatter.map(
          workers,
          f,
          in,
          1,
          n,
          out,
          1,
          "caller",
          (String w, int from, int to) -> {
            sent.add(w + "[" + from + "," + to + ")");
            return w;
          },
          (String answer, String w, int from, int to) -> {
            gathered.add(answer);
            try {
              Batches.evaluate(f, in, 1, out, 1, from, to, 0, w);
              return null;
            } catch (EvaluationException e) {
              return e;
            }
          });
    }
  }

  @Test
  void sharesAreContiguousTheCallersComesFirstAndResultsAreInOrder() {
    FakeGrid grid = new FakeGrid();
    double[] in = new double[10];
    for (int i = 0; i < 10; i++) {
      in[i] = i;
    }
    double[] out = new double[10];
    grid.map(List.of("a", "b"), x -> 2 * x[0], in, 10, out);
    assertEquals(List.of("a[4,7)", "b[7,10)"), grid.sent);
    assertEquals(List.of("a", "b"), grid.gathered);
    for (int i = 0; i < 10; i++) {
      assertEquals(2.0 * i, out[i]);
    }
  }

  @Test
  void theCallerTakesTheRowThatDoesNotDivideEvenlyAndNoWorkerHasMoreRowsThanIt() {
    for (int count = 0; count <= 130; count++) {
      for (int parts = 1; parts <= 20; parts++) {
        int callers = Scatter.start(count, parts, 1) - Scatter.start(count, parts, 0);
        assertEquals(0, Scatter.start(count, parts, 0));
        assertEquals(count, Scatter.start(count, parts, parts), count + " rows, " + parts);
        assertEquals((count + parts - 1) / parts, callers, count + " rows, " + parts);
        int least = Integer.MAX_VALUE;
        int most = 0;
        for (int p = 1; p < parts; p++) {
          int rows = Scatter.start(count, parts, p + 1) - Scatter.start(count, parts, p);
          least = Math.min(least, rows);
          most = Math.max(most, rows);
        }
        if (parts > 1) {
          assertTrue(most <= callers && most - least <= 1, count + " rows, " + parts + " parts");
        }
      }
    }
    assertEquals(8, Scatter.start(64, 9, 1));
    assertEquals(15, Scatter.start(64, 9, 2));
  }

  @Test
  void withoutWorkersOrWithOneRowTheCallerDoesEverything() {
    FakeGrid grid = new FakeGrid();
    double[] out = new double[3];
    grid.map(List.of(), x -> x[0] + 1, new double[] {1, 2, 3}, 3, out);
    assertArrayEquals(new double[] {2, 3, 4}, out);
    grid.map(List.of("a", "b"), x -> x[0] + 1, new double[] {5}, 1, out);
    assertEquals(6, out[0]);
    assertEquals(List.of(), grid.sent);
  }

  @Test
  void ofSeveralFailingRowsTheLowestIsReportedWhereverItRan() {
    FakeGrid grid = new FakeGrid();
    double[] in = new double[12];
    for (int i = 0; i < 12; i++) {
      in[i] = i;
    }
    LogProbability f =
        x -> {
          if (x[0] == 5 || x[0] == 9) {
            throw new IllegalStateException("bad " + x[0]);
          }
          return 0;
        };
    EvaluationException e =
        assertThrows(
            EvaluationException.class,
            () -> grid.map(List.of("a", "b"), f, in, 12, new double[12]));
    assertEquals(5, e.getIndex());
    assertEquals("a", e.getLocation());
    assertEquals(List.of("a", "b"), grid.gathered, "every share is gathered");
  }

  private final ExecutorService drivers = Executors.newCachedThreadPool();

  @AfterEach
  void stopDrivers() {
    drivers.shutdownNow();
  }

  /** Rows cost 0.2 ms, except the first quarter of the batch, which costs 2 ms. */
  private static LogProbability slowFirstQuarter(int n) {
    return x -> {
      long end = System.nanoTime() + (x[0] < n / 4.0 ? 2_000_000L : 200_000L);
      while (System.nanoTime() < end) {
        LockSupport.parkNanos(end - System.nanoTime());
      }
      return 3 * x[0];
    };
  }

  /** Waits 0.2 ms for a row whose x0 is negative, else 2 ms. */
  private static final LogProbability TWO_COSTS =
      x -> {
        long end = System.nanoTime() + (x[0] < 0 ? 200_000L : 2_000_000L);
        while (System.nanoTime() < end) {
          LockSupport.parkNanos(end - System.nanoTime());
        }
        return x[0];
      };

  /** A plan that has seen rows of 0.2 and 2 ms here, and counts messages as free. */
  private static ChunkPlan learned() {
    ChunkPlan plan = new ChunkPlan(0);
    double[] in = {1, -1, -1, 1, -1, -1};
    for (int round = 0; round < 2; round++) {
      plan.evaluate(TWO_COSTS, in, 1, new double[6], 1, 0, 6, "here");
    }
    return plan;
  }

  @Test
  void balancingHandsOutMoreChunksThanWorkersAndKeepsResultsInOrder() {
    int n = 64;
    double[] in = new double[n];
    for (int i = 0; i < n; i++) {
      in[i] = i;
    }
    double[] out = new double[n];
    LogProbability f = slowFirstQuarter(n);
    List<String> chunks = Collections.synchronizedList(new ArrayList<>());
    ChunkPlan plan = learned();
    assertEquals(true, plan.pays(n, 3));
    Scatter.balance(
        List.of("a", "b"),
        f,
        in,
        1,
        n,
        out,
        1,
        "caller",
        plan,
        drivers,
        (String w, int from, int to) -> {
          chunks.add(w + "[" + from + "," + to + ")");
          return w;
        },
        (String answer, String w, int from, int to) -> {
          Batches.evaluate(f, in, 1, out, 1, from, to, 0, w);
          return true;
        });
    for (int i = 0; i < n; i++) {
      assertEquals(3.0 * i, out[i], "row " + i);
    }
    assertEquals(true, chunks.size() > 2, "chunks: " + chunks);
  }

  @Test
  void balancingReportsTheLowestFailingRowAndEvaluatesAGoneWorkersChunkHere() {
    int n = 40;
    double[] in = new double[n];
    for (int i = 0; i < n; i++) {
      in[i] = i;
    }
    LogProbability f =
        x -> {
          if (x[0] == 33 || x[0] == 17) {
            throw new IllegalStateException("bad " + x[0]);
          }
          LockSupport.parkNanos(100_000L);
          return -x[0];
        };
    double[] out = new double[n];
    EvaluationException e =
        assertThrows(
            EvaluationException.class,
            () ->
                Scatter.balance(
                    List.of("a", "gone"),
                    f,
                    in,
                    1,
                    n,
                    out,
                    1,
                    "caller",
                    learned(),
                    drivers,
                    (String w, int from, int to) -> w,
                    (String answer, String w, int from, int to) -> {
                      if (w.equals("gone")) {
                        return false;
                      }
                      Batches.evaluate(f, in, 1, out, 1, from, to, 0, w);
                      return true;
                    }));
    assertEquals(17, e.getIndex());
    LogProbability ok = x -> -x[0];
    Scatter.balance(
        List.of("a", "gone"),
        ok,
        in,
        1,
        n,
        out,
        1,
        "caller",
        learned(),
        drivers,
        (String w, int from, int to) -> w,
        (String answer, String w, int from, int to) -> {
          if (w.equals("gone")) {
            return false;
          }
          Batches.evaluate(ok, in, 1, out, 1, from, to, 0, w);
          return true;
        });
    for (int i = 0; i < n; i++) {
      assertEquals(-1.0 * i, out[i], "row " + i);
    }
  }

  @Test
  void aPlanBalancesOnlyRowsThatCostSeveralMessagesAndDifferInCost() {
    ChunkPlan plan = new ChunkPlan(100_000L);
    assertEquals(false, plan.pays(64, 9), "nothing known yet");
    plan.ownRows(64_000L, 64); // 1 µs a row: a message costs 100 rows
    assertEquals(false, plan.pays(64, 9));
    // Rows timed one by one (synthetic times: a loaded machine stretches real ones at random).
    plan.newFunction();
    for (int round = 0; round < 8; round++) {
      plan.oneRow(1_000_000L);
    }
    assertEquals(false, plan.pays(64, 9), "equal rows: fixed shares, spread " + plan.spread());
    plan.newFunction();
    for (int round = 0; round < 2; round++) {
      for (long nanos :
          new long[] {2_000_000L, 200_000L, 200_000L, 2_000_000L, 200_000L, 200_000L}) {
        plan.oneRow(nanos);
      }
    }
    assertEquals(true, plan.pays(64, 9), "spread " + plan.spread());
    assertEquals(1, plan.grain());
    plan.start(10, 2);
    int rows = 0;
    for (long c = plan.next(); c >= 0; c = plan.next()) {
      assertEquals(rows, ChunkPlan.from(c), "chunks follow one another");
      rows = ChunkPlan.to(c);
    }
    assertEquals(10, rows);
  }
}
