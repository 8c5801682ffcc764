package io.emcee.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.random.RandomStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the R package posterior itself (through {@code Rscript}) on chains made here, beyond the
 * committed reference numbers: the walkers of two independent sampler runs, and heavy-tailed draws
 * with many ties. Skipped when R or posterior is not installed ({@code bin/prerequisites} installs
 * Debian's r-cran-posterior).
 */
class PosteriorLiveTest {
  private static final Path SCRIPT =
      Path.of("src/test/resources/io/emcee/core/diagnostics/posterior/reference.R");

  @TempDir Path dir;

  @BeforeAll
  static void needsPosterior() throws InterruptedException {
    boolean available;
    try {
      Process p =
          new ProcessBuilder("Rscript", "-e", "library(posterior)")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      available = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      available = false;
    }
    assumeTrue(available, "Rscript with the posterior package is not installed");
  }

  private Map<String, Double> posterior(double[][] chains) throws Exception {
    Path in = dir.resolve("chains.csv");
    Path out = dir.resolve("stats.csv");
    StringBuilder csv = new StringBuilder();
    for (int c = 0; c < chains.length; c++) {
      csv.append(c == 0 ? "" : ",").append("chain").append(c + 1);
    }
    csv.append('\n');
    for (int t = 0; t < chains[0].length; t++) {
      for (int c = 0; c < chains.length; c++) {
        csv.append(c == 0 ? "" : ",").append(chains[c][t]);
      }
      csv.append('\n');
    }
    Files.writeString(in, csv, StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(
                "Rscript",
                SCRIPT.toAbsolutePath().toString(),
                "stats",
                in.toString(),
                out.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Rscript did not finish in 120 s");
    }
    assertEquals(0, p.exitValue(), log);
    Map<String, Double> stats = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      stats.put(cells[0], Double.parseDouble(cells[1]));
    }
    return stats;
  }

  private void assertAgrees(double[][] chains) throws Exception {
    Map<String, Double> r = posterior(chains);
    ConvergenceSummary s = Convergence.summarize("x", chains);
    Map<String, Double> ours = new LinkedHashMap<>();
    ours.put("rhat", s.rhat());
    ours.put("ess_bulk", s.essBulk());
    ours.put("ess_tail", s.essTail());
    ours.put("ess_mean", Convergence.essMean(chains));
    ours.put("mcse_mean", s.mcseMean());
    ours.put("mcse_q5", s.mcseQ5());
    ours.put("mcse_q50", s.mcseQ50());
    ours.put("mcse_q95", s.mcseQ95());
    ours.put("mean", s.mean());
    ours.put("sd", s.sd());
    ours.forEach(
        (name, value) -> {
          double expected = r.get(name);
          assertEquals(expected, value, 1e-6 * Math.abs(expected), () -> name + " vs posterior");
        });
  }

  @Test
  void walkersOfTwoIndependentRuns() throws Exception {
    int nwalkers = 8;
    int steps = 401;
    List<double[][]> chains = new ArrayList<>();
    for (long seed : new long[] {1, 2}) {
      RandomStream r = new RandomStream(seed);
      double[][] start = new double[nwalkers][2];
      for (double[] w : start) {
        w[0] = r.nextGaussian();
        w[1] = r.nextGaussian();
      }
      Sampler sampler = Sampler.builder().seed(seed).build();
      sampler.run(
          new Ensemble(x -> -0.5 * (x[0] * x[0] + 4 * x[1] * x[1] - 2 * x[0] * x[1]), start),
          steps);
      double[][][] coords = sampler.getCoords();
      double[][] perWalker = new double[nwalkers][steps];
      for (int t = 0; t < steps; t++) {
        for (int w = 0; w < nwalkers; w++) {
          perWalker[w][t] = coords[t][w][0];
        }
      }
      chains.add(perWalker);
    }
    double[][] all = new double[2 * nwalkers][];
    for (int w = 0; w < nwalkers; w++) {
      all[w] = chains.get(0)[w];
      all[nwalkers + w] = chains.get(1)[w];
    }
    assertAgrees(all);
  }

  @Test
  void heavyTailsWithTies() throws Exception {
    RandomStream r = new RandomStream(5);
    double[][] x = new double[3][250];
    for (double[] chain : x) {
      for (int t = 0; t < chain.length; t++) {
        // A Cauchy draw, rounded so that many values tie.
        double v = Math.tan(Math.PI * (r.nextDouble() - 0.5));
        chain[t] = Math.rint(v * 4) / 4;
      }
    }
    assertAgrees(x);
  }
}
