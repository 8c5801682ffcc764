package io.emcee.core;

import io.emcee.api.Stability;
import org.jspecify.annotations.Nullable;

/**
 * Why and where a run with a {@link Stopping} policy ended.
 *
 * <pre>{@code if (report.reason() == StopReport.Reason.RULE) System.out.println(report.met());}
 * </pre>
 *
 * @param reason what ended the run
 * @param met what the rule found met, in words ({@code "R-hat 1.0042 < 1.01"}), or null when the
 *     rule was not met
 * @param metAt the step of the check that met the rule, or -1
 * @param iteration the chain's length (of each ensemble) when the run ended
 * @param lastCheck the latest check applied, or null when none was
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record StopReport(
    Reason reason,
    @Nullable String met,
    int metAt,
    int iteration,
    @Nullable ConvergenceCheck lastCheck) {

  /** What ended a run. */
  @Stability(Stability.Level.EXPERIMENTAL)
  public enum Reason {
    /** The stopping rule was met. */
    RULE,
    /** The run took its most steps without meeting the rule. */
    STEP_LIMIT,
    /** A step listener asked to stop. */
    LISTENER
  }

  /** One line: the reason, what was met and where. */
  @Override
  public String toString() {
    return switch (reason) {
      case RULE -> "stopped at step " + iteration + ": " + met + " (checked at step " + metAt + ")";
      case STEP_LIMIT -> "ran to the step limit (" + iteration + " steps) without meeting the rule";
      case LISTENER -> "stopped by the listener at step " + iteration;
    };
  }
}
