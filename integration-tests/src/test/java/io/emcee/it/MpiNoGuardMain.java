package io.emcee.it;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;

/**
 * A program that forgets the {@code isMaster()} guard, run under mpirun by {@link MpiPoolTest}:
 * every rank calls {@code map}.
 */
public final class MpiNoGuardMain {
  private MpiNoGuardMain() {}

  /**
   * Runs one rank.
   *
   * @param args none
   */
  public static void main(String[] args) {
    try (Pool pool = Pools.load()) {
      double[] out = new double[8];
      pool.map((LogProbability) x -> x[0], new double[8], 1, 8, out, 1);
      System.out.println("rank " + MpiChainMain.rank() + " mapped");
    }
  }
}
