package io.emcee.core;

import io.emcee.api.EmceeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The rules {@link StoppingRule}'s factories make. */
final class StoppingRules {
  private StoppingRules() {}

  static List<StoppingRule> list(StoppingRule... rules) {
    if (rules == null || rules.length == 0) {
      throw new EmceeException(
          "EMCEE-I042", "a combination of stopping rules needs at least one rule");
    }
    for (StoppingRule r : rules) {
      if (r == null) {
        throw new EmceeException(
            "EMCEE-I042", "a stopping rule is null; pass a rule for every argument");
      }
    }
    return List.of(rules);
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%s", v);
  }

  record RhatBelow(double threshold) implements StoppingRule {
    @Override
    public @Nullable String test(ConvergenceCheck check) {
      double rhat = check.getMaxRhat();
      return rhat < threshold
          ? String.format(Locale.ROOT, "R-hat %.4f < %s", rhat, number(threshold))
          : null;
    }

    @Override
    public String describe() {
      return "R-hat < " + number(threshold);
    }
  }

  record EssAbove(double target) implements StoppingRule {
    @Override
    public @Nullable String test(ConvergenceCheck check) {
      double ess = check.getMinEssBulk();
      return ess > target
          ? String.format(Locale.ROOT, "bulk-ESS %.0f > %s", ess, number(target))
          : null;
    }

    @Override
    public String describe() {
      return "bulk-ESS > " + number(target);
    }
  }

  record Autocorrelation(double lengthFactor, double relativeChange) implements StoppingRule {
    @Override
    public @Nullable String test(ConvergenceCheck check) {
      double tau = check.getMaxTau();
      double change = check.getTauChange();
      boolean met = check.getIteration() > lengthFactor * tau && change < relativeChange && tau > 0;
      return met
          ? String.format(
              Locale.ROOT,
              "%d steps > %s tau (tau %.1f), tau changed %.2f %% < %s %%",
              check.getIteration(),
              number(lengthFactor),
              tau,
              100 * change,
              number(100 * relativeChange))
          : null;
    }

    @Override
    public String describe() {
      return "steps > "
          + number(lengthFactor)
          + " tau and tau changing < "
          + number(100 * relativeChange)
          + " %";
    }
  }

  record Combined(List<StoppingRule> rules, boolean all) implements StoppingRule {
    @Override
    public @Nullable String test(ConvergenceCheck check) {
      List<String> met = new ArrayList<>();
      for (StoppingRule r : rules) {
        String m = r.test(check);
        if (m != null && !all) {
          return m;
        }
        if (m == null && all) {
          return null;
        }
        if (m != null) {
          met.add(m);
        }
      }
      return all ? String.join(" and ", met) : null;
    }

    @Override
    public String describe() {
      List<String> parts = new ArrayList<>();
      for (StoppingRule r : rules) {
        parts.add(r instanceof Combined ? "(" + r.describe() + ")" : r.describe());
      }
      return String.join(all ? " and " : " or ", parts);
    }
  }
}
