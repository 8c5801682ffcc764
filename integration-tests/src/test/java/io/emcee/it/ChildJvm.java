package io.emcee.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Starts a JVM child process with the test class path, bounded in time and always destroyed. Used
 * for what one JVM cannot show: environment variables, class paths without a backend, grid workers,
 * signals.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path output;

  /**
   * A child inherits ignored signals, and a test suite started in the background by a script (
   * {@code mvn ... &}) has SIGINT ignored; a JVM that starts so can never catch it. GNU env puts
   * SIGINT back to its default before it starts the child, so Ctrl-C tests mean the same however
   * the suite was started.
   */
  private static final List<String> SIGINT_RESET = List.of("env", "--default-signal=INT");

  private static final boolean RESETS_SIGINT = resetsSigint();

  private static boolean resetsSigint() {
    try {
      Process p =
          new ProcessBuilder(SIGINT_RESET.get(0), SIGINT_RESET.get(1), "true")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private ChildJvm(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** The class path the tests run with, as a list of entries. */
  static List<String> testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    return Arrays.asList(cp.split(File.pathSeparator));
  }

  /** The test class path without the entries {@code exclude} matches. */
  static String classPathWithout(Predicate<String> exclude) {
    return String.join(
        File.pathSeparator, testClassPath().stream().filter(exclude.negate()).toList());
  }

  /**
   * Starts {@code mainClass} in a new JVM.
   *
   * @param classPath the class path
   * @param env extra environment variables
   * @param jvmArgs options before the main class
   * @param mainClass the class to run
   * @param args its arguments
   */
  static ChildJvm start(
      String classPath,
      Map<String, String> env,
      List<String> jvmArgs,
      Class<?> mainClass,
      String... args)
      throws IOException {
    return launch(javaCommand(classPath, jvmArgs, mainClass, args), env);
  }

  /** The command {@link #start} runs: this JDK's java, a small heap, then the arguments given. */
  static List<String> javaCommand(
      String classPath, List<String> jvmArgs, Class<?> mainClass, String... args) {
    String java =
        System.getProperty("emcee.test.java", System.getProperty("java.home") + "/bin/java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(classPath);
    command.addAll(jvmArgs);
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Starts any command (such as {@code mpirun}) as {@link #start} starts a JVM: output to a
   * temporary log, {@code EMCEE_*} variables of this process removed, {@code env} added.
   */
  static ChildJvm launch(List<String> command, Map<String, String> env) throws IOException {
    Path output = Files.createTempFile("child-jvm", ".log");
    List<String> full = new ArrayList<>();
    if (RESETS_SIGINT) {
      full.addAll(SIGINT_RESET);
    }
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
    pb.redirectOutput(output.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("EMCEE_"));
    pb.environment().putAll(env);
    return new ChildJvm(pb.start(), output);
  }

  /** Waits for the process to end, at most {@code timeout}; returns its exit code. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new AssertionError(
          "child JVM did not finish within " + timeout + "; output:\n" + output());
    }
    return process.exitValue();
  }

  /** Everything the process printed so far (stdout and stderr). */
  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }

  /** The process, for signals and liveness checks. */
  Process process() {
    return process;
  }

  /**
   * Sends SIGINT, as Ctrl-C at a terminal does. Fails with the reason if the child ignores SIGINT
   * (read from {@code /proc} where there is one), since the signal would then do nothing.
   */
  void interrupt() throws IOException, InterruptedException {
    long pid = process.pid();
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (Files.isReadable(status)) {
      for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
        if (line.startsWith("SigIgn:")
            && (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0) {
          throw new AssertionError(
              "the child ignores SIGINT, inherited from the test run (started in the background"
                  + " by a script?), and 'env --default-signal=INT' "
                  + (RESETS_SIGINT ? "did not reset it" : "is not available here"));
        }
      }
    }
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -INT " + pid + " failed; output:\n" + output());
    }
  }

  /** Destroys the process (forcibly if it does not stop within 5 s) and deletes its log. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(output);
    } catch (IOException ignored) {
      // a leftover temp file is harmless
    }
  }
}
