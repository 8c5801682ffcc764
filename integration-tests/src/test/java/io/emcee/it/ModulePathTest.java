package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modular program ({@code module org.example { requires io.emcee.core; }}, in the test resources)
 * compiled here and run on the module path with each backend, in child JVMs started with exactly
 * the flags of the README's "On the module path" block: the grids with a worker, MPI under real
 * mpirun. Every process must exit 0.
 */
class ModulePathTest {
  @TempDir static Path work;
  private static Path program;
  private final List<ChildJvm> children = new ArrayList<>();

  @AfterEach
  void stopChildren() {
    children.forEach(ChildJvm::close);
  }

  /** One command of the README block, and the backends its comment names. */
  record Line(List<String> words, List<String> backends) {}

  static List<Line> readmeLines() throws Exception {
    String section = ReadmeFactsTest.section("On the module path");
    int open = section.indexOf("```bash\n");
    String block = section.substring(open + 8, section.indexOf("\n```", open));
    List<Line> lines = new ArrayList<>();
    for (String line : block.replace("\\\n", " ").split("\n")) {
      int hash = line.indexOf('#');
      String comment = line.substring(hash + 1).strip();
      int colon = comment.indexOf(':');
      List<String> backends =
          List.of((colon < 0 ? comment : comment.substring(0, colon)).split(",\\s*"));
      lines.add(new Line(List.of(line.substring(0, hash).strip().split("\\s+")), backends));
    }
    return lines;
  }

  private static Line lineFor(String backend) throws Exception {
    return readmeLines().stream()
        .filter(l -> l.backends().contains(backend))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the README block has a line for " + backend));
  }

  /** The test class path entry of one of this project's modules or of a library jar. */
  private static String entry(String what, Predicate<String> matches) {
    return ChildJvm.testClassPath().stream()
        .filter(matches)
        .findFirst()
        .orElseThrow(() -> new AssertionError(what + " is not on the test class path"));
  }

  private static String module(String artifact) {
    return entry(
        artifact,
        p ->
            p.contains(File.separator + artifact + File.separator + "target" + File.separator)
                && !p.contains("test-classes"));
  }

  private static String jar(String prefix) {
    return entry(prefix, p -> Path.of(p).getFileName().toString().startsWith(prefix));
  }

  /** The module path of the program with {@code backend}: as the README lists it. */
  private static String modulePath(String backend) {
    List<String> path =
        new ArrayList<>(List.of(program.toString(), module("emcee-api"), module("emcee-core")));
    switch (backend) {
      case "local" -> path.add(module("pool-local"));
      case "hazelcast" -> path.addAll(List.of(module("pool-hazelcast"), jar("hazelcast-5")));
      case "ignite" ->
          path.addAll(
              List.of(
                  module("pool-ignite"),
                  jar("ignite-core-"),
                  jar("cache-api-"),
                  entry("annotations", p -> p.contains("org/jetbrains/annotations"))));
      case "mpi" ->
          path.addAll(
              List.of(module("pool-mpi"), entry("mpi.jar", p -> p.endsWith("/lib/mpi.jar"))));
      default -> throw new AssertionError(backend);
    }
    return String.join(File.pathSeparator, path);
  }

  @BeforeAll
  static void compileTheProgram() throws Exception {
    Path sources = resource("module-path-app/module-info.java").getParent();
    program = work.resolve("org.example");
    List<String> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
    }
    JavaCompiler javac = Objects.requireNonNull(ToolProvider.getSystemJavaCompiler(), "a JDK");
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "-d",
            program.toString(),
            "--module-path",
            String.join(
                File.pathSeparator, module("emcee-api"), module("emcee-core"), jar("jspecify-"))));
    args.addAll(files);
    assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "compiled");
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(ModulePathTest.class.getClassLoader().getResource(name), name)
            .toURI());
  }

  /**
   * The README line's command, with {@code java}, {@code mpirun}, {@code "$MP"} and @file filled.
   */
  private static List<String> command(Line line, String backend) {
    String java =
        System.getProperty("emcee.test.java", System.getProperty("java.home") + "/bin/java");
    List<String> command = new ArrayList<>();
    for (String w : line.words()) {
      switch (w) {
        case "java" -> command.add(java);
        case "mpirun" -> command.add(MpiRun.mpirun().orElseThrow().toString());
        case "\"$MP\"" -> command.add(modulePath(backend));
        case "@ignite-module.jvm.options" ->
            IgniteGridTest.igniteFlags().stream()
                .map(f -> f.replace("ALL-UNNAMED", "ignite.core"))
                .forEach(command::add);
        default -> command.add(w);
      }
    }
    return command;
  }

  private ChildJvm run(String backend, Map<String, String> env) throws Exception {
    ChildJvm child = ChildJvm.launch(command(lineFor(backend), backend), env);
    children.add(child);
    return child;
  }

  private static void assertRan(ChildJvm master, String backend) throws Exception {
    assertEquals(0, master.waitFor(Duration.ofSeconds(180)), master.output());
    assertTrue(master.output().contains("pool=" + backend + " steps=50"), master.output());
    assertFalse(master.output().contains("WARNING: Unknown module"), master.output());
  }

  @Test
  void localNeedsNoFlags() throws Exception {
    assertEquals(
        List.of("java", "--module-path", "\"$MP\"", "-m"), lineFor("local").words().subList(0, 4));
    assertRan(run("local", Map.of()), "local");
  }

  private void grid(String backend, int masterPort, int workerPort) throws Exception {
    String members = "127.0.0.1:" + masterPort + ",127.0.0.1:" + workerPort;
    Map<String, String> worker = new LinkedHashMap<>();
    worker.put("EMCEE_ROLE", "worker");
    worker.put("EMCEE_CLUSTER_PORT", Integer.toString(workerPort));
    worker.put("EMCEE_CLUSTER_MEMBERS", members);
    ChildJvm w = run(backend, worker);
    ChildJvm m =
        run(
            backend,
            Map.of(
                "EMCEE_CLUSTER_PORT",
                Integer.toString(masterPort),
                "EMCEE_CLUSTER_MEMBERS",
                members));
    assertRan(m, backend);
    assertFalse(m.output().contains("EMCEE-P009"), "the worker joined: " + m.output());
    assertEquals(0, w.waitFor(Duration.ofSeconds(60)), w.output());
    assertTrue(w.output().contains("worker done"), w.output());
  }

  @Test
  void hazelcastWithAWorkerNeedsNoFlags() throws Exception {
    grid("hazelcast", 5891, 5892);
  }

  @Test
  void igniteWithAWorkerRunsWithTheReadmeFlags() throws Exception {
    grid("ignite", 47890, 47891);
  }

  @Test
  void mpiUnderMpirunNeedsNoFlags() throws Exception {
    MpiRun.assumeMpi();
    // Loopback only, root and more ranks than cores allowed through OpenMPI's environment, so
    // that the command stays the README's.
    ChildJvm job = run("mpi", MpiRun.LOOPBACK_ENVIRONMENT);
    assertRan(job, "mpi");
    assertTrue(job.output().contains("worker done"), job.output());
  }
}
