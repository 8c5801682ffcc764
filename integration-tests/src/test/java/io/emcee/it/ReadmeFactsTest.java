package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.spi.PoolProvider;
import io.emcee.api.spi.support.Shipping;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What the README states about the build and the allow-list, compared with the poms and the code
 * they describe, so that the two cannot drift apart: the dependency snippets (Maven and Gradle),
 * which artifact brings which pool and library version, and the deserialization allow-list.
 */
class ReadmeFactsTest {

  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("README.md")) ? here : here.getParent();
  }

  static String section(String title) throws Exception {
    String readme = Files.readString(root().resolve("README.md"), StandardCharsets.UTF_8);
    int at = readme.indexOf("\n## " + title + "\n");
    assertTrue(at >= 0, "README has a section " + title);
    int end = readme.indexOf("\n## ", at + 4);
    return readme.substring(at, end < 0 ? readme.length() : end);
  }

  private static String block(String section, String language) {
    int open = section.indexOf("```" + language + "\n");
    assertTrue(open >= 0, "a ```" + language + " block");
    return section.substring(open + language.length() + 4, section.indexOf("\n```", open));
  }

  private static Element pom(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(file.toFile())
        .getDocumentElement();
  }

  /** The text of a direct child element, or null. */
  private static String child(Element e, String name) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && c.getTagName().equals(name)) {
        return c.getTextContent().trim();
      }
    }
    return null;
  }

  private record Coordinates(String group, String artifact, String version) {}

  /** The coordinates the root pom gives {@code artifact}: its module's pom, checked to be a jar. */
  private static Coordinates built(String artifact) throws Exception {
    Path dir = root().resolve(artifact);
    assertTrue(Files.exists(dir.resolve("pom.xml")), "a module " + artifact);
    Element module = pom(dir.resolve("pom.xml"));
    Element parent = (Element) module.getElementsByTagName("parent").item(0);
    String packaging = child(module, "packaging");
    assertTrue(packaging == null || packaging.equals("jar"), artifact + " is a jar");
    String group = child(module, "groupId");
    String version = child(module, "version");
    return new Coordinates(
        group == null ? child(parent, "groupId") : group,
        child(module, "artifactId"),
        version == null ? child(parent, "version") : version);
  }

  private static Coordinates rootCoordinates() throws Exception {
    Element root = pom(root().resolve("pom.xml"));
    return new Coordinates(
        child(root, "groupId"), child(root, "artifactId"), child(root, "version"));
  }

  /** Artifact names a comment offers instead: {@code or pool-hazelcast, pool-ignite}. */
  private static List<String> alternatives(String line) {
    List<String> names = new ArrayList<>();
    Matcher or = Pattern.compile("(?:<!--|//)\\s*or ([a-z0-9-]+(?:, [a-z0-9-]+)*)").matcher(line);
    if (or.find()) {
      names.addAll(List.of(or.group(1).split(", ")));
    }
    return names;
  }

  @Test
  void mavenSnippetNamesTheCoordinatesThePomsBuild() throws Exception {
    String xml = block(section("Add it to your build"), "xml");
    Element deps =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new org.xml.sax.InputSource(new java.io.StringReader("<d>" + xml + "</d>")))
            .getDocumentElement();
    List<String> artifacts = new ArrayList<>();
    for (int i = 0; i < deps.getElementsByTagName("dependency").getLength(); i++) {
      Element d = (Element) deps.getElementsByTagName("dependency").item(i);
      Coordinates given =
          new Coordinates(child(d, "groupId"), child(d, "artifactId"), child(d, "version"));
      assertEquals(built(given.artifact()), given, xml);
      artifacts.add(given.artifact());
    }
    assertEquals(List.of("emcee-core", "pool-local"), artifacts);
    List<String> others = new ArrayList<>();
    xml.lines().map(ReadmeFactsTest::alternatives).forEach(others::addAll);
    assertEquals(List.of("pool-hazelcast", "pool-ignite", "pool-mpi"), others);
    for (String other : others) {
      Coordinates c = built(other);
      assertEquals(rootCoordinates().group(), c.group());
      assertEquals(rootCoordinates().version(), c.version());
    }
  }

  @Test
  void gradleSnippetNamesTheCoordinatesThePomsBuild() throws Exception {
    String kts = block(section("Add it to your build"), "kotlin");
    Matcher m = Pattern.compile("\"([\\w.-]+):([\\w.-]+):([\\w.-]+)\"").matcher(kts);
    List<String> artifacts = new ArrayList<>();
    while (m.find()) {
      Coordinates given = new Coordinates(m.group(1), m.group(2), m.group(3));
      assertEquals(built(given.artifact()), given, kts);
      artifacts.add(given.artifact());
    }
    assertEquals(List.of("emcee-core", "pool-local", "emcee-kotlin"), artifacts);
    List<String> others = new ArrayList<>();
    kts.lines().map(ReadmeFactsTest::alternatives).forEach(others::addAll);
    assertEquals(List.of("pool-hazelcast", "pool-ignite", "pool-mpi"), others);
    others.forEach(
        a -> assertTrue(Files.exists(root().resolve(a).resolve("pom.xml")), "a module " + a));
  }

  @Test
  void eachPoolArtifactBringsThePoolAndLibraryTheReadmeSays() throws Exception {
    String text = section("Add it to your build").replaceAll("\\s+", " ");
    Matcher m = Pattern.compile("`(pool-[a-z]+)` brings `([a-z]+)`").matcher(text);
    Map<String, String> brings = new LinkedHashMap<>();
    while (m.find()) {
      brings.put(m.group(1), m.group(2));
    }
    assertEquals(
        Set.of("pool-local", "pool-hazelcast", "pool-ignite", "pool-mpi"), brings.keySet());
    for (Map.Entry<String, String> e : brings.entrySet()) {
      Path services =
          root()
              .resolve(e.getKey())
              .resolve("src/main/resources/META-INF/services/" + PoolProvider.class.getName());
      String provider = Files.readString(services).strip();
      Class<?> type;
      try {
        type = Class.forName(provider);
      } catch (ClassNotFoundException notBuilt) {
        // pool-mpi joins the build only with OpenMPI's mpi.jar; its name is then read from source.
        Path source =
            root()
                .resolve(e.getKey())
                .resolve("src/main/java/" + provider.replace('.', '/') + ".java");
        assertTrue(
            Files.readString(source).contains("\"" + e.getValue() + "\""),
            provider + " is named " + e.getValue());
        continue;
      }
      PoolProvider p = (PoolProvider) type.getConstructor().newInstance();
      assertEquals(e.getValue(), p.getName(), e.getKey());
    }
    Element properties =
        (Element) pom(root().resolve("pom.xml")).getElementsByTagName("properties").item(0);
    assertTrue(
        text.contains("Hazelcast " + child(properties, "hazelcast.version") + ")"), "Hazelcast");
    assertTrue(
        text.contains("Apache Ignite " + child(properties, "ignite.version") + ";"), "Ignite");
    Matcher others = Pattern.compile("The other artifacts[^:]*:(.*?)\\.").matcher(text);
    assertTrue(others.find(), text);
    Matcher names = Pattern.compile("`([a-z0-9-]+)`").matcher(others.group(1));
    int count = 0;
    while (names.find()) {
      built(names.group(1));
      count++;
    }
    assertEquals(4, count, others.group(1));
  }

  private static java.io.ObjectInputFilter.FilterInfo info(Class<?> type) {
    return new java.io.ObjectInputFilter.FilterInfo() {
      @Override
      public Class<?> serialClass() {
        return type;
      }

      @Override
      public long arrayLength() {
        return -1;
      }

      @Override
      public long depth() {
        return 1;
      }

      @Override
      public long references() {
        return 0;
      }

      @Override
      public long streamBytes() {
        return 0;
      }
    };
  }

  @Test
  void theAllowListIsTheOneShippingApplies() throws Exception {
    String section = section("Running on Hazelcast").replaceAll("\\s+", " ");
    int at = section.indexOf("**The allow-list.**");
    assertTrue(at >= 0, "the allow-list paragraph");
    String paragraph = section.substring(at, section.indexOf("(comma-separated)", at));
    String admitted = paragraph.substring(0, paragraph.indexOf("classes of the unnamed package"));
    Set<String> stated = new TreeSet<>();
    Matcher m = Pattern.compile("`([a-z][a-z.]*\\.)`").matcher(admitted);
    while (m.find()) {
      stated.add(m.group(1));
    }
    assertEquals(new TreeSet<>(Shipping.builtInPrefixes()), stated, admitted);
    // What the README names as refused is refused, and what it admits is admitted.
    java.io.ObjectInputFilter filter = Shipping.allowList(io.emcee.api.PoolSettings.empty());
    assertEquals(
        java.io.ObjectInputFilter.Status.REJECTED,
        filter.checkInput(info(java.time.LocalDate.class)));
    assertEquals(java.io.ObjectInputFilter.Status.ALLOWED, filter.checkInput(info(Double[].class)));
    assertEquals(
        java.io.ObjectInputFilter.Status.ALLOWED, filter.checkInput(info(kotlin.Unit.class)));
  }
}
