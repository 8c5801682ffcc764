package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A standing cluster of two loopback workers started with {@code bin/emcee-cluster start}, with the
 * project's jars only, and sampler programs that connect to it as clients: programs in the unnamed
 * package, compiled here, whose model classes the workers never had.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class StandingClusterTest {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  private Path dir;
  private String members;
  private final Map<String, Path> programs = new HashMap<>();
  private boolean started;

  /** The tag of the test that starts its client before the cluster. */
  private static final String BEFORE_THE_CLUSTER = "before-the-cluster";

  /** The backend's name. */
  abstract String backend();

  /** The first worker's port. */
  abstract int basePort();

  /**
   * The command of a plain server of the grid itself on 127.0.0.1:{@code port}, no emcee main, with
   * the project's jars on its class path and the cluster's key file as a system property.
   *
   * @param work a folder of this test for its configuration and files
   * @param port its port
   * @param keyFile the cluster's key file
   */
  abstract List<String> plainServer(Path work, int port, Path keyFile) throws IOException;

  /** What the plain server prints once it serves. */
  abstract String plainServerStarted();

  /**
   * How much a worker's heap after a full GC may grow from the first client run to the fiftieth: 10
   * %.
   *
   * @param first the heap after the first run, in bytes
   */
  long heapGrowthAllowed(long first) {
    return first / 10;
  }

  private static String program(double scale, Path marker) {
    return "import io.emcee.api.LogProbability;\n"
        + "import io.emcee.api.Pool;\n"
        + "import io.emcee.api.Pools;\n"
        + "import io.emcee.core.Ensemble;\n"
        + "import io.emcee.core.Sampler;\n"
        + "import java.nio.ByteBuffer;\n"
        + "import java.security.MessageDigest;\n"
        + "import java.util.HexFormat;\n"
        + "import java.util.SplittableRandom;\n"
        + "public class Main {\n"
        + "  static class Model implements LogProbability {\n"
        + "    static {\n"
        + "      if (!System.getProperty(\"sun.java.command\", \"\").startsWith(\"Main\")) {\n"
        + "        try { java.nio.file.Files.writeString(java.nio.file.Path.of(\""
        + marker.toString().replace("\\", "\\\\")
        + "\"), \"ran\"); } catch (java.io.IOException e) { }\n"
        + "      }\n"
        + "    }\n"
        + "    public double logProbability(double[] x) {\n"
        + "      double s = 0;\n"
        + "      for (double v : x) s += v * v;\n"
        + "      return -0.5 * s / "
        + scale
        + ";\n"
        + "    }\n"
        + "  }\n"
        + "  static String digest(Sampler s) throws Exception {\n"
        + "    MessageDigest md = MessageDigest.getInstance(\"SHA-256\");\n"
        + "    ByteBuffer b = ByteBuffer.allocate(8);\n"
        + "    for (double[][] step : s.getCoords()) for (double[] w : step) for (double v : w)"
        + " md.update(b.clear().putDouble(v).array());\n"
        + "    for (double[] step : s.getLogProbability()) for (double v : step)"
        + " md.update(b.clear().putDouble(v).array());\n"
        + "    return HexFormat.of().formatHex(md.digest());\n"
        + "  }\n"
        + "  static String run(Pool pool, int steps) throws Exception {\n"
        + "    double[][] start = new double[24][3];\n"
        + "    SplittableRandom r = new SplittableRandom(17);\n"
        + "    for (double[] w : start) for (int i = 0; i < w.length; i++) w[i] ="
        + " r.nextGaussian();\n"
        + "    Sampler sampler = Sampler.builder().seed(5).build();\n"
        + "    sampler.run(new Ensemble(new Model(), start, pool), steps);\n"
        + "    return digest(sampler);\n"
        + "  }\n"
        + "  public static void main(String[] args) throws Exception {\n"
        + "    int steps = Integer.parseInt(args[0]);\n"
        + "    String serial = args.length > 1 && args[1].equals(\"remote-only\") ? \"none\""
        + " : run(Pools.serial(), steps);\n"
        + "    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;\n"
        + "    for (int i = 0; i < runs; i++) {\n"
        + "    System.out.println(\"loading\");\n"
        + "    try (Pool pool = Pools.load()) {\n"
        + "      System.out.println(\"connected \" + pool);\n"
        + "      long t0 = System.nanoTime();\n"
        + "      String remote = run(pool, steps);\n"
        + "      long t1 = System.nanoTime();\n"
        + "      System.out.println(\"same=\" + serial.equals(remote) + \" digest=\" + remote"
        + " + \" us/step=\" + (t1 - t0) / 1000 / steps);\n"
        + "    }\n"
        + "    }\n"
        + "  }\n"
        + "}\n";
  }

  /** The project's jars and classes only: no test classes, no test libraries. */
  static String projectClassPath() {
    return String.join(
        File.pathSeparator,
        ChildJvm.testClassPath().stream()
            .filter(e -> !e.contains("test-classes"))
            .filter(e -> !e.contains("junit") && !e.contains("opentest4j"))
            .filter(e -> !e.contains("apiguardian") && !e.contains("archunit"))
            .toList());
  }

  static List<String> javaOptions() {
    List<String> options = new ArrayList<>();
    Path ignite = ROOT.resolve("pool-ignite/target/classes/META-INF/emcee/ignite.jvm.options");
    if (Files.exists(ignite)) {
      options.add("@" + ignite);
    }
    return options;
  }

  private Map<String, String> scriptEnv() {
    return Map.of(
        "EMCEE_CLUSTER_DIR", dir.toString(),
        "EMCEE_CLUSTER_KEYFILE", dir.resolve("cluster.key").toString(),
        "EMCEE_CLUSTER_PORT", Integer.toString(basePort()),
        "EMCEE_WORKER_CLASSPATH", projectClassPath());
  }

  private String script(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("bin/emcee-cluster").toString());
    command.addAll(List.of(args));
    try (ChildJvm run = ChildJvm.launch(command, scriptEnv())) {
      int rc = run.waitFor(Duration.ofSeconds(120));
      assertEquals(0, rc, run.output());
      return run.output();
    }
  }

  private Path compiled(String name, double scale) throws IOException {
    Path classes = programs.get(name);
    if (classes != null) {
      return classes;
    }
    Path src = dir.resolve(name + "/src/Main.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, program(scale, dir.resolve("marker-" + name)), StandardCharsets.UTF_8);
    classes = Files.createDirectories(dir.resolve(name + "/classes"));
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-d",
                classes.toString(),
                "-cp",
                projectClassPath(),
                src.toString());
    assertEquals(0, rc, "the client program compiles");
    programs.put(name, classes);
    return classes;
  }

  private ChildJvm client(String name, double scale, Map<String, String> extraEnv, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + "/bin/java");
    command.add("-Xmx256m");
    command.addAll(javaOptions());
    command.add("-cp");
    command.add(compiled(name, scale) + File.pathSeparator + projectClassPath());
    command.add("Main");
    command.addAll(List.of(args));
    Map<String, String> env = new HashMap<>();
    env.put("EMCEE_POOL", backend());
    env.put("EMCEE_ROLE", "client");
    env.put("EMCEE_CLUSTER_MEMBERS", members);
    env.put("EMCEE_CLUSTER_KEYFILE", dir.resolve("cluster.key").toString());
    env.put("EMCEE_CLUSTER_WAIT", "20");
    env.putAll(extraEnv);
    return ChildJvm.launch(command, env);
  }

  private String runClient(String name, double scale, int steps) throws Exception {
    return runClients(name, scale, steps, 1);
  }

  /** One program that connects, samples and closes {@code runs} times: one client run each. */
  private String runClients(String name, double scale, int steps, int runs) throws Exception {
    try (ChildJvm c =
        client(name, scale, Map.of(), Integer.toString(steps), "serial", Integer.toString(runs))) {
      int rc = c.waitFor(Duration.ofSeconds(120 + 30L * runs));
      assertEquals(0, rc, c.output());
      assertEquals(runs, c.output().split("same=true", -1).length - 1, c.output());
      return c.output();
    }
  }

  private static String digest(String output) {
    Matcher m = Pattern.compile("digest=(\\w+)").matcher(output);
    assertTrue(m.find(), output);
    return m.group(1);
  }

  private String workerLogs() throws IOException {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 2; i++) {
      Path log = dir.resolve(backend() + "-" + (basePort() + i) + ".log");
      if (Files.exists(log)) {
        all.append(Files.readString(log));
      }
    }
    return all.toString();
  }

  private List<Long> workerPids() throws IOException {
    return Files.readAllLines(dir.resolve(backend() + ".pids")).stream()
        .filter(l -> !l.isBlank())
        .map(String::trim)
        .map(Long::parseLong)
        .toList();
  }

  @BeforeAll
  void clusterFolder() throws Exception {
    dir = Files.createTempDirectory("emcee-standing");
    members = "127.0.0.1:" + basePort() + ",127.0.0.1:" + (basePort() + 1);
  }

  /** Starts the cluster as the README does, unless it runs; checks the line it ends with. */
  private void startCluster() throws Exception {
    if (started) {
      return;
    }
    started = true;
    String out = script("start", backend(), "2");
    String[] lines = out.strip().split("\n");
    assertEquals("EMCEE_CLUSTER_MEMBERS=" + members, lines[lines.length - 1], out);
  }

  @BeforeEach
  void clusterStarted(TestInfo test) throws Exception {
    if (!test.getTags().contains(BEFORE_THE_CLUSTER)) {
      startCluster();
    }
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (started) {
      script("stop", backend());
    }
  }

  @Test
  @Order(0)
  @Tag(BEFORE_THE_CLUSTER)
  void aClientStartedBeforeTheClusterIsServedOnceTheClusterStarts() throws Exception {
    // The client waits for the workers; they create the cluster's key file when they start.
    assertFalse(Files.exists(dir.resolve("cluster.key")));
    try (ChildJvm early =
        client("early", 2.5, Map.of("EMCEE_CLUSTER_WAIT", "60"), "30", "serial")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!early.output().contains("loading") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(early.output().contains("loading"), early.output());
      Thread.sleep(1000); // past reading its settings, into waiting for the workers
      startCluster();
      assertEquals(0, early.waitFor(Duration.ofSeconds(120)), early.output());
      assertTrue(early.output().contains("same=true"), early.output());
    }
  }

  @Test
  @Order(1)
  void aClientInTheUnnamedPackageGetsTheSerialChainFromWorkersThatNeverHadItsClasses()
      throws Exception {
    String out = runClient("a", 2.0, 30);
    assertTrue(Files.exists(dir.resolve("marker-a")), "the workers ran the shipped model");
    assertTrue(workerLogs().contains("serving client run"), workerLogs());
  }

  @Test
  @Order(2)
  void twoClientsWithSameNamedDifferentModelsEachGetTheirOwnChain() throws Exception {
    String a = digest(runClient("a", 2.0, 30));
    String b = digest(runClient("b", 3.0, 30));
    assertNotEquals(a, b, "the two models differ");
    try (ChildJvm ca = client("a", 2.0, Map.of(), "200");
        ChildJvm cb = client("b", 3.0, Map.of(), "200")) {
      assertEquals(0, ca.waitFor(Duration.ofSeconds(120)), ca.output());
      assertEquals(0, cb.waitFor(Duration.ofSeconds(120)), cb.output());
      assertTrue(ca.output().contains("same=true"), ca.output());
      assertTrue(cb.output().contains("same=true"), cb.output());
    }
  }

  @Test
  @Order(3)
  void aClientWithAWrongKeyHasNothingRun() throws Exception {
    try (ChildJvm c =
        client("forged", 5.0, Map.of("EMCEE_CLUSTER_SECRET", "not the key"), "5", "remote-only")) {
      int rc = c.waitFor(Duration.ofSeconds(120));
      assertNotEquals(0, rc, c.output());
      assertTrue(c.output().contains("EMCEE-P046"), c.output());
    }
    assertFalse(
        Files.exists(dir.resolve("marker-forged")), "no class of a refused request was run");
    assertTrue(workerLogs().contains("refused a request"), workerLogs());
  }

  @Test
  @Order(4)
  void aKilledClientLeavesTheWorkersServingTheNext() throws Exception {
    try (ChildJvm doomed = client("a", 2.0, Map.of(), "1000000", "remote-only")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!doomed.output().contains("connected") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(1000); // mid-run
      doomed.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    long start = System.nanoTime();
    runClient("b", 3.0, 20);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertTrue(seconds < 30, "the next client was served in " + seconds + " s");
  }

  @Test
  @Order(5)
  void manySequentialClientsDoNotGrowTheWorkersHeap() throws Exception {
    // 50 client runs: the first alone, then programs of 7 runs each (a program start costs more
    // than a run, and the workers see a new client, a new run and new class loaders either way).
    int clients = Integer.getInteger("emcee.test.standing.clients", 50);
    long pid = workerPids().get(0);
    runClient("a", 2.0, 10);
    long first = heapAfterFullGc(pid);
    for (int done = 1, program = 0; done < clients; program++) {
      int runs = Math.min(7, clients - done);
      runClients(program % 2 == 0 ? "b" : "a", program % 2 == 0 ? 3.0 : 2.0, 10, runs);
      done += runs;
    }
    long last = heapAfterFullGc(pid);
    System.out.println(
        backend()
            + ": worker heap after a full GC, after the first client "
            + first / 1024
            + " KB, after "
            + clients
            + " clients "
            + last / 1024
            + " KB");
    long loaders = runLoaders(pid);
    assertTrue(loaders <= 4, "run class loaders still held after a full GC: " + loaders);
    assertTrue(
        last - first <= heapGrowthAllowed(first),
        "heap after " + clients + " clients " + last + " vs after the first " + first);
  }

  /** How many class loaders of client runs a JVM holds (at most the runs it keeps), by jcmd. */
  private static long runLoaders(long pid) throws Exception {
    String jcmd = System.getProperty("java.home") + "/bin/jcmd";
    try (ChildJvm histogram =
        ChildJvm.launch(List.of(jcmd, Long.toString(pid), "GC.class_histogram"), Map.of())) {
      histogram.waitFor(Duration.ofSeconds(60));
      Matcher m =
          Pattern.compile(
                  "\\d+:\\s+(\\d+)\\s+\\d+\\s+io\\.emcee\\.api\\.spi\\.support\\.ClassBundle\\$RunLoader\\b")
              .matcher(histogram.output());
      return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
  }

  /** The used heap of a JVM after a full GC, by jcmd. */
  private static long heapAfterFullGc(long pid) throws Exception {
    String jcmd = System.getProperty("java.home") + "/bin/jcmd";
    try (ChildJvm gc = ChildJvm.launch(List.of(jcmd, Long.toString(pid), "GC.run"), Map.of())) {
      gc.waitFor(Duration.ofSeconds(60));
    }
    try (ChildJvm info =
        ChildJvm.launch(List.of(jcmd, Long.toString(pid), "GC.heap_info"), Map.of())) {
      info.waitFor(Duration.ofSeconds(60));
      Matcher m = Pattern.compile("used (\\d+)K").matcher(info.output());
      assertTrue(m.find(), info.output());
      return Long.parseLong(m.group(1)) * 1024;
    }
  }

  @Test
  @Order(6)
  void aSecondWorkerOnATakenPortSaysSoInOneLine() throws Exception {
    List<String> command =
        List.of(
            ROOT.resolve("bin/emcee-worker").toString(),
            backend(),
            "--port",
            Integer.toString(basePort()));
    try (ChildJvm w = ChildJvm.launch(command, scriptEnv())) {
      assertEquals(1, w.waitFor(Duration.ofSeconds(60)), w.output());
      assertEquals(1, w.output().strip().lines().count(), w.output());
      assertTrue(w.output().contains("already in use"), w.output());
    }
  }

  @Test
  @Order(7)
  void aClientWithNoClusterFailsInBoundedTimeNamingTheAddresses() throws Exception {
    String nowhere = "127.0.0.1:" + (basePort() + 50);
    long start = System.nanoTime();
    try (ChildJvm c =
        client(
            "a",
            2.0,
            Map.of("EMCEE_CLUSTER_MEMBERS", nowhere, "EMCEE_CLUSTER_WAIT", "5"),
            "5",
            "remote-only")) {
      assertNotEquals(0, c.waitFor(Duration.ofSeconds(90)), c.output());
      assertTrue(c.output().contains("EMCEE-P045"), c.output());
      assertTrue(c.output().contains(nowhere), c.output());
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertTrue(seconds < 40, "failed after " + seconds + " s");
  }

  @Test
  @Order(8)
  void aWorkerKilledMidRunLeavesTheClientTheSerialChain() throws Exception {
    try (ChildJvm c = client("a", 2.0, Map.of(), "6000")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!c.output().contains("connected") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Thread.sleep(1500);
      assertTrue(c.process().isAlive(), "the run was still going: " + c.output());
      long worker = workerPids().get(1);
      ProcessHandle.of(worker).ifPresent(ProcessHandle::destroyForcibly);
      assertEquals(0, c.waitFor(Duration.ofSeconds(180)), c.output());
      assertTrue(c.output().contains("same=true"), c.output());
    }
  }

  @Test
  @Order(9)
  void aClientOfAnotherClusterNameIsToldSoInOneLine() throws Exception {
    try (ChildJvm c =
        client(
            "a",
            2.0,
            Map.of("EMCEE_CLUSTER_NAME", "another-name", "EMCEE_CLUSTER_WAIT", "5"),
            "5",
            "remote-only")) {
      assertNotEquals(0, c.waitFor(Duration.ofSeconds(90)), c.output());
      String line = c.output().lines().filter(l -> l.contains("EMCEE-P091")).findFirst().orElse("");
      assertTrue(line.contains("'another-name'"), c.output());
    }
  }

  @Test
  @Order(10)
  void aPlainServerOfTheGridWithTheProjectsJarsServesAClientTheSerialChain() throws Exception {
    int port = basePort() + 30;
    Path work = Files.createDirectories(dir.resolve("plain-server"));
    try (ChildJvm server =
        ChildJvm.launch(plainServer(work, port, dir.resolve("cluster.key")), Map.of())) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!server.output().contains(plainServerStarted()) && System.nanoTime() < deadline) {
        assertTrue(server.process().isAlive(), server.output());
        Thread.sleep(200);
      }
      assertTrue(server.output().contains(plainServerStarted()), server.output());
      try (ChildJvm c =
          client("plain", 4.0, Map.of("EMCEE_CLUSTER_MEMBERS", "127.0.0.1:" + port), "30")) {
        assertEquals(0, c.waitFor(Duration.ofSeconds(120)), c.output());
        assertTrue(c.output().contains("same=true"), c.output());
      }
      assertTrue(Files.exists(dir.resolve("marker-plain")), "the plain server ran the model");
      assertTrue(server.output().contains("serving client run"), server.output());
      server.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
