package io.emcee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pools;
import io.emcee.core.diagnostics.Convergence;
import io.emcee.core.model.Model;
import io.emcee.core.random.RandomStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stopping rules on a correlated 5-D Gaussian, with fixed seeds. */
class StoppingTest {
  private static final int DIM = 5;
  private static final int WALKERS = 32;
  private static final double RHO = 0.8;

  /** N(0, S) with S_ij = RHO^|i-j|, whose precision matrix is tridiagonal. */
  record Correlated() implements LogProbability {
    @Override
    public double logProbability(double[] x) {
      double q = 0;
      for (int i = 0; i < DIM; i++) {
        double diag = i == 0 || i == DIM - 1 ? 1 : 1 + RHO * RHO;
        q += diag * x[i] * x[i];
        if (i > 0) {
          q -= 2 * RHO * x[i] * x[i - 1];
        }
      }
      return -0.5 * q / (1 - RHO * RHO);
    }
  }

  static double[][] start(long seed, double scale) {
    RandomStream rng = new RandomStream(seed);
    double[][] start = new double[WALKERS][DIM];
    for (double[] w : start) {
      for (int j = 0; j < DIM; j++) {
        w[j] = scale * rng.nextGaussian();
      }
    }
    return start;
  }

  static List<double[][]> starts(int count, long seed) {
    List<double[][]> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      out.add(start(seed + k, 2));
    }
    return out;
  }

  @Test
  void aGaussianRunStopsOnEmceesAdviceAndSaysWhy() {
    Sampler sampler = Sampler.builder().seed(7).build();
    List<ConvergenceCheck> checks = new ArrayList<>();
    StopReport report =
        sampler.runUntil(
            new Ensemble(new Correlated(), start(1, 0.1)),
            50_000,
            Stopping.when(StoppingRule.autocorrelation()).checkEvery(100).onCheck(checks::add));
    assertEquals(StopReport.Reason.RULE, report.reason(), report.toString());
    assertTrue(report.iteration() < 50_000);
    assertEquals(report.iteration(), sampler.getIteration());
    // The verdict of a check is applied at the next one: the run went on while it was computed.
    assertEquals(report.iteration() - 100, report.metAt());
    ConvergenceCheck last = report.lastCheck();
    assertNotNull(last);
    assertEquals(report.metAt(), last.getIteration());
    assertTrue(last.getIteration() > 50 * last.getMaxTau(), last.toString());
    assertTrue(last.getTauChange() < 0.01, last.toString());
    assertTrue(report.met().contains("tau changed"), report.met());
    // Each check up to the one that met the rule was reported once, in order; the check of the
    // last step was not needed.
    assertEquals(report.metAt() / 100, checks.size());
    for (int i = 0; i < checks.size(); i++) {
      assertEquals(100 * (i + 1), checks.get(i).getIteration());
    }
    assertTrue(Double.isNaN(checks.get(0).getTauChange()));
    // tau is emcee's estimate on the chain up to the check.
    Chain chain = sampler.getChain();
    double[] coords = new double[last.getIteration() * WALKERS * DIM];
    double[] row = new double[WALKERS * DIM];
    for (int t = 0; t < last.getIteration(); t++) {
      chain.getBackend().readCoords(t, row, 0);
      System.arraycopy(row, 0, coords, t * row.length, row.length);
    }
    double[] tau =
        io.emcee.core.diagnostics.Autocorrelation.integratedTime(
            coords, last.getIteration(), WALKERS, DIM, 5, 0, true);
    assertArrayEquals(tau, last.getTau());
  }

  @Test
  void aCheckOnTheSamplingThreadStopsAtTheStepItIsMetTheSameForOneSeed() {
    StoppingRule rule = StoppingRule.autocorrelation();
    Sampler concurrent = Sampler.builder().seed(7).build();
    StopReport later =
        concurrent.runUntil(
            new Ensemble(new Correlated(), start(1, 0.1)), 50_000, Stopping.when(rule));
    Sampler inline = Sampler.builder().seed(7).build();
    StopReport atOnce =
        inline.runUntil(
            new Ensemble(new Correlated(), start(1, 0.1)),
            50_000,
            Stopping.when(rule).concurrent(false));
    assertEquals(StopReport.Reason.RULE, atOnce.reason());
    assertEquals(later.metAt(), atOnce.metAt());
    assertEquals(atOnce.metAt(), atOnce.iteration());
    assertEquals(later.met(), atOnce.met());
    // The run that stopped at once holds the first steps of the other.
    assertTrue(
        Arrays.deepEquals(
            inline.getCoords(), Arrays.copyOf(concurrent.getCoords(), atOnce.iteration())));
  }

  @Test
  void aRuleThatCannotBeMetRunsToTheStepLimit() {
    Sampler sampler = Sampler.builder().seed(3).build();
    StopReport report =
        sampler.runUntil(
            new Ensemble(new Correlated(), start(2, 0.1)),
            1_000,
            Stopping.when(StoppingRule.essAbove(1e12)).checkEvery(250));
    assertEquals(StopReport.Reason.STEP_LIMIT, report.reason());
    assertEquals(1_000, report.iteration());
    assertEquals(1_000, sampler.getIteration());
    assertNull(report.met());
    assertEquals(-1, report.metAt());
    // The check at the last step is still applied before the run returns.
    assertEquals(1_000, report.lastCheck().getIteration());
    assertTrue(report.toString().contains("step limit"), report.toString());
  }

  @Test
  void oneEnsemblesRhatIsTheSplitRhatOfItsWalkerAverage() {
    Sampler sampler = Sampler.builder().seed(5).build();
    List<ConvergenceCheck> checks = new ArrayList<>();
    sampler.runUntil(
        new Ensemble(new Correlated(), start(4, 1)),
        300,
        Stopping.when(StoppingRule.essAbove(1e12))
            .checkEvery(300)
            .discardFraction(0.4)
            .onCheck(checks::add));
    ConvergenceCheck check = checks.get(0);
    assertEquals(120, check.getDiscard());
    double[][][] coords = sampler.getCoords(120, 1);
    for (int d = 0; d < DIM; d++) {
      double[] average = new double[coords.length];
      double[][] walkers = new double[WALKERS][coords.length];
      for (int t = 0; t < coords.length; t++) {
        for (int w = 0; w < WALKERS; w++) {
          average[t] += coords[t][w][d] / WALKERS;
          walkers[w][t] = coords[t][w][d];
        }
      }
      assertEquals(Convergence.rhat(new double[][] {average}), check.getRhat()[d]);
      assertEquals(Convergence.essBulk(walkers), check.getEssBulk()[d]);
    }
    assertEquals(1, check.getEnsembleCount());
    assertEquals(List.of("x0", "x1", "x2", "x3", "x4"), check.getParameterNames());
  }

  @Test
  void independentEnsemblesStopOnRhatAndEssWhoseEssMatchesALongRun() {
    int k = 4;
    MultiSampler multi = MultiSampler.builder().ensembles(k).seed(11).build();
    StopReport report =
        multi.runUntil(
            Model.of(new Correlated(), Pools.serial()),
            starts(k, 100),
            50_000,
            Stopping.when(StoppingRule.rhatBelow(1.05).and(StoppingRule.essAbove(2000)))
                .checkEvery(250));
    assertEquals(StopReport.Reason.RULE, report.reason(), report.toString());
    assertTrue(report.met().contains("R-hat") && report.met().contains("bulk-ESS"), report.met());
    ConvergenceCheck check = report.lastCheck();
    assertEquals(k, check.getEnsembleCount());
    assertTrue(check.getMaxRhat() < 1.05 && check.getMinEssBulk() > 2000, check.toString());
    // The same statistics as Convergence across the ensembles' walkers, after the burn-in.
    List<io.emcee.core.diagnostics.ConvergenceSummary> summary =
        summaryAt(multi, check.getIteration(), check.getDiscard());
    for (int d = 0; d < DIM; d++) {
      assertEquals(summary.get(d).essBulk(), check.getEssBulk()[d], 1e-9 * check.getEssBulk()[d]);
    }
    // An independent estimate: tau from a run ten times longer (storing every 10th step) gives
    // the ESS the stopped run's draws should have, walkers x draws / tau; the reported bulk-ESS is
    // within 20 % of it.
    int draws = check.getIteration() - check.getDiscard();
    Sampler longer = Sampler.builder().seed(12_345).thinBy(10).build();
    longer.run(new Ensemble(new Correlated(), start(300, 1)), check.getIteration());
    double[] tau = longer.getIntegratedAutocorrTime(check.getIteration() / 10, 1);
    for (int d = 0; d < DIM; d++) {
      double expected = (double) k * WALKERS * draws / (10 * tau[d]);
      double ess = check.getEssBulk()[d];
      assertTrue(
          Math.abs(ess - expected) < 0.2 * expected,
          "parameter " + d + ": bulk-ESS " + ess + " but " + expected + " expected");
    }
  }

  private static List<io.emcee.core.diagnostics.ConvergenceSummary> summaryAt(
      MultiSampler multi, int iteration, int discard) {
    List<double[][][]> coords = new ArrayList<>();
    for (Chain c : multi.getChains()) {
      coords.add(Arrays.copyOfRange(c.getCoords(), discard, iteration));
    }
    return Convergence.summarize(coords, List.of("x0", "x1", "x2", "x3", "x4"));
  }

  @Test
  void rulesCombineAndNameWhatWasMet() {
    ConvergenceCheck check =
        new ConvergenceCheck(
            5000,
            2,
            2500,
            List.of("a", "b"),
            new double[] {40, 60},
            0.005,
            new double[] {1.002, 1.03},
            new double[] {900, 300});
    assertNull(StoppingRule.rhatBelow(1.01).test(check));
    assertEquals("R-hat 1.0300 < 1.05", StoppingRule.rhatBelow(1.05).test(check));
    assertNull(StoppingRule.essAbove(400).test(check));
    assertEquals("bulk-ESS 300 > 250", StoppingRule.essAbove(250).test(check));
    assertEquals(
        "5000 steps > 50 tau (tau 60.0), tau changed 0.50 % < 1 %",
        StoppingRule.autocorrelation().test(check));
    assertNull(StoppingRule.autocorrelation(100, 0.01).test(check));
    assertNull(StoppingRule.autocorrelation(50, 0.001).test(check));
    StoppingRule any =
        StoppingRule.anyOf(StoppingRule.essAbove(400), StoppingRule.autocorrelation());
    assertTrue(any.test(check).startsWith("5000 steps"));
    assertNull(StoppingRule.essAbove(400).and(StoppingRule.autocorrelation()).test(check));
    assertEquals(
        "bulk-ESS 300 > 250 and R-hat 1.0300 < 1.05",
        StoppingRule.allOf(StoppingRule.essAbove(250), StoppingRule.rhatBelow(1.05)).test(check));
    assertEquals(
        "(R-hat < 1.01 and bulk-ESS > 400) or steps > 50 tau and tau changing < 1 %",
        StoppingRule.rhatBelow(1.01)
            .and(StoppingRule.essAbove(400))
            .or(StoppingRule.autocorrelation())
            .describe());
    assertEquals("tau 60.0, R-hat 1.030, ESS 300", check.toString());
  }

  @Test
  void aListenerStillStopsARunWithARule() {
    Sampler sampler = Sampler.builder().seed(3).build();
    StopReport report =
        sampler.runUntil(
            new Ensemble(new Correlated(), start(2, 0.1)),
            1_000,
            Stopping.when(StoppingRule.essAbove(1e12)),
            step -> step.getIteration() < 130);
    assertEquals(StopReport.Reason.LISTENER, report.reason());
    assertEquals(130, report.iteration());
    assertEquals(100, report.lastCheck().getIteration());
  }

  @Test
  void badSettingsAreRefused() {
    for (Runnable r :
        List.<Runnable>of(
            () -> StoppingRule.rhatBelow(1),
            () -> StoppingRule.rhatBelow(Double.NaN),
            () -> StoppingRule.essAbove(0),
            () -> StoppingRule.autocorrelation(0, 0.01),
            () -> StoppingRule.autocorrelation(50, Double.POSITIVE_INFINITY),
            () -> StoppingRule.anyOf(),
            () -> Stopping.when(StoppingRule.autocorrelation()).checkEvery(0),
            () -> Stopping.when(StoppingRule.autocorrelation()).discardFraction(1))) {
      assertEquals("EMCEE-I042", assertThrows(EmceeException.class, r::run).getCode());
    }
  }
}
