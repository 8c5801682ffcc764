package io.emcee.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.emcee.api.Pools;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code mpirun -np N java -cp <test class path> Main} job on loopback, bounded in time and
 * always cleaned up: on close, mpirun and every rank that printed its pid ({@code rank R pid P})
 * are destroyed if still alive.
 */
final class MpiRun implements AutoCloseable {
  private static final Pattern RANK_PID = Pattern.compile("rank (\\d+) pid (\\d+)");

  /**
   * OpenMPI's environment for a job on loopback only, by root, with more ranks than cores: what
   * {@code start} passes as options, for a command that must stay as written.
   */
  static final Map<String, String> LOOPBACK_ENVIRONMENT =
      Map.of(
          "OMPI_MCA_btl_tcp_if_include", "lo",
          "OMPI_MCA_oob_tcp_if_include", "lo",
          "OMPI_MCA_rmaps_base_oversubscribe", "1",
          "OMPI_ALLOW_RUN_AS_ROOT", "1",
          "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");

  private final ChildJvm mpirun;

  private MpiRun(ChildJvm mpirun) {
    this.mpirun = mpirun;
  }

  /** Skips the calling test, with the reason, unless pool-mpi, mpi.jar and mpirun are all here. */
  static void assumeMpi() {
    assumeTrue(
        Pools.available().contains("mpi"),
        "MPI tests skipped: pool-mpi is not on the class path (no pool-mpi/lib/mpi.jar: run"
            + " bin/build-mpi-jar, or bin/test, which installs OpenMPI and builds it)");
    assumeTrue(
        bindingsPresent(),
        "MPI tests skipped: OpenMPI's Java bindings (mpi.jar) are not on the class path");
    assumeTrue(
        mpirun().isPresent(),
        "MPI tests skipped: mpirun is not on the PATH (install openmpi-bin, or run bin/test)");
  }

  private static boolean bindingsPresent() {
    try {
      Class.forName("mpi.MPI", false, MpiRun.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static Optional<Path> mpirun() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "mpirun");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Starts {@code ranks} copies of {@code mainClass} under mpirun, on loopback only. */
  static MpiRun start(int ranks, Class<?> mainClass, String... args) throws IOException {
    String java =
        System.getProperty("emcee.test.java", System.getProperty("java.home") + "/bin/java");
    List<String> command = new ArrayList<>();
    command.add(mpirun().orElseThrow().toString());
    command.addAll(
        List.of(
            "--allow-run-as-root",
            "--oversubscribe",
            "--mca",
            "btl_tcp_if_include",
            "lo",
            "--mca",
            "oob_tcp_if_include",
            "lo",
            "-np",
            Integer.toString(ranks),
            java,
            "-Xmx192m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            ChildJvm.classPathWithout(s -> false),
            mainClass.getName()));
    command.addAll(List.of(args));
    return new MpiRun(ChildJvm.launch(command, Map.of()));
  }

  /** Waits for mpirun to end, at most {@code timeout} (a hang guard); returns its exit code. */
  int waitFor(Duration timeout) throws InterruptedException {
    Process process = mpirun.process();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      String out = output();
      close();
      throw new AssertionError("mpirun did not finish within " + timeout + "; output:\n" + out);
    }
    return process.exitValue();
  }

  /** Everything mpirun and the ranks printed so far. */
  String output() {
    return mpirun.output();
  }

  /** The pids the ranks printed, in order of appearance. */
  List<Long> rankPids() {
    List<Long> pids = new ArrayList<>();
    Matcher m = RANK_PID.matcher(output());
    while (m.find()) {
      pids.add(Long.parseLong(m.group(2)));
    }
    return pids;
  }

  /** The rank processes still alive after waiting up to {@code grace} for them to go. */
  List<Long> survivors(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    List<Long> alive;
    do {
      alive = rankPids().stream().filter(MpiRun::alive).toList();
      if (alive.isEmpty()) {
        return alive;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return alive;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Destroys mpirun (forcibly after 5 s) and then any rank still alive, and deletes the log. */
  @Override
  public void close() {
    List<ProcessHandle> ranks = new ArrayList<>(mpirun.process().descendants().toList());
    for (long pid : rankPids()) {
      ProcessHandle.of(pid).ifPresent(ranks::add);
    }
    mpirun.close();
    for (ProcessHandle rank : ranks) {
      if (rank.isAlive()) {
        rank.destroyForcibly();
      }
    }
  }
}
