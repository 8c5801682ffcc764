package io.emcee.benchmarks;

import io.emcee.api.Pool;
import io.emcee.api.Pools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What an idle grid costs: the CPU seconds per minute each worker JVM (and the master) spends while
 * the master sends nothing, read from {@code /proc/PID/stat} (user + system time), after the
 * members joined and settled. On a machine with fewer cores than processes this is time taken from
 * the model's evaluations in every map.
 *
 * <p>Run: {@code bin/benchmark GridIdleMain [--pools hazelcast,ignite] [--workers 8] [--settle 20]
 * [--seconds 60]}.
 */
public final class GridIdleMain {
  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private GridIdleMain() {}

  /**
   * Runs the measurement, or with {@code serve} as first argument one process of it.
   *
   * @param args options, see the class comment
   * @throws Exception when a process cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("serve")) {
      serve(Integer.parseInt(args[1]));
      return;
    }
    List<String> pools = List.of("hazelcast");
    int workers = 8;
    int settle = 20;
    int seconds = 60;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--pools" -> pools = Arrays.asList(args[i + 1].split(","));
        case "--workers" -> workers = Integer.parseInt(args[i + 1]);
        case "--settle" -> settle = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    for (String pool : pools) {
      measure(pool, workers, settle, seconds);
    }
  }

  private static void measure(String pool, int workers, int settle, int seconds) throws Exception {
    int n = workers + 1;
    int base = ScaleBenchmarkMain.freePorts(n);
    String members = ScaleBenchmarkMain.members(base, n);
    List<String> args = List.of("serve", String.valueOf(n));
    List<Process> started = new ArrayList<>();
    try {
      for (int i = 1; i < n; i++) {
        started.add(
            ScaleBenchmarkMain.startWorker(
                ScaleBenchmarkMain.javaCommand(GridIdleMain.class.getName(), args),
                ScaleBenchmarkMain.gridEnv(pool, base + i, members, "worker")));
      }
      ProcessBuilder pb =
          new ProcessBuilder(ScaleBenchmarkMain.javaCommand(GridIdleMain.class.getName(), args))
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().putAll(ScaleBenchmarkMain.gridEnv(pool, base, members, "master"));
      Process master = pb.start();
      started.add(master);
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(master.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (!"READY".equals(line)) {
        throw new IllegalStateException("the master did not get its " + workers + " workers");
      }
      Thread.sleep(settle * 1000L);
      long[] before = new long[n];
      for (int i = 0; i < n; i++) {
        before[i] = cpuTicks(started.get(i).pid());
      }
      Thread.sleep(seconds * 1000L);
      double[] perMinute = new double[n];
      for (int i = 0; i < n; i++) {
        perMinute[i] =
            (cpuTicks(started.get(i).pid()) - before[i]) / (double) TICKS_PER_SECOND * 60 / seconds;
      }
      double[] w = Arrays.copyOf(perMinute, workers);
      Arrays.sort(w);
      System.out.printf(
          Locale.ROOT,
          "%s idle, %d workers, %d s after %d s to settle: CPU s per minute per worker mean %.2f"
              + " (min %.2f, median %.2f, max %.2f), master %.2f; load average %s%n",
          pool,
          workers,
          seconds,
          settle,
          Arrays.stream(w).average().orElse(0),
          w[0],
          w[w.length / 2],
          w[w.length - 1],
          perMinute[workers],
          Files.readString(Path.of("/proc/loadavg")).trim());
      try (OutputStream in = master.getOutputStream()) {
        in.write('\n');
      }
    } finally {
      ScaleBenchmarkMain.stopAll(started);
    }
  }

  /** User plus system time of a process so far, in clock ticks ({@code /proc/PID/stat}). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15
  }

  /** One process: a worker serves; the master waits for them, says READY and idles until told. */
  private static void serve(int processes) throws IOException {
    try (Pool pool = Pools.load()) {
      if (!pool.isMaster()) {
        pool.waitForTasks();
        return;
      }
      boolean joined = ScaleRunMain.workersJoined(pool, processes);
      System.out.println(joined ? "READY" : "MISSING");
      System.out.flush();
      System.in.read(); // until the driver writes a line or ends
    }
  }
}
