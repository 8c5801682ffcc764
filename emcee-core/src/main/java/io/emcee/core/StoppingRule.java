package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * When a run has converged enough to stop: R-hat below a threshold, bulk-ESS above a target,
 * emcee's own advice on tau, or any combination ({@link #and}, {@link #or}). A rule looks at each
 * {@link ConvergenceCheck} that {@link Stopping} schedules and says what it found met.
 *
 * <pre>{@code StoppingRule rule = StoppingRule.rhatBelow(1.01).and(StoppingRule.essAbove(400));}
 * </pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public interface StoppingRule {

  /**
   * Whether the check meets the rule.
   *
   * @param check the latest check
   * @return what was met, in words ({@code "R-hat 1.004 < 1.01"}), or null when it is not met
   */
  @Nullable String test(ConvergenceCheck check);

  /**
   * The rule in words.
   *
   * @return for instance {@code "R-hat < 1.01"}
   */
  String describe();

  /**
   * Met when R-hat of every parameter is below {@code threshold} (1.01 is the usual choice). See
   * {@link ConvergenceCheck} for the series R-hat is computed on, with one ensemble and with
   * several.
   *
   * @param threshold above 1
   * @return the rule
   * @throws EmceeException (EMCEE-I042) for a threshold that is not above 1
   */
  static StoppingRule rhatBelow(double threshold) {
    if (!(threshold > 1) || Double.isInfinite(threshold)) {
      throw new EmceeException(
          "EMCEE-I042",
          "the R-hat threshold is "
              + threshold
              + " but R-hat is at least about 1: give a finite threshold above 1, such as 1.01");
    }
    return new StoppingRules.RhatBelow(threshold);
  }

  /**
   * Met when the bulk-ESS of every parameter is above {@code target}.
   *
   * @param target a positive number of effective draws, such as 400
   * @return the rule
   * @throws EmceeException (EMCEE-I042) for a target that is not positive and finite
   */
  static StoppingRule essAbove(double target) {
    if (!(target > 0) || Double.isInfinite(target)) {
      throw new EmceeException(
          "EMCEE-I042",
          "the ESS target is " + target + "; give a positive, finite number of draws, such as 400");
    }
    return new StoppingRules.EssAbove(target);
  }

  /**
   * emcee's advice: the chain is longer than 50 tau and tau changed by less than 1 % since the
   * previous check, for every parameter (and every ensemble).
   *
   * @return the rule
   */
  static StoppingRule autocorrelation() {
    return autocorrelation(50, 0.01);
  }

  /**
   * Like {@link #autocorrelation()} with other limits (emcee's tutorial uses 100 tau).
   *
   * @param lengthFactor the chain must be longer than this many tau
   * @param relativeChange tau must have changed by less than this fraction since the last check
   * @return the rule
   * @throws EmceeException (EMCEE-I042) for a limit that is not positive and finite
   */
  static StoppingRule autocorrelation(double lengthFactor, double relativeChange) {
    if (!(lengthFactor > 0)
        || Double.isInfinite(lengthFactor)
        || !(relativeChange > 0)
        || Double.isInfinite(relativeChange)) {
      throw new EmceeException(
          "EMCEE-I042",
          "the autocorrelation rule needs a positive, finite length factor and change, got "
              + lengthFactor
              + " and "
              + relativeChange
              + "; emcee's advice is 50 and 0.01");
    }
    return new StoppingRules.Autocorrelation(lengthFactor, relativeChange);
  }

  /**
   * Met when any of {@code rules} is met; the report names the first one met.
   *
   * @param rules one or more rules
   * @return the combined rule
   */
  static StoppingRule anyOf(StoppingRule... rules) {
    return new StoppingRules.Combined(StoppingRules.list(rules), false);
  }

  /**
   * Met when every one of {@code rules} is met at the same check.
   *
   * @param rules one or more rules
   * @return the combined rule
   */
  static StoppingRule allOf(StoppingRule... rules) {
    return new StoppingRules.Combined(StoppingRules.list(rules), true);
  }

  /**
   * This rule and {@code other}, both met at the same check.
   *
   * @param other another rule
   * @return the combined rule
   */
  default StoppingRule and(StoppingRule other) {
    return new StoppingRules.Combined(List.of(this, other), true);
  }

  /**
   * This rule or {@code other}.
   *
   * @param other another rule
   * @return the combined rule
   */
  default StoppingRule or(StoppingRule other) {
    return new StoppingRules.Combined(List.of(this, other), false);
  }
}
