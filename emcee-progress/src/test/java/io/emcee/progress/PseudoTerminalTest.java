package io.emcee.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link TerminalMain} in a child JVM twice: under a pseudo-terminal made by util-linux's
 * {@code script}, where the bar must be drawn, and with its output piped, where nothing may be.
 */
class PseudoTerminalTest {

  private static List<String> javaCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String modulePath = System.getProperty("jdk.module.path");
    String classPath = System.getProperty("java.class.path", "");
    String testClasses = Path.of("target", "test-classes").toAbsolutePath().toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Djava.awt.headless=true"));
    if (modulePath != null && !modulePath.isEmpty()) {
      // The test classes share the module's package, so they are patched into the module.
      cmd.addAll(List.of("--module-path", modulePath));
      cmd.addAll(List.of("--patch-module", "io.emcee.progress=" + testClasses));
      cmd.addAll(List.of("-m", "io.emcee.progress/" + TerminalMain.class.getName()));
    } else {
      cmd.addAll(List.of("-cp", classPath + File.pathSeparator + testClasses));
      cmd.add(TerminalMain.class.getName());
    }
    return cmd;
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("progress", ".out");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("the child JVM did not finish in 60 s: " + command);
      }
      String output = read(out);
      assertEquals(0, p.exitValue(), () -> "exit status of " + command + ": " + output);
      return output;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  @Test
  void drawsOnAPseudoTerminal() throws IOException, InterruptedException {
    assumeTrue(new File("/usr/bin/script").canExecute(), "util-linux script is not installed");
    StringBuilder line = new StringBuilder();
    for (String part : javaCommand()) {
      line.append(shellQuote(part)).append(' ');
    }
    String output = run(List.of("/usr/bin/script", "-qec", line.toString().trim(), "/dev/null"));
    assertTrue(output.contains("500/500"), output);
    assertTrue(output.contains("steps/s"), output);
    assertTrue(output.contains("acceptance 0."), output);
  }

  @Test
  void silentWhenPiped() throws IOException, InterruptedException {
    assertEquals("", run(javaCommand()));
  }
}
