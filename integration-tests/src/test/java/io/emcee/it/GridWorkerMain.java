package io.emcee.it;

import io.emcee.api.Pool;
import io.emcee.api.Pools;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The program grid workers run in the tests: the README pattern, loading the pool the environment
 * selects (EMCEE_POOL, EMCEE_ROLE=worker, EMCEE_CLUSTER_MEMBERS, ...), serving until the master
 * closes the pool, then ending with a line that gives the heap's peak.
 */
public final class GridWorkerMain {
  private GridWorkerMain() {}

  /** Runs the worker. */
  public static void main(String[] args) {
    try (Pool pool = Pools.load()) {
      if (!pool.isMaster()) {
        System.out.println("serving");
        System.out.flush();
        pool.waitForTasks();
        System.out.println("released; " + heapReport());
        return;
      }
      System.out.println("not a worker: " + pool);
    }
  }

  /**
   * "heap peak N MB of M MB": the sum of the heap pools' peaks (at least the true peak) and the
   * maximum heap, as a line the tests parse.
   */
  static String heapReport() {
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    long max = Runtime.getRuntime().maxMemory();
    return "heap peak " + (peak >> 20) + " MB of " + (max >> 20) + " MB";
  }

  /** The peak in MB from a {@link #heapReport()} line in {@code output}, or -1. */
  static long heapPeakMegabytes(String output) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("heap peak (\\d+) MB").matcher(output);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }
}
