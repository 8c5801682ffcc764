package io.emcee.progress;

import io.emcee.api.Stability;
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
 *
 * <pre>{@code
 * try (ProgressListener bar = ProgressListener.onTerminal(5000)) {
 *   sampler.run(ensemble, 5000, bar);
 * }
 * }</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class ProgressListener implements StepListener, AutoCloseable {
  private final @Nullable ProgressBar bar;
  private int firstIteration = -1;
  private long accepted;
  private long proposals;

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
            .setConsumer(new DelegatingProgressBarConsumer(lines::accept, 120))
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
    b.setExtraMessage(String.format(Locale.ROOT, "acceptance %.3f", getAcceptanceFraction()));
    return true;
  }

  /** Draws the final state and releases the terminal. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
