package io.emcee.pool.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EvaluationException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.Pools;
import org.junit.jupiter.api.Test;

/**
 * Outside mpirun, the mpi pool selected by name is a single-rank pool. MPI starts once per process
 * and cannot restart after MPI.Finalize, so the whole life cycle is one test. Runs on the module
 * path (mpi.jar as the automatic module {@code mpi}) and on the class path.
 */
class SingleRankTest {

  @Test
  void singleRankPoolEvaluatesReportsClosesAndCannotRestart() {
    boolean named = MpiPool.class.getModule().isNamed();
    assertEquals(System.getProperty("emcee.test.path"), named ? "module" : "class");
    if (named) {
      assertEquals("mpi", mpi.MPI.class.getModule().getName());
    }

    Pool pool = Pools.load("mpi");
    try {
      assertTrue(pool instanceof MpiPool, pool::toString);
      MpiPool mpiPool = (MpiPool) pool;
      assertEquals(0, mpiPool.getRank());
      assertEquals(1, mpiPool.getSize());
      assertTrue(pool.isMaster());
      pool.waitForTasks(); // returns at once on the master

      double[] in = {1, 2, 3, 4, 5, 6};
      double[] out = new double[3];
      pool.map((LogProbability) x -> x[0] * 10 + x[1], in, 2, 3, out, 1);
      assertArrayEquals(new double[] {12, 34, 56}, out);

      LogProbability failing =
          x -> {
            if (x[0] == 3) {
              throw new IllegalStateException("bad point");
            }
            return 0;
          };
      EvaluationException e =
          assertThrows(EvaluationException.class, () -> pool.map(failing, in, 2, 3, out, 1));
      assertEquals(1, e.getIndex());
      assertEquals("rank 0", e.getLocation());
      assertTrue(e.getMessage().contains("bad point"), e.getMessage());
    } finally {
      pool.close();
    }
    pool.close(); // twice is harmless
    PoolException closed =
        assertThrows(
            PoolException.class,
            () -> pool.map((LogProbability) x -> 0, new double[1], 1, 1, new double[1], 1));
    assertEquals("EMCEE-P005", closed.getCode());

    PoolException again = assertThrows(PoolException.class, () -> Pools.load("mpi"));
    assertEquals("EMCEE-P003", again.getCode());
    assertTrue(again.getMessage().contains("EMCEE-P071"), again.getMessage());
    assertTrue(again.getMessage().contains("finalized already"), again.getMessage());
    assertFalse(mpiInitializedAgain());
  }

  private static boolean mpiInitializedAgain() {
    try {
      return !mpi.MPI.isFinalized();
    } catch (mpi.MPIException e) {
      throw new AssertionError(e);
    }
  }
}
