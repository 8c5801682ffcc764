package io.emcee.benchmarks;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The grid backends' benchmark, the same for each so that they can be compared: a master in this
 * JVM and one worker JVM (two member JVMs on this machine's two cores), the serial pool against the
 * grid pool for a trivial log-probability with 100 walkers (overhead per step) and for one costing
 * 1 ms (speed-up). Prints {@code backend | walkers | overhead per step (µs) | speed-up 1 ms}.
 */
final class GridBenchmark {
  private GridBenchmark() {}

  /** Starts a worker JVM with this class path and the given environment. */
  static Process startWorker(Map<String, String> env, List<String> jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(GridWorkerMain.class.getName());
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Runs both measurements on {@code grid} and prints the table row. */
  static void measure(String backend, Pool grid) {
    LogProbability trivial = LocalPoolSpeedupMain.costing(0);
    LogProbability oneMillisecond = LocalPoolSpeedupMain.costing(1_000_000);
    double serialTrivial = LocalPoolSpeedupMain.timePerStep(trivial, 100, 10, 4000, Pools.serial());
    double gridTrivial = LocalPoolSpeedupMain.timePerStep(trivial, 100, 10, 4000, grid);
    double serialSlow = LocalPoolSpeedupMain.timePerStep(oneMillisecond, 32, 5, 40, Pools.serial());
    double gridSlow = LocalPoolSpeedupMain.timePerStep(oneMillisecond, 32, 5, 40, grid);
    System.out.println(
        "| backend | walkers | overhead per step (µs) | speed-up 1 ms (32 walkers) |");
    System.out.println("|---|---|---|---|");
    System.out.printf(
        Locale.ROOT,
        "| %s | 100 | %.0f | %.2f× |%n",
        backend,
        (gridTrivial - serialTrivial) * 1e6,
        serialSlow / gridSlow);
    System.out.printf(
        Locale.ROOT,
        "%n(serial %.1f µs vs %s %.1f µs per step for the trivial model; serial %.2f ms vs %.2f ms"
            + " for the 1 ms one)%n",
        serialTrivial * 1e6,
        backend,
        gridTrivial * 1e6,
        serialSlow * 1e3,
        gridSlow * 1e3);
  }
}
