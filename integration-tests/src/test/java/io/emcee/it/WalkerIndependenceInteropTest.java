package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.core.diagnostics.WalkerIndependence;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our start-state check against emcee's own {@code walkers_independent} (Debian's python3-emcee) on
 * start states built around its limit: condition numbers 1e8 times 1 ± 1e-3 and 1 ± 1e-2, far on
 * either side, with columns scaled from 1e-100 to 1e100, an exact dependence, too few walkers.
 */
class WalkerIndependenceInteropTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @TempDir Path dir;

  @Test
  void ourVerdictIsEmceesOnStartsAroundTheLimit() throws Exception {
    List<String> lines = python(dir).lines().filter(l -> l.startsWith("n")).toList();
    assertEquals(30, lines.size(), String.join("\n", lines));
    int independent = 0;
    int nearLimit = 0;
    for (String line : lines) {
      String[] f = line.split(" ");
      int nwalkers = Integer.parseInt(f[1]);
      int ndim = Integer.parseInt(f[2]);
      boolean emcee = Boolean.parseBoolean(f[3].toLowerCase(java.util.Locale.ROOT));
      double condition = Double.parseDouble(f[4]);
      byte[] bytes = Files.readAllBytes(dir.resolve(f[0] + ".f8"));
      double[] coords = new double[nwalkers * ndim];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(coords);
      assertEquals(
          emcee,
          WalkerIndependence.walkersIndependent(coords, nwalkers, ndim),
          line + " (name, walkers, dims, emcee's verdict, numpy's condition number)");
      independent += emcee ? 1 : 0;
      nearLimit += Math.abs(condition / 1e8 - 1) <= 1.1e-2 ? 1 : 0;
    }
    // Both verdicts occur, and most states lie within 1 % of the limit.
    assertEquals(14, independent);
    assertEquals(16, nearLimit);
  }

  private static String python(Path out) throws IOException, InterruptedException {
    assertTrue(
        Files.isExecutable(PYTHON),
        "the interop test needs Debian's python3 with python3-emcee: run bin/prerequisites"
            + " (bin/test does)");
    Path script = out.resolve("walkers_independent.py");
    try (InputStream in =
        WalkerIndependenceInteropTest.class.getResourceAsStream("/walkers_independent.py")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    Process p =
        new ProcessBuilder(PYTHON.toString(), script.toString(), out.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
    assertEquals(
        0,
        p.exitValue(),
        "python failed (is python3-emcee installed? run bin/prerequisites):\n" + output);
    return output;
  }
}
