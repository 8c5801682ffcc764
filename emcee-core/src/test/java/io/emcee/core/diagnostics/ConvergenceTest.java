package io.emcee.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Agreement with the R package posterior on fixed chains; the reference numbers, the chains and the
 * script that produced them are in the test resources under {@code posterior/}.
 */
class ConvergenceTest {
  private static final double RELATIVE = 1e-6;
  private static final Map<String, Map<String, Double>> REFERENCE = readReference();

  private static List<String> lines(String file) {
    InputStream in = ConvergenceTest.class.getResourceAsStream("posterior/" + file);
    if (in == null) {
      throw new IllegalStateException("missing test resource posterior/" + file);
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String> out = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.startsWith("#") && !line.isBlank()) {
          out.add(line);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A chains file: a header, then one row per draw and one column per chain. */
  static double[][] chains(String dataset) {
    List<String> rows = lines(dataset + ".csv");
    int nchains = rows.get(0).split(",").length;
    double[][] x = new double[nchains][rows.size() - 1];
    for (int t = 1; t < rows.size(); t++) {
      String[] cells = rows.get(t).split(",");
      for (int c = 0; c < nchains; c++) {
        x[c][t - 1] = Double.parseDouble(cells[c]);
      }
    }
    return x;
  }

  private static Map<String, Map<String, Double>> readReference() {
    Map<String, Map<String, Double>> ref = new LinkedHashMap<>();
    List<String> rows = lines("reference.csv");
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",");
      ref.computeIfAbsent(cells[0], k -> new LinkedHashMap<>())
          .put(cells[1], Double.parseDouble(cells[2]));
    }
    return ref;
  }

  private static void assertAgrees(String dataset, String statistic, double actual) {
    double expected = REFERENCE.get(dataset).get(statistic);
    assertEquals(
        expected,
        actual,
        RELATIVE * Math.abs(expected),
        () -> dataset + " " + statistic + ": posterior gives " + expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"well-mixed", "badly-mixed", "ar1", "skewed-odd"})
  void agreesWithPosterior(String dataset) {
    double[][] x = chains(dataset);
    Map<String, ToDoubleFunction<double[][]>> stats = new LinkedHashMap<>();
    stats.put("rhat", Convergence::rhat);
    stats.put("ess_bulk", Convergence::essBulk);
    stats.put("ess_tail", Convergence::essTail);
    stats.put("ess_mean", Convergence::essMean);
    stats.put("mcse_mean", Convergence::mcseMean);
    stats.put("mcse_q5", c -> Convergence.mcseQuantile(c, 0.05));
    stats.put("mcse_q50", c -> Convergence.mcseQuantile(c, 0.5));
    stats.put("mcse_q95", c -> Convergence.mcseQuantile(c, 0.95));
    stats.forEach((name, f) -> assertAgrees(dataset, name, f.applyAsDouble(x)));

    ConvergenceSummary s = Convergence.summarize(dataset, x);
    assertAgrees(dataset, "mean", s.mean());
    assertAgrees(dataset, "sd", s.sd());
    assertAgrees(dataset, "rhat", s.rhat());
    assertAgrees(dataset, "ess_bulk", s.essBulk());
    assertAgrees(dataset, "ess_tail", s.essTail());
    assertAgrees(dataset, "mcse_mean", s.mcseMean());
    assertAgrees(dataset, "mcse_q5", s.mcseQ5());
    assertAgrees(dataset, "mcse_q50", s.mcseQ50());
    assertAgrees(dataset, "mcse_q95", s.mcseQ95());
  }

  @Test
  void rhatFlagsTheBadlyMixedPairAndPassesTheWellMixedSet() {
    assertTrue(Convergence.rhat(chains("badly-mixed")) > 1.1);
    assertTrue(Convergence.rhat(chains("well-mixed")) < 1.01);
  }

  @Test
  void ensemblesUseEveryWalkerAsAChain() {
    // Four chains seen as two ensembles of two walkers, each with one parameter.
    double[][] x = chains("ar1");
    int steps = x[0].length;
    double[][][] a = new double[steps][2][1];
    double[][][] b = new double[steps][2][1];
    for (int t = 0; t < steps; t++) {
      a[t][0][0] = x[0][t];
      a[t][1][0] = x[1][t];
      b[t][0][0] = x[2][t];
      b[t][1][0] = x[3][t];
    }
    List<ConvergenceSummary> out = Convergence.summarize(List.of(a, b), List.of("x"));
    assertEquals(1, out.size());
    assertEquals("x", out.get(0).name());
    assertEquals(Convergence.summarize("x", x), out.get(0));
  }

  @Test
  void constantDrawsGiveNaNAsPosteriorGivesNA() {
    double[][] x = {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}};
    assertTrue(Double.isNaN(Convergence.rhat(x)));
    assertTrue(Double.isNaN(Convergence.essBulk(x)));
    assertTrue(Double.isNaN(Convergence.mcseQuantile(x, 0.05)));
  }

  @Test
  void badInputIsACodedError() {
    EmceeException shortChains =
        assertThrows(EmceeException.class, () -> Convergence.rhat(new double[][] {{1, 2, 3}}));
    assertEquals("EMCEE-A010", shortChains.getCode());
    EmceeException ragged =
        assertThrows(
            EmceeException.class,
            () -> Convergence.essBulk(new double[][] {{1, 2, 3, 4, 5, 6}, {1, 2, 3, 4, 5}}));
    assertEquals("EMCEE-A010", ragged.getCode());
    EmceeException nan =
        assertThrows(
            EmceeException.class,
            () -> Convergence.essBulk(new double[][] {{1, 2, Double.NaN, 4, 5, 6}}));
    assertEquals("EMCEE-A011", nan.getCode());
    EmceeException names =
        assertThrows(
            EmceeException.class,
            () ->
                Convergence.summarize(
                    List.<double[][][]>of(new double[8][2][3]), List.of("a", "b")));
    assertEquals("EMCEE-A010", names.getCode());
  }

  @Test
  void normalAndBetaQuantilesMatchR() {
    // qnorm(c(1e-10, 0.025, 0.3, 0.975)) and qbeta(c(0.1586553, 0.8413447), 21, 381) from R 4.2.
    assertEquals(-6.3613409024040557, Distributions.qnorm(1e-10), 1e-15 * 6.4);
    assertEquals(-1.9599639845400538, Distributions.qnorm(0.025), 1e-15 * 2);
    assertEquals(-0.52440051270804067, Distributions.qnorm(0.3), 1e-15);
    assertEquals(1.9599639845400536, Distributions.qnorm(0.975), 1e-15 * 2);
    assertEquals(0.041217627138297457, Distributions.qbeta(0.1586553, 21, 381), 1e-14);
    assertEquals(0.063263548417017312, Distributions.qbeta(0.8413447, 21, 381), 1e-14);
  }
}
