package io.emcee.progress;

import io.emcee.api.Stability;
import io.emcee.core.ConvergenceCheck;
import io.emcee.core.Step;
import io.emcee.core.StepListener;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A progress bar for a run: the steps done out of the total, steps per second, the time left and
 * the mean acceptance fraction of the steps seen so far. {@link #onTerminal} draws on standard
 * error only when the program runs on a terminal ({@link System#console()} is not null), so a run
 * whose output is piped or logged stays silent; close it after the run to draw the final state. On
 * MPI and grid pools only the process that runs the sampler calls its listener, so only it draws.
 * Given the checks of a stopping rule ({@link #onCheck}), it also shows the latest tau, R-hat and
 * bulk-ESS, updated at each check rather than at every step.
 *
 * <pre>{@code
 * try (ProgressListener bar = ProgressListener.onTerminal(5000)) {
 *   sampler.run(ensemble, 5000, bar);
 * }
 * try (ProgressListener bar = ProgressListener.onTerminal(100_000)) {
 *   sampler.runUntil(ensemble, 100_000, Stopping.when(rule).onCheck(bar::onCheck), bar);
 * }
 * }</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class ProgressListener implements StepListener, AutoCloseable {
  private final @Nullable ProgressBar bar;
  private int firstIteration = -1;
  private long accepted;
  private long proposals;
  private String checked = "";

  private ProgressListener(@Nullable ProgressBar bar) {
    this.bar = bar;
  }

  /**
   * A bar on standard error when this program runs on a terminal, otherwise a listener that does
   * nothing.
   *
   * @param totalSteps the steps the run will take
   * @return the listener; close it after the run
   */
  public static ProgressListener onTerminal(long totalSteps) {
    return new ProgressListener(System.console() == null ? null : builder(totalSteps).build());
  }

  /**
   * A bar that hands each rendering, one line at a time, to {@code lines}, terminal or not: for
   * logs, user interfaces and tests.
   *
   * @param totalSteps the steps the run will take
   * @param lines receives each rendered bar
   * @return the listener; close it after the run
   */
  public static ProgressListener toLines(long totalSteps, Consumer<String> lines) {
    return new ProgressListener(
        builder(totalSteps)
            .setConsumer(new DelegatingProgressBarConsumer(lines::accept, 160))
            .build());
  }

  private static ProgressBarBuilder builder(long totalSteps) {
    return new ProgressBarBuilder()
        .setTaskName("emcee")
        .setInitialMax(totalSteps)
        .setUnit(" steps", 1)
        .showSpeed()
        .setSpeedUnit(ChronoUnit.SECONDS)
        .setUpdateIntervalMillis(250);
  }

  /**
   * Whether this listener draws nothing (not on a terminal).
   *
   * @return true when silent
   */
  public boolean isSilent() {
    return bar == null;
  }

  /**
   * The mean acceptance fraction of the steps seen so far.
   *
   * @return accepted proposals over proposals, or NaN before the first step
   */
  public double getAcceptanceFraction() {
    return proposals == 0 ? Double.NaN : (double) accepted / proposals;
  }

  @Override
  public boolean onStep(Step step) {
    ProgressBar b = bar;
    if (b == null) {
      return true;
    }
    if (firstIteration < 0) {
      firstIteration = step.getIteration() - 1;
    }
    for (boolean a : step.getAccepted()) {
      if (a) {
        accepted++;
      }
      proposals++;
    }
    b.stepTo(step.getIteration() - firstIteration);
    b.setExtraMessage(
        String.format(Locale.ROOT, "acceptance %.3f", getAcceptanceFraction()) + checked);
    return true;
  }

  /**
   * Shows the latest convergence check next to the acceptance fraction: the largest tau, the
   * largest R-hat and the smallest bulk-ESS over the parameters (R-hat and ESS once the chain is
   * long enough for them). Pass it to {@code Stopping.onCheck(bar::onCheck)}.
   *
   * @param check the check just applied
   */
  public void onCheck(ConvergenceCheck check) {
    ProgressBar b = bar;
    if (b == null) {
      return;
    }
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, ", tau %.1f", check.getMaxTau()));
    double rhat = check.getMaxRhat();
    if (!Double.isNaN(rhat)) {
      text.append(String.format(Locale.ROOT, ", R-hat %.3f", rhat));
    }
    double ess = check.getMinEssBulk();
    if (!Double.isNaN(ess)) {
      text.append(String.format(Locale.ROOT, ", ESS %.0f", ess));
    }
    checked = text.toString();
    b.setExtraMessage(
        String.format(Locale.ROOT, "acceptance %.3f", getAcceptanceFraction()) + checked);
  }

  /**
   * What the bar shows of the latest check.
   *
   * @return for instance {@code ", tau 12.3, R-hat 1.004, ESS 512"}; empty before the first check
   *     and when silent
   */
  public String getCheckText() {
    return checked;
  }

  /** Draws the final state and releases the terminal. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
