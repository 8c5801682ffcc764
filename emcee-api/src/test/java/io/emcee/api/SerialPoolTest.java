package io.emcee.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SerialPoolTest {

  @Test
  void mapsInOrderWithAnyOutputWidth() {
    RowFunction f =
        (x, out) -> {
          out[0] = x[0] + x[1];
          out[1] = x[0] * x[1];
        };
    double[] in = {1, 2, 3, 4, 5, 6};
    double[] out = new double[6];
    Pools.serial().map(f, in, 2, 3, out, 2);
    assertArrayEquals(new double[] {3, 2, 7, 12, 11, 30}, out);
  }

  @Test
  void logProbabilityIsARowFunctionOfWidthOne() {
    LogProbability lp = x -> -x[0];
    double[] out = new double[3];
    Pools.serial().map(lp, new double[] {1, 2, 3}, 1, 3, out, 1);
    assertArrayEquals(new double[] {-1, -2, -3}, out);
  }

  @Test
  void theFunctionSeesAPrivateCopyOfEachRow() {
    double[] in = {1, 2, 3};
    Pools.serial().map((LogProbability) x -> x[0] = 99, in, 1, 3, new double[3], 1);
    assertArrayEquals(new double[] {1, 2, 3}, in);
  }

  @Test
  void aFailingRowIsReportedByIndex() {
    LogProbability lp =
        x -> {
          if (x[0] == 3) {
            throw new IllegalArgumentException("bad x");
          }
          return 0;
        };
    EvaluationException e =
        assertThrows(
            EvaluationException.class,
            () -> Pools.serial().map(lp, new double[] {1, 2, 3, 4}, 1, 4, new double[4], 1));
    assertEquals(2, e.getIndex());
    assertEquals("EMCEE-E001", e.getCode());
    assertEquals("java.lang.IllegalArgumentException: bad x", e.getCauseDescription());
    assertTrue(e.getCause() instanceof IllegalArgumentException);
  }

  @Test
  void batchShapeIsChecked() {
    PoolException e =
        assertThrows(
            PoolException.class,
            () ->
                Pools.serial().map((LogProbability) x -> 0, new double[5], 2, 3, new double[3], 1));
    assertEquals("EMCEE-P010", e.getCode());
  }

  @Test
  void serialIsAlwaysAvailableAndClosingItIsHarmless() {
    Pool p = Pools.load("serial");
    assertSame(Pools.serial(), p);
    p.close();
    p.close();
    assertTrue(Pools.available().contains("serial"));
    assertTrue(p.isMaster());
    p.waitForTasks();
  }
}
