package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's recipes as written: the commands of its Hazelcast and Ignite code blocks, read
 * from README.md, with only {@code java}, {@code -cp ...}, {@code @ignite.jvm.options} and {@code
 * my.Main} replaced by this machine's java, the test class path, the flags file and {@link
 * RecipeMain} (the Java program) or {@code KotlinRecipeMain.kt} (the README's Kotlin snippet,
 * checked to be it line by line); the MPI block's {@code mpirun} and {@code bin/mpirun-local}
 * commands under real mpirun, with the class path as written; and both programs on the local pool.
 * Every process must exit 0 and the Java master's chain must be the serial pool's, whether the
 * workers start first (as written) or last, and a typo in a setting must end in one coded line.
 */
class ReadmeRecipeTest {
  private final List<ChildJvm> children = new ArrayList<>();

  @AfterEach
  void stopChildren() {
    children.forEach(ChildJvm::close);
  }

  /** One command of a recipe: its environment and whether the README runs it in the background. */
  record Command(Map<String, String> env, List<String> javaOptions, boolean background) {}

  static List<Command> recipe(String section) throws Exception {
    String readme = Files.readString(readme(), StandardCharsets.UTF_8);
    int at = readme.indexOf("\n## " + section);
    assertTrue(at >= 0, "README has a section " + section);
    int open = readme.indexOf("```bash\n", at);
    String block = readme.substring(open + 8, readme.indexOf("\n```", open));
    List<Command> commands = new ArrayList<>();
    for (String line : block.replace("\\\n", " ").split("\n")) {
      line = line.strip();
      if (line.startsWith("#") || !line.contains(" java ")) {
        continue;
      }
      Map<String, String> env = new LinkedHashMap<>();
      List<String> options = new ArrayList<>();
      String[] words = line.split("\\s+");
      int i = 0;
      for (; words[i].matches("[A-Z_]+=.*"); i++) {
        env.put(
            words[i].substring(0, words[i].indexOf('=')),
            words[i].substring(words[i].indexOf('=') + 1));
      }
      assertEquals("java", words[i++], line);
      for (; !words[i].equals("-cp"); i++) {
        options.add(words[i]);
      }
      assertEquals("...", words[i + 1], line);
      assertEquals("my.Main", words[i + 2], line);
      commands.add(new Command(env, options, line.endsWith("&")));
    }
    return commands;
  }

  private static Path readme() {
    Path p = Path.of("README.md").toAbsolutePath();
    return Files.exists(p) ? p : Path.of("..", "README.md").toAbsolutePath();
  }

  private ChildJvm start(Command c, Map<String, String> change) throws Exception {
    return start(c, change, RecipeMain.class);
  }

  private ChildJvm start(Command c, Map<String, String> change, Class<?> main) throws Exception {
    List<String> options = new ArrayList<>();
    for (String o : c.javaOptions()) {
      if (o.equals("@ignite.jvm.options")) {
        options.addAll(IgniteGridTest.igniteFlags());
      } else {
        options.add(o);
      }
    }
    Map<String, String> env = new LinkedHashMap<>(c.env());
    env.putAll(change);
    ChildJvm child =
        ChildJvm.start(
            String.join(File.pathSeparator, ChildJvm.testClassPath()), env, options, main);
    children.add(child);
    return child;
  }

  private static String serialDigest() {
    Sampler sampler = Sampler.builder().seed(42).build();
    sampler.run(
        new Ensemble(
            x -> {
              double s = 0;
              for (double v : x) {
                s += v * v;
              }
              return -0.5 * s;
            },
            TestModels.start(100, 10, 7),
            Pools.serial()),
        RecipeMain.STEPS);
    return ChainDigest.of(sampler);
  }

  /** Starts the commands in the given order, {@code delay} apart; the master is the last one. */
  private void runInOrder(String section, boolean workersFirst) throws Exception {
    Started run = runInOrder(section, workersFirst, RecipeMain.class).get(0);
    Command master = run.command();
    ChildJvm m = run.process();
    String pool = m.output().lines().filter(l -> l.startsWith("pool=")).findFirst().orElse("");
    assertEquals("pool=" + master.env().get("EMCEE_POOL"), pool, m.output());
    assertTrue(m.output().contains("digest=" + serialDigest()), m.output());
  }

  /** A started process of a recipe and the command it runs. */
  record Started(Command command, ChildJvm process) {}

  /**
   * Runs a recipe's commands with {@code main} as the program, workers first or last; returns the
   * master first, after checking that every process exited 0 and every worker joined.
   */
  private List<Started> runInOrder(String section, boolean workersFirst, Class<?> main)
      throws Exception {
    List<Command> commands = recipe(section);
    assertTrue(commands.size() >= 2, commands::toString);
    Command master = commands.get(commands.size() - 1);
    assertTrue(!master.background() && commands.get(0).background(), commands::toString);
    List<Started> workers = new ArrayList<>();
    ChildJvm m;
    if (workersFirst) {
      for (Command c : commands.subList(0, commands.size() - 1)) {
        workers.add(new Started(c, start(c, Map.of(), main)));
      }
      m = start(master, Map.of(), main);
    } else {
      m = start(master, Map.of(), main);
      Thread.sleep(3_000);
      for (Command c : commands.subList(0, commands.size() - 1)) {
        workers.add(new Started(c, start(c, Map.of(), main)));
      }
    }
    assertEquals(0, m.waitFor(Duration.ofSeconds(300)), m.output());
    assertTrue(!m.output().contains("EMCEE-P009"), "every worker joined: " + m.output());
    for (Started w : workers) {
      assertEquals(0, w.process().waitFor(Duration.ofSeconds(60)), w.process().output());
    }
    List<Started> all = new ArrayList<>(List.of(new Started(master, m)));
    all.addAll(workers);
    return all;
  }

  @Test
  void hazelcastRecipeAsWritten() throws Exception {
    runInOrder("Running on Hazelcast", true);
  }

  @Test
  void hazelcastRecipeMasterFirst() throws Exception {
    runInOrder("Running on Hazelcast", false);
  }

  @Test
  void igniteRecipeAsWritten() throws Exception {
    runInOrder("Running on Apache Ignite", true);
  }

  @Test
  void igniteRecipeMasterFirst() throws Exception {
    runInOrder("Running on Apache Ignite", false);
  }

  @Test
  void aTypoInARecipeSettingEndsInOneCodedLine() throws Exception {
    Command master = recipe("Running on Hazelcast").get(2);
    ChildJvm role = start(master, Map.of("EMCEE_ROLE", "wroker"));
    assertNotEquals(0, role.waitFor(Duration.ofSeconds(60)), role.output());
    assertTrue(
        role.output().contains("environment variable EMCEE_ROLE is 'wroker'"), role.output());
    ChildJvm members = start(master, Map.of("EMCEE_CLUSTER_MEMBERS", "127.0.0.1:57O1"));
    assertNotEquals(0, members.waitFor(Duration.ofSeconds(60)), members.output());
    assertTrue(members.output().contains("EMCEE-P008"), members.output());
    Map<String, String> misspelled = new LinkedHashMap<>(master.env());
    misspelled.put("EMCEE_CLUSTER_MEMBRES", misspelled.remove("EMCEE_CLUSTER_MEMBERS"));
    ChildJvm name = start(new Command(misspelled, master.javaOptions(), false), Map.of());
    assertEquals(0, name.waitFor(Duration.ofSeconds(120)), name.output());
    assertTrue(
        name.output()
            .contains(
                "[EMCEE-S005] environment variable EMCEE_CLUSTER_MEMBRES is not a setting and is"
                    + " ignored; did you mean EMCEE_CLUSTER_MEMBERS?"),
        name.output());
  }

  /** The lines of the README's "Running under mpirun" command block. */
  private static List<String> mpiLines() throws Exception {
    String section = ReadmeFactsTest.section("Running under mpirun");
    int open = section.indexOf("```bash\n");
    return List.of(section.substring(open + 8, section.indexOf("\n```", open)).split("\n"));
  }

  private static String testClasses() {
    return ChildJvm.testClassPath().stream()
        .filter(
            p ->
                p.replace(File.separatorChar, '/')
                    .endsWith("integration-tests/target/test-classes"))
        .findFirst()
        .orElseThrow();
  }

  /** The test class path entry of a module of this project or of OpenMPI's mpi.jar. */
  private static String classPathEntry(String jar) {
    String artifact = jar.substring(0, jar.length() - ".jar".length());
    return ChildJvm.testClassPath().stream()
        .filter(
            p ->
                artifact.equals("mpi")
                    ? p.endsWith(File.separator + "mpi.jar")
                    : p.contains(File.separator + artifact + File.separator + "target"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(jar + " is not on the test class path"));
  }

  private void assertMpiRecipeRan(ChildJvm job) throws Exception {
    assertEquals(0, job.waitFor(Duration.ofSeconds(300)), job.output());
    assertTrue(job.output().contains("pool=mpi"), job.output());
    assertTrue(job.output().contains("digest=" + serialDigest()), job.output());
  }

  @Test
  void mpiRecipeAsWritten() throws Exception {
    MpiRun.assumeMpi();
    String line = mpiLines().get(0).strip();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("mpirun -np (\\d+) java -cp \"([^\"]+)\" Main")
            .matcher(line);
    assertTrue(m.matches(), line);
    // The class path as written: the program's jar, the API, the sampler, the pool and mpi.jar;
    // here the program is RecipeMain in the test classes.
    List<String> classPath = new ArrayList<>();
    for (String jar : m.group(2).split(":")) {
      if (jar.equals("app.jar")) {
        classPath.add(testClasses());
      } else {
        classPath.add(classPathEntry(jar.substring(jar.lastIndexOf('/') + 1)));
      }
    }
    assertEquals(5, classPath.size(), line);
    String java =
        System.getProperty("emcee.test.java", System.getProperty("java.home") + "/bin/java");
    ChildJvm job =
        ChildJvm.launch(
            List.of(
                MpiRun.mpirun().orElseThrow().toString(),
                "-np",
                m.group(1),
                java,
                "-cp",
                String.join(File.pathSeparator, classPath),
                RecipeMain.class.getName()),
            MpiRun.LOOPBACK_ENVIRONMENT);
    children.add(job);
    assertMpiRecipeRan(job);
  }

  @Test
  void mpiRecipeThroughMpirunLocal() throws Exception {
    MpiRun.assumeMpi();
    String line =
        mpiLines().stream().filter(l -> l.startsWith("bin/mpirun-local")).findFirst().orElseThrow();
    String[] words = line.substring(0, line.indexOf('#')).strip().split("\\s+");
    assertEquals(List.of("bin/mpirun-local", "3", "java", "-cp", "...", "Main"), List.of(words));
    String java =
        System.getProperty("emcee.test.java", System.getProperty("java.home") + "/bin/java");
    ChildJvm job =
        ChildJvm.launch(
            List.of(
                ReadmeFactsTest.root().resolve(words[0]).toString(),
                words[1],
                java,
                "-cp",
                String.join(File.pathSeparator, ChildJvm.testClassPath()),
                RecipeMain.class.getName()),
            Map.of());
    children.add(job);
    assertMpiRecipeRan(job);
  }

  @Test
  void javaRecipeOnTheLocalPool() throws Exception {
    // The README's Java program with no setting: the local pool, and the serial pool's chain.
    ChildJvm local = start(new Command(Map.of(), List.of(), false), Map.of());
    assertEquals(0, local.waitFor(Duration.ofSeconds(120)), local.output());
    assertTrue(local.output().contains("pool=local"), local.output());
    assertTrue(local.output().contains("digest=" + serialDigest()), local.output());
  }

  private static Class<?> kotlinMain() throws ClassNotFoundException {
    return Class.forName("io.emcee.it.KotlinRecipeMainKt");
  }

  private static void assertKotlinRecipeOutput(String output) {
    assertTrue(output.contains("80000 samples, acceptance 0.4"), output);
    assertTrue(output.contains("tau = "), output);
  }

  @Test
  void kotlinRecipeIsTheReadmeSnippet() throws Exception {
    String readme = Files.readString(readme(), StandardCharsets.UTF_8);
    int at = readme.indexOf("\n## Kotlin\n");
    int open = readme.indexOf("```kotlin\n", at);
    List<String> written =
        readme
            .substring(open + 10, readme.indexOf("\n```", open))
            .lines()
            .map(String::strip)
            .toList();
    String source = Files.readString(Path.of("src/test/kotlin/io/emcee/it/KotlinRecipeMain.kt"));
    int from = source.indexOf("// ---- README.md, Kotlin, first snippet ----\n");
    List<String> run =
        source
            .substring(source.indexOf('\n', from) + 1, source.indexOf("// ---- end of snippet"))
            .strip()
            .lines()
            .map(String::strip)
            .toList();
    assertEquals(written, run);
  }

  @Test
  void kotlinRecipeOnTheLocalPool() throws Exception {
    ChildJvm local = start(new Command(Map.of(), List.of(), false), Map.of(), kotlinMain());
    assertEquals(0, local.waitFor(Duration.ofSeconds(120)), local.output());
    assertKotlinRecipeOutput(local.output());
  }

  @Test
  void kotlinRecipeOnHazelcastAsWritten() throws Exception {
    List<Started> run = runInOrder("Running on Hazelcast", true, kotlinMain());
    assertKotlinRecipeOutput(run.get(0).process().output());
    for (Started worker : run.subList(1, run.size())) {
      assertTrue(!worker.process().output().contains("tau ="), worker.process().output());
    }
  }

  @Test
  void kotlinRecipeOnHazelcastMasterFirst() throws Exception {
    assertKotlinRecipeOutput(
        runInOrder("Running on Hazelcast", false, kotlinMain()).get(0).process().output());
  }
}
