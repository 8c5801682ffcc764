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
 * Runs the README's grid recipes as written: the commands of its Hazelcast and Ignite code blocks,
 * read from README.md, with only {@code java}, {@code -cp ...}, {@code @ignite.jvm.options} and
 * {@code my.Main} replaced by this machine's java, the test class path, the flags file and {@link
 * RecipeMain}. Every process must exit 0 and the master's chain must be the serial pool's, whether
 * the workers start first (as written) or last, and a typo in a setting must end in one coded line.
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
            String.join(File.pathSeparator, ChildJvm.testClassPath()),
            env,
            options,
            RecipeMain.class);
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
    List<Command> commands = recipe(section);
    assertTrue(commands.size() >= 2, commands::toString);
    Command master = commands.get(commands.size() - 1);
    assertTrue(!master.background() && commands.get(0).background(), commands::toString);
    List<ChildJvm> workers = new ArrayList<>();
    ChildJvm m;
    if (workersFirst) {
      for (Command c : commands.subList(0, commands.size() - 1)) {
        workers.add(start(c, Map.of()));
      }
      m = start(master, Map.of());
    } else {
      m = start(master, Map.of());
      Thread.sleep(3_000);
      for (Command c : commands.subList(0, commands.size() - 1)) {
        workers.add(start(c, Map.of()));
      }
    }
    assertEquals(0, m.waitFor(Duration.ofSeconds(180)), m.output());
    String pool = m.output().lines().filter(l -> l.startsWith("pool=")).findFirst().orElse("");
    assertEquals("pool=" + master.env().get("EMCEE_POOL"), pool, m.output());
    assertTrue(m.output().contains("digest=" + serialDigest()), m.output());
    assertTrue(!m.output().contains("EMCEE-P009"), "every worker joined: " + m.output());
    for (ChildJvm w : workers) {
      assertEquals(0, w.waitFor(Duration.ofSeconds(60)), w.output());
    }
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
}
