package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a run checks whether it may stop: the {@link StoppingRule}, how often it is checked, how much
 * of the chain R-hat and ESS treat as burn-in, and who is told of each check. Immutable; each
 * setting returns a new policy.
 *
 * <p>A check copies the chain (a short pause of the sampler) and computes its statistics on a
 * thread of its own while sampling goes on; its verdict is applied at the next check, so a run
 * stops {@code checkEvery} steps after the step at which the rule was met. That keeps the stopping
 * step the same for one seed however fast the machine is. {@link #concurrent(boolean)
 * concurrent(false)} computes each check on the sampling thread and stops at the very step the rule
 * is met.
 *
 * <pre>{@code
 * StopReport r = sampler.runUntil(ensemble, 100_000,
 *     Stopping.when(StoppingRule.autocorrelation()).checkEvery(100));
 * }</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class Stopping {
  /** Steps between checks unless set. */
  public static final int DEFAULT_CHECK_EVERY = 100;

  private static final Consumer<ConvergenceCheck> NOBODY = c -> {};

  private final StoppingRule rule;
  private final int checkEvery;
  private final double discardFraction;
  private final boolean concurrent;
  private final Consumer<ConvergenceCheck> listener;

  private Stopping(
      StoppingRule rule,
      int checkEvery,
      double discardFraction,
      boolean concurrent,
      Consumer<ConvergenceCheck> listener) {
    this.rule = rule;
    this.checkEvery = checkEvery;
    this.discardFraction = discardFraction;
    this.concurrent = concurrent;
    this.listener = listener;
  }

  /**
   * Stop when {@code rule} is met, checked every {@value #DEFAULT_CHECK_EVERY} steps, R-hat and ESS
   * on the second half of the chain, checks computed while sampling goes on.
   *
   * @param rule the rule
   * @return the policy
   */
  public static Stopping when(StoppingRule rule) {
    if (rule == null) {
      throw new EmceeException(
          "EMCEE-I042",
          "the stopping rule is null; pass one such as StoppingRule.autocorrelation()");
    }
    return new Stopping(rule, DEFAULT_CHECK_EVERY, 0.5, true, NOBODY);
  }

  /**
   * Checks at every {@code steps}-th stored step of the chain.
   *
   * @param steps at least 1
   * @return a new policy
   * @throws EmceeException (EMCEE-I042) for fewer than 1 step
   */
  public Stopping checkEvery(int steps) {
    if (steps < 1) {
      throw new EmceeException(
          "EMCEE-I042", "checkEvery(" + steps + "): checks need at least 1 step between them");
    }
    return new Stopping(rule, steps, discardFraction, concurrent, listener);
  }

  /**
   * The share of the chain, from its start, that R-hat and ESS leave out as burn-in at each check
   * (tau always uses the whole chain, as emcee's advice does).
   *
   * @param fraction in {@code [0, 1)}; 0.5 unless set
   * @return a new policy
   * @throws EmceeException (EMCEE-I042) outside {@code [0, 1)}
   */
  public Stopping discardFraction(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new EmceeException(
          "EMCEE-I042", "the burn-in fraction is " + fraction + "; give a value in [0, 1)");
    }
    return new Stopping(rule, checkEvery, fraction, concurrent, listener);
  }

  /**
   * Whether checks are computed while sampling goes on (the default) or on the sampling thread.
   *
   * @param concurrent false to stop at the very step the rule is met
   * @return a new policy
   */
  public Stopping concurrent(boolean concurrent) {
    return new Stopping(rule, checkEvery, discardFraction, concurrent, listener);
  }

  /**
   * Also tells {@code listener} of every check, on the sampling thread, when its verdict is applied
   * (a progress bar shows tau and R-hat this way); listeners are called in the order added.
   *
   * @param listener called once per check
   * @return a new policy
   */
  public Stopping onCheck(Consumer<ConvergenceCheck> listener) {
    Objects.requireNonNull(listener);
    Consumer<ConvergenceCheck> all =
        this.listener == NOBODY ? listener : this.listener.andThen(listener);
    return new Stopping(rule, checkEvery, discardFraction, concurrent, all);
  }

  /**
   * The rule.
   *
   * @return the rule
   */
  public StoppingRule getRule() {
    return rule;
  }

  /**
   * Steps between checks.
   *
   * @return at least 1
   */
  public int getCheckEvery() {
    return checkEvery;
  }

  /**
   * The burn-in share for R-hat and ESS.
   *
   * @return in {@code [0, 1)}
   */
  public double getDiscardFraction() {
    return discardFraction;
  }

  /**
   * Whether checks run while sampling goes on.
   *
   * @return true unless set otherwise
   */
  public boolean isConcurrent() {
    return concurrent;
  }

  Consumer<ConvergenceCheck> listener() {
    return listener;
  }

  @Override
  public String toString() {
    return "Stopping[" + rule.describe() + ", every " + checkEvery + " steps]";
  }
}
