package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classes of a program's main class are allowed on workers however the program was launched: a
 * main class in the unnamed package, a {@code java -jar} program (its manifest's {@code
 * Main-Class}), a single-file {@code java Main.java} program. Each child JVM ships a model of its
 * own class through the allow-list of its own settings, as a same-program worker does.
 */
class MainClassAllowListTest {

  private static String program(String pkg) {
    return (pkg.isEmpty() ? "" : "package " + pkg + ";\n")
        + "import io.emcee.api.LogProbability;\n"
        + "import io.emcee.api.PoolSettings;\n"
        + "import io.emcee.api.RowFunction;\n"
        + "import io.emcee.api.spi.support.Shipping;\n"
        + "public class App {\n"
        + "  public record Model(double k) implements LogProbability {\n"
        + "    public double logProbability(double[] x) { return -k * x[0]; }\n"
        + "  }\n"
        + "  public static void main(String[] args) {\n"
        + "    byte[] bytes = Shipping.serialize(new Model(2));\n"
        + "    RowFunction f = Shipping.deserialize(bytes,"
        + " Shipping.allowList(PoolSettings.fromEnvironment()), \"worker\");\n"
        + "    double[] out = new double[1];\n"
        + "    f.apply(new double[] {3}, out);\n"
        + "    System.out.println(\"RESULT \" + out[0] + \" \" + Shipping.mainPackage());\n"
        + "  }\n"
        + "}\n";
  }

  private static String apiClasses() {
    return ChildJvm.testClassPath().stream()
        .filter(e -> e.contains("emcee-api"))
        .findFirst()
        .orElseThrow();
  }

  private static Path compile(Path dir, String pkg) throws IOException {
    Path src = dir.resolve("src/App.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, program(pkg));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "-d",
            classes.toString(),
            "-cp",
            ChildJvm.classPathWithout(e -> false),
            src.toString());
    assertEquals(0, rc, "the test program compiles");
    return classes;
  }

  private static String run(List<String> command) throws Exception {
    try (ChildJvm child = ChildJvm.launch(command, Map.of())) {
      int rc = child.waitFor(Duration.ofSeconds(60));
      assertEquals(0, rc, child.output());
      return child.output();
    }
  }

  private static String java() {
    return System.getProperty("java.home") + "/bin/java";
  }

  @Test
  void aMainClassInTheUnnamedPackageShipsItsModel(@TempDir Path dir) throws Exception {
    Path classes = compile(dir, "");
    String out = run(List.of(java(), "-cp", classes + File.pathSeparator + apiClasses(), "App"));
    assertTrue(out.contains("RESULT -6.0 null"), out);
  }

  @Test
  void aJarProgramsMainClassPackageComesFromItsManifest(@TempDir Path dir) throws Exception {
    Path classes = compile(dir, "org.jarred.app");
    Path jar = dir.resolve("app.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.jarred.app.App");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      Path api = Path.of(apiClasses());
      if (Files.isRegularFile(api)) { // the reactor's jar under verify, its classes under test
        try (JarFile apiJar = new JarFile(api.toFile())) {
          for (JarEntry e : java.util.Collections.list(apiJar.entries())) {
            if (e.isDirectory()
                || e.getName().startsWith("META-INF/")
                || e.getName().equals("module-info.class")) {
              continue;
            }
            out.putNextEntry(new JarEntry(e.getName()));
            try (InputStream in = apiJar.getInputStream(e)) {
              in.transferTo(out);
            }
            out.closeEntry();
          }
        }
      }
      for (Path root : Files.isDirectory(api) ? List.of(classes, api) : List.of(classes)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
          files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
          String name = root.relativize(f).toString().replace(File.separatorChar, '/');
          if (name.startsWith("META-INF/") || name.equals("module-info.class")) {
            continue;
          }
          out.putNextEntry(new JarEntry(name));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
    }
    String out = run(List.of(java(), "-jar", jar.toString()));
    assertTrue(out.contains("RESULT -6.0 org.jarred.app."), out);
  }

  @Test
  void aSingleFileProgramsPackageComesFromItsSource(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("App.java");
    Files.writeString(src, program("org.script"), StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>(List.of(java(), "-cp", apiClasses(), src.toString()));
    String out = run(command);
    assertTrue(out.contains("RESULT -6.0 org.script."), out);
  }
}
