package io.emcee.it;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.MultiSampler;
import io.emcee.core.Sampler;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The same program on every rank, as users write it. Run under mpirun by {@link MpiPoolTest}.
 *
 * <p>Arguments: {@code steps seed [failingRank failAfterCalls [halt]]}. Every rank prints {@code
 * rank R pid P} first and {@code rank R finalized} last; rank 0 prints the pool, the number of
 * ranks and a checksum of the chain; workers print how many times they received the function. With
 * a failing rank, the log-probability throws there after the given number of calls, and that rank
 * prints when. A seventh argument K runs K independent ensembles together instead, and rank 0
 * prints each one's checksum.
 */
public final class MpiChainMain {
  private MpiChainMain() {}

  static final int NDIM = 5;
  static final int NWALKERS = 40;

  /** Counts how often an instance arrived by deserialization in this process. */
  static final AtomicInteger RECEIVED = new AtomicInteger();

  /** A correlated Gaussian that can be told to fail on one rank; counts its deserializations. */
  static final class Model implements LogProbability {
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger CALLS = new AtomicInteger();

    private final int failingRank;
    private final int failAfterCalls;
    private final boolean halt;
    private final boolean unequal;

    Model(int failingRank, int failAfterCalls, boolean halt) {
      this(failingRank, failAfterCalls, halt, false);
    }

    /** With {@code unequal}, each evaluation waits 0.3 ms, or 1.5 ms where x0 is positive. */
    Model(int failingRank, int failAfterCalls, boolean halt, boolean unequal) {
      this.failingRank = failingRank;
      this.failAfterCalls = failAfterCalls;
      this.halt = halt;
      this.unequal = unequal;
    }

    @Override
    public double logProbability(double[] x) {
      if (failingRank >= 0 && failingRank == rank() && CALLS.incrementAndGet() > failAfterCalls) {
        System.out.println("rank " + failingRank + " failing at " + System.currentTimeMillis());
        System.out.flush();
        if (halt) {
          Runtime.getRuntime().halt(9);
        }
        throw new IllegalStateException("deliberate failure on rank " + failingRank);
      }
      if (unequal) {
        long end = System.nanoTime() + (x[0] > 0 ? 1_500_000L : 300_000L);
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
          java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
      }
      double s = 0;
      for (int i = 0; i < x.length; i++) {
        double v = x[i] - 0.1 * i;
        s += v * v / (1 + i) + (i > 0 ? 0.4 * v * x[i - 1] : 0);
      }
      return -0.5 * s;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      RECEIVED.incrementAndGet();
    }
  }

  /** This process's rank under mpirun (0 outside). */
  static int rank() {
    String r = System.getenv("OMPI_COMM_WORLD_RANK");
    return r == null ? 0 : Integer.parseInt(r);
  }

  /**
   * Runs the chain on {@code pool} and returns its checksum: SHA-256 of the raw bits of every
   * stored coordinate and log-probability and of the acceptance fractions.
   */
  static String chain(Pool pool, int steps, long seed, LogProbability model) {
    return chain(pool, steps, seed, seed, model);
  }

  /** As {@link #chain(Pool, int, long, LogProbability)}, with the start drawn from its own seed. */
  static String chain(
      Pool pool, int steps, long startSeed, long samplerSeed, LogProbability model) {
    Sampler sampler = Sampler.builder().seed(samplerSeed).build();
    sampler.run(new Ensemble(model, start(startSeed), pool), steps);
    return digest(sampler);
  }

  /**
   * Runs {@code ensembles} independent ensembles together on {@code pool} (ensemble e starts from
   * {@code start(seed + e)}) and returns each one's checksum.
   */
  static List<String> ensembles(
      Pool pool, int steps, long seed, int ensembles, LogProbability model) {
    List<double[][]> starts = new ArrayList<>();
    for (int e = 0; e < ensembles; e++) {
      starts.add(start(seed + e));
    }
    MultiSampler multi = MultiSampler.builder().ensembles(ensembles).seed(seed).build();
    multi.run(io.emcee.core.model.Model.of(model, pool), starts, steps);
    List<String> digests = new ArrayList<>();
    for (int e = 0; e < ensembles; e++) {
      digests.add(digest(multi.getSampler(e)));
    }
    return digests;
  }

  static double[][] start(long seed) {
    Random random = new Random(seed);
    double[][] start = new double[NWALKERS][NDIM];
    for (double[] w : start) {
      for (int j = 0; j < NDIM; j++) {
        w[j] = random.nextGaussian();
      }
    }
    return start;
  }

  private static String digest(Sampler sampler) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      ByteBuffer b = ByteBuffer.allocate(8);
      for (double[][] step : sampler.getCoords(0, 1)) {
        for (double[] walker : step) {
          for (double v : walker) {
            sha.update(b.clear().putDouble(v).array());
          }
        }
      }
      for (double[] step : sampler.getLogProbability(0, 1)) {
        for (double v : step) {
          sha.update(b.clear().putDouble(v).array());
        }
      }
      for (double v : sampler.getAcceptanceFraction()) {
        sha.update(b.clear().putDouble(v).array());
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Runs one rank of the job.
   *
   * @param args steps, seed, and optionally the failing rank (-1: none), after how many calls it
   *     fails, {@code halt} and {@code unequal} (rows that cost different amounts)
   * @throws ReflectiveOperationException when the mpi pool lacks its count of maps in cost order
   */
  public static void main(String[] args) throws ReflectiveOperationException {
    int steps = Integer.parseInt(args[0]);
    long seed = Long.parseLong(args[1]);
    int failingRank = args.length > 2 ? Integer.parseInt(args[2]) : -1;
    int failAfter = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    boolean halt = args.length > 4 && args[4].equals("halt");
    boolean unequal = args.length > 5 && args[5].equals("unequal");
    int ensembles = args.length > 6 ? Integer.parseInt(args[6]) : 0;
    int rank = rank();
    System.out.println("rank " + rank + " pid " + ProcessHandle.current().pid());
    System.out.flush();
    try (Pool pool = Pools.load()) {
      if (!pool.isMaster()) {
        pool.waitForTasks();
        System.out.println("rank " + rank + " received the function " + RECEIVED.get() + " times");
        return;
      }
      Model model = new Model(failingRank, failAfter, halt, unequal);
      if (ensembles > 0) {
        List<String> digests = ensembles(pool, steps, seed, ensembles, model);
        for (int e = 0; e < ensembles; e++) {
          System.out.println("ensemble " + e + " checksum=" + digests.get(e));
        }
        return;
      }
      String checksum = chain(pool, steps, seed, model);
      System.out.println("pool=" + pool.getName() + " " + pool + " checksum=" + checksum);
      if (unequal) {
        // the mpi pool is not on this module's compile path (it needs OpenMPI's bindings)
        System.out.println(
            "maps in cost order: " + pool.getClass().getMethod("getMapsInCostOrder").invoke(pool));
      }
    } finally {
      System.out.println("rank " + rank + " finalized");
      System.out.flush();
    }
  }
}
