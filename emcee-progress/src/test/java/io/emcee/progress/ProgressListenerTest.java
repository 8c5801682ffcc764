package io.emcee.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.core.ConvergenceCheck;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.StopReport;
import io.emcee.core.Stopping;
import io.emcee.core.StoppingRule;
import io.emcee.core.random.RandomStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {
  private static double gaussian(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return -0.5 * s;
  }

  private static Ensemble ensemble() {
    RandomStream r = new RandomStream(3);
    double[][] start = new double[8][2];
    for (double[] w : start) {
      w[0] = r.nextGaussian();
      w[1] = r.nextGaussian();
    }
    return new Ensemble(ProgressListenerTest::gaussian, start);
  }

  @Test
  void drawsStepsSpeedEtaAndAcceptance() {
    List<String> lines = new CopyOnWriteArrayList<>();
    Sampler sampler = new Sampler();
    ProgressListener bar = ProgressListener.toLines(300, lines::add);
    try (bar) {
      sampler.run(ensemble(), 300, bar);
    }
    assertTrue(!lines.isEmpty(), "nothing drawn");
    String last = lines.get(lines.size() - 1);
    assertTrue(last.contains("300/300"), last);
    assertTrue(last.contains("steps/s"), last);
    assertTrue(last.contains("acceptance 0."), last);
    double expected = 0;
    for (double f : sampler.getAcceptanceFraction()) {
      expected += f;
    }
    expected /= sampler.getAcceptanceFraction().length;
    assertEquals(expected, bar.getAcceptanceFraction(), 1e-12);
  }

  @Test
  void showsTauRhatAndEssOfEachCheck() {
    List<String> lines = new CopyOnWriteArrayList<>();
    List<ConvergenceCheck> checks = new CopyOnWriteArrayList<>();
    ProgressListener bar = ProgressListener.toLines(600, lines::add);
    StopReport report;
    try (bar) {
      report =
          new Sampler()
              .runUntil(
                  ensemble(),
                  600,
                  Stopping.when(StoppingRule.essAbove(1e12))
                      .checkEvery(200)
                      .onCheck(checks::add)
                      .onCheck(bar::onCheck),
                  bar);
    }
    assertEquals(StopReport.Reason.STEP_LIMIT, report.reason());
    ConvergenceCheck last = report.lastCheck();
    String expected =
        String.format(
            java.util.Locale.ROOT,
            ", tau %.1f, R-hat %.3f, ESS %.0f",
            last.getMaxTau(),
            last.getMaxRhat(),
            last.getMinEssBulk());
    assertEquals(expected, bar.getCheckText());
    String drawn = lines.get(lines.size() - 1);
    assertTrue(drawn.contains("acceptance 0.") && drawn.contains(expected.substring(2)), drawn);
    assertTrue(drawn.contains("600/600"), drawn);
    assertEquals(3, checks.size());
  }

  @Test
  void anEarlierLineShowsTheTimeLeft() throws InterruptedException {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (ProgressListener bar = ProgressListener.toLines(100_000, lines::add)) {
      new Sampler().run(ensemble(), 2000, bar);
      Thread.sleep(400);
      assertTrue(!lines.isEmpty(), "nothing drawn yet");
      String line = lines.get(lines.size() - 1);
      assertTrue(line.matches(".*\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\).*"), line);
    }
  }

  @Test
  void silentWhenNotOnATerminal() {
    // The test JVM's output goes to files, so it has no console.
    assertNull(System.console());
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    try {
      System.setErr(capture);
      System.setOut(capture);
      try (ProgressListener bar = ProgressListener.onTerminal(200)) {
        assertTrue(bar.isSilent());
        new Sampler().run(ensemble(), 200, bar);
        assertTrue(Double.isNaN(bar.getAcceptanceFraction()));
      }
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
  }
}
