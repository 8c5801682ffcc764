package io.emcee.api.spi.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.emcee.api.EvaluationException;
import io.emcee.api.LogProbability;
import java.util.ArrayList;
import java.util.List;
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
    assertEquals(List.of("a[3,6)", "b[6,10)"), grid.sent);
    assertEquals(List.of("a", "b"), grid.gathered);
    for (int i = 0; i < 10; i++) {
      assertEquals(2.0 * i, out[i]);
    }
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
}
