package io.emcee.it;

import io.emcee.api.EmceeException;
import io.emcee.api.EvaluationException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.api.RowFunction;
import java.util.Arrays;

/**
 * Exercises {@link Pool#map} of the mpi pool directly under mpirun (run by {@link MpiPoolTest}):
 * results in input order for batches smaller and larger than the job, several outputs per row, a
 * worker's failure reported with its row and rank while the pool stays usable, a function that
 * cannot be serialized refused before anything is sent, and each distinct function received once.
 * Rank 0 prints {@code check NAME ok} per check, or {@code check NAME FAILED: ...}.
 */
public final class MpiMapMain {
  private MpiMapMain() {}

  private static int failures;

  private static void check(String name, boolean ok, Object detail) {
    if (!ok) {
      failures++;
    }
    System.out.println("check " + name + (ok ? " ok" : " FAILED: " + detail));
  }

  /**
   * Runs one rank.
   *
   * @param args none
   */
  public static void main(String[] args) {
    int rank = MpiChainMain.rank();
    System.out.println("rank " + rank + " pid " + ProcessHandle.current().pid());
    try (Pool pool = Pools.load()) {
      if (!pool.isMaster()) {
        pool.waitForTasks();
        System.out.println(
            "rank " + rank + " received " + MpiChainMain.RECEIVED.get() + " functions");
        return;
      }
      check("chosen", pool.getName().equals("mpi"), pool);

      RowFunction twoOutputs = new Sum();
      for (int n : new int[] {0, 1, 2, 7, 64}) {
        double[] in = new double[3 * n];
        double[] expected = new double[2 * n];
        for (int i = 0; i < n; i++) {
          in[3 * i] = i;
          in[3 * i + 1] = 0.25;
          in[3 * i + 2] = -i;
          expected[2 * i] = i + 0.25 - i;
          expected[2 * i + 1] = i * 1000.0;
        }
        double[] out = new double[2 * n];
        pool.map(twoOutputs, in, 3, n, out, 2);
        check("order-" + n, Arrays.equals(expected, out), Arrays.toString(out));
      }

      // Fails at input value 5 whichever rank holds it; the pool must stay usable afterwards.
      double[] in = new double[12];
      for (int i = 0; i < in.length; i++) {
        in[i] = i;
      }
      MpiChainMain.Model failing = new MpiChainMain.Model(-1, 0, false);
      RowFunction failsAtFive =
          (x, out) -> {
            if (x[0] >= 5 && x[0] <= 9) {
              throw new IllegalArgumentException("bad value " + x[0]);
            }
            out[0] = failing.logProbability(x);
          };
      try {
        pool.map(failsAtFive, in, 1, 12, new double[12], 1);
        check("failure", false, "no exception");
      } catch (EvaluationException e) {
        check(
            "failure",
            e.getIndex() == 5
                && e.getLocation().startsWith("rank ")
                && e.getCauseDescription()
                    .equals("java.lang.IllegalArgumentException: bad value 5.0"),
            e.getMessage());
        System.out.println("failure message: " + e.getMessage());
      }
      double[] out = new double[12];
      pool.map(twoOutputs, in, 1, 12, out, 1);
      check("usable-after-failure", out[11] == 11, Arrays.toString(out));

      Object notSerializable = new Object();
      LogProbability capturing = x -> notSerializable.hashCode();
      try {
        pool.map(capturing, in, 1, 12, out, 1);
        check("not-serializable", false, "no exception");
      } catch (EmceeException e) {
        check("not-serializable", e.getCode().equals("EMCEE-P030"), e.getMessage());
      }
      pool.map(twoOutputs, in, 1, 12, out, 1);
      check("usable-after-refusal", out[11] == 11, Arrays.toString(out));
      System.out.println("rank 0 checks failed: " + failures);
    } finally {
      System.out.println("rank " + rank + " finalized");
    }
  }

  /** Writes the sum of the inputs and 1000 times the first; counts its deserializations. */
  static final class Sum implements RowFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public void apply(double[] x, double[] out) {
      double s = 0;
      for (double v : x) {
        s += v;
      }
      out[0] = out.length == 1 ? x[0] : s;
      if (out.length > 1) {
        out[1] = 1000 * x[0];
      }
    }

    private void readObject(java.io.ObjectInputStream in)
        throws java.io.IOException, ClassNotFoundException {
      in.defaultReadObject();
      MpiChainMain.RECEIVED.incrementAndGet();
    }
  }
}
