package io.emcee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code emcee demo --ensembles K --stop RULE}, run in this JVM. */
class DemoEnsemblesTest {

  private static String run(int expectedExit, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    try {
      System.setOut(capture);
      System.setErr(capture);
      assertEquals(
          expectedExit, Main.execute(args), () -> captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void ensemblesStopOnTheirRuleAndWriteAChainFileEach(@TempDir Path dir) {
    Path chain = dir.resolve("run.chain");
    String out =
        run(
            0,
            "--pool",
            "local",
            "--seed",
            "3",
            "demo",
            "--ndim",
            "2",
            "--walkers",
            "8",
            "--steps",
            "5000",
            "--ensembles",
            "3",
            "--stop",
            "ess:300",
            "--out",
            chain.toString());
    assertTrue(out.contains("3 ensembles sharing each map"), out);
    assertTrue(out.matches("(?s).*stopped at step \\d+: bulk-ESS \\d+ > 300 .*"), out);
    assertTrue(out.contains("across the ensembles: R-hat at most 1."), out);
    for (int e = 0; e < 3; e++) {
      assertTrue(Files.isRegularFile(dir.resolve("run-" + e + ".chain")), out);
    }
  }

  @Test
  void aRuleThatIsNotOneIsAUsageError() {
    String out = run(2, "--pool", "serial", "demo", "--stop", "rhat");
    assertTrue(out.contains("EMCEE-C014"), out);
  }
}
