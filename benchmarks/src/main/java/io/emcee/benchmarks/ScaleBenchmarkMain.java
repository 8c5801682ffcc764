package io.emcee.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How much of each process's time goes to the model when a run spreads over many processes:
 * efficiency = ideal step time / measured step time, for every backend at N processes (N - 1 worker
 * JVMs and the master on the grids, N MPI ranks, N local threads) and for emcee 3.1 with {@code
 * multiprocessing.Pool(N)} on the same simulation, in one invocation. The model waits 2 ms by
 * default (more in the slow regions of the unequal shapes, see {@link CostShape}) without using a
 * core, so 17 processes fit on a 2-core machine; 128 walkers in 5-D.
 *
 * <p>Run: {@code bin/benchmark ScaleBenchmarkMain [--pools local,hazelcast,ignite,mpi,emcee]
 * [--processes 9,17] [--shapes equal,few-slow,half-slow,ramp] [--steps 20] [--warmup auto]
 * [--settle 0] [--row-ms 2] [--step-times no]}. {@code --row-ms} is the base cost of an evaluation
 * (the shapes' slow rows cost multiples of it), for every backend and emcee alike. {@code
 * --step-times yes} has each master print a {@code # STEPS} line per shape: when each measured step
 * began, on the kernel's monotonic clock, and how long it lasted, for {@code
 * benchmarks/steps_beside_thread.py} to set beside a {@code perf} record of another thread. {@code
 * --warmup} is a number of steps run before measuring each shape, or {@code auto} (the default):
 * until the step time has settled ({@link WarmUp}); each run prints what its warm-up did. {@code
 * --settle N} first runs N steps with equal costs once for all the shapes, as a user's long run or
 * standing cluster has run before it is measured: 17 grid JVMs on 2 cores keep getting faster for a
 * thousand steps and more (the run prints the block medians).
 */
public final class ScaleBenchmarkMain {
  private static final String JAVA =
      System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";

  /** The base cost of one evaluation every process is told ({@code --row-ms}). */
  private static long rowNanos = CostShape.BASE_NANOS;

  private ScaleBenchmarkMain() {}

  /** Whether the masters print each measured step's start and duration ({@code --step-times}). */
  private static boolean stepTimes;

  /** What every process of the benchmark is told besides its own settings. */
  private static Map<String, String> withSettings(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put(CostShape.BASE_ENV, String.valueOf(rowNanos));
    if (stepTimes) {
      all.put(ScaleRunMain.STEP_TIMES_ENV, "1");
    }
    return all;
  }

  /**
   * Runs the benchmark and prints a table.
   *
   * @param args options, see the class comment
   * @throws Exception when a process cannot start
   */
  public static void main(String[] args) throws Exception {
    List<String> pools = List.of("local", "hazelcast", "ignite", "mpi", "emcee");
    List<Integer> processes = List.of(9, 17);
    List<String> shapes = List.of("equal", "few-slow", "half-slow", "ramp");
    int steps = 20;
    String warmup = "auto";
    int settle = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--pools" -> pools = Arrays.asList(args[i + 1].split(","));
        case "--processes" ->
            processes = Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).toList();
        case "--shapes" -> shapes = Arrays.asList(args[i + 1].split(","));
        case "--steps" -> steps = Integer.parseInt(args[i + 1]);
        case "--warmup" -> {
          warmup = args[i + 1];
          WarmUp.parse(warmup); // refuses a bad value before any process starts
        }
        case "--row-ms" ->
            rowNanos =
                CostShape.checkedBase(
                    Math.round(Double.parseDouble(args[i + 1]) * 1e6), "--row-ms " + args[i + 1]);
        case "--step-times" -> stepTimes = yesOrNo(args[i + 1]);
        case "--settle" -> {
          settle = Integer.parseInt(args[i + 1]);
          if (settle < 0) {
            throw new IllegalArgumentException(
                "--settle is a number of steps, at least 0: " + args[i + 1]);
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<String> rows = new ArrayList<>();
    for (String pool : pools) {
      for (int n : processes) {
        List<String> result = run(pool, n, steps, warmup, settle, shapes);
        rows.addAll(result);
        result.forEach(r -> System.err.println("# " + r));
      }
    }
    System.out.println(
        "steps measured: "
            + steps
            + ", warm-up: "
            + warmup
            + ", settled first: "
            + settle
            + " steps, base cost of an evaluation: "
            + rowNanos / 1e6
            + " ms (--steps, --warmup, --settle, --row-ms, --step-times)");
    System.out.println(
        "| pool | processes | cost shape | ideal ms/step | measured ms/step | efficiency"
            + " | whole-evaluation ideal ms/step | efficiency against it |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (String r : rows) {
      String[] f = r.split(" ");
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
          f[1],
          f[2],
          f[3],
          f[4],
          f[5],
          f[6],
          f.length > 7 ? f[7] : "",
          f.length > 8 ? f[8] : "");
    }
  }

  private static boolean yesOrNo(String value) {
    return switch (value) {
      case "yes" -> true;
      case "no" -> false;
      default -> throw new IllegalArgumentException("--step-times is yes or no: " + value);
    };
  }

  private static List<String> run(
      String pool, int n, int steps, String warmup, int settle, List<String> shapes)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(String.valueOf(n), String.valueOf(steps), warmup, String.valueOf(settle)));
    args.addAll(shapes);
    return switch (pool) {
      case "local" ->
          master(javaCommand(args), Map.of("EMCEE_POOL", "local", "EMCEE_THREADS", "" + n));
      case "mpi" -> {
        List<String> command = new ArrayList<>(List.of("bin/mpirun-local", String.valueOf(n)));
        List<String> java = javaCommand(args);
        java.set(
            java.indexOf("-cp") + 1,
            System.getProperty("java.class.path") + ":pool-mpi/lib/mpi.jar");
        command.addAll(java);
        yield master(command, Map.of("EMCEE_POOL", "mpi"));
      }
      case "hazelcast", "ignite" -> grid(pool, freePorts(n), n, args);
      case "emcee" -> {
        List<String> command =
            new ArrayList<>(
                List.of(
                    "/usr/bin/python3",
                    "benchmarks/emcee_scale.py",
                    "" + n,
                    "" + steps,
                    warmup,
                    "" + settle));
        command.addAll(shapes);
        yield master(command, Map.of());
      }
      default -> throw new IllegalArgumentException("unknown pool " + pool);
    };
  }

  /**
   * A base port with {@code n} consecutive loopback ports free now (and, for Ignite, the
   * communication ports 400 below them), away from the libraries' well-known ports.
   */
  static int freePorts(int n) {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20_000 + random.nextInt(20_000);
      boolean free = true;
      for (int i = 0; i < n && free; i++) {
        free = isFree(base + i) && isFree(base - 400 + i);
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("found no " + n + " free consecutive loopback ports");
  }

  private static boolean isFree(int port) {
    try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
      socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The member list of a grid of {@code n} processes on loopback ports from {@code basePort}. */
  static String members(int basePort, int n) {
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < n; i++) {
      members.append(i == 0 ? "" : ",").append("127.0.0.1:").append(basePort + i);
    }
    return members.toString();
  }

  /** N - 1 worker JVMs and the master, all listing the same loopback members. */
  private static List<String> grid(String pool, int basePort, int n, List<String> args)
      throws Exception {
    String members = members(basePort, n);
    List<Process> workers = new ArrayList<>();
    try {
      for (int i = 1; i < n; i++) {
        workers.add(startWorker(javaCommand(args), gridEnv(pool, basePort + i, members, "worker")));
      }
      return master(javaCommand(args), gridEnv(pool, basePort, members, "master"));
    } finally {
      stopAll(workers);
    }
  }

  /** Starts a worker JVM, its output discarded and its errors shown. */
  static Process startWorker(List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(withSettings(env));
    return pb.start();
  }

  /** Waits a bounded time for each process, then ends those still running. */
  static void stopAll(List<Process> processes) throws InterruptedException {
    for (Process w : processes) {
      if (!w.waitFor(20, TimeUnit.SECONDS)) {
        w.destroyForcibly();
        w.waitFor();
      }
    }
  }

  static Map<String, String> gridEnv(String pool, int port, String members, String role) {
    return Map.of(
        "EMCEE_POOL", pool,
        "EMCEE_ROLE", role,
        "EMCEE_CLUSTER_PORT", String.valueOf(port),
        "EMCEE_CLUSTER_MEMBERS", members,
        "EMCEE_CLUSTER_NAME", "emcee-scale");
  }

  static List<String> javaCommand(List<String> args) throws IOException {
    return javaCommand(ScaleRunMain.class.getName(), args);
  }

  /** A JVM of the benchmark's settings running {@code main} of the benchmarks' class path. */
  static List<String> javaCommand(String main, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx256m", "-XX:+UseSerialGC"));
    Path igniteOptions = Path.of("pool-ignite/target/classes/META-INF/emcee/ignite.jvm.options");
    if (Files.exists(igniteOptions)) {
      command.addAll(Arrays.asList(Files.readString(igniteOptions).trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(main);
    command.addAll(args);
    return command;
  }

  /** Runs the master (or the whole job) and returns its RESULT lines; bounded to 10 minutes. */
  private static List<String> master(List<String> command, Map<String, String> env)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(withSettings(env));
    Process p = pb.start();
    List<String> results = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("RESULT ")) {
          results.add(line);
        } else {
          System.err.println(line);
        }
      }
    }
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
    }
    if (p.exitValue() != 0) {
      System.err.println("# " + String.join(" ", command) + " exited " + p.exitValue());
    }
    return results;
  }
}
