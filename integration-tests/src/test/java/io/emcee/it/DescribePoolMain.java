package io.emcee.it;

import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.Pools;

/** Child-JVM entry point: loads the pool this process selects and prints its name and report. */
public final class DescribePoolMain {
  private DescribePoolMain() {}

  /** Prints {@code chosen=<name>} and the describe report, or {@code error=<message>}. */
  public static void main(String[] args) {
    System.out.println(Pools.describe());
    try (Pool pool = Pools.load()) {
      System.out.println("chosen=" + pool.getName());
    } catch (PoolException e) {
      System.out.println("error=" + e.getMessage());
    }
  }
}
