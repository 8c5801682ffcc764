package io.emcee.core;

import io.emcee.api.Stability;
import java.util.List;
import java.util.Locale;

/**
 * What one convergence check of a run found: the integrated autocorrelation time, its change since
 * the previous check, R-hat and bulk-ESS per parameter, at one step of the chain. {@link
 * StoppingRule}s decide on it; a progress bar shows {@link #toString()}.
 *
 * <p><b>Which series.</b> tau is emcee's estimate over each ensemble's whole chain (the largest
 * over the ensembles). R-hat and bulk-ESS ignore the first {@link #getDiscard()} steps as burn-in.
 * With two or more independent ensembles they are {@code posterior}'s rank-normalised split-R-hat
 * and bulk-ESS with every walker of every ensemble as a chain, as {@link
 * io.emcee.core.diagnostics.Convergence#summarize} computes them. With one ensemble, R-hat is the
 * split-R-hat of the <em>walker-averaged</em> series (its first half against its second): the
 * walkers of one ensemble are not independent chains (each move reads the others' positions), so
 * their mutual agreement says nothing about whether the ensemble as a whole has reached the target;
 * the walker average is a function of the ensemble's own Markov chain, whose halves must agree once
 * it is stationary. That detects a drift, not an ensemble stuck in one mode: run two or more
 * ensembles ({@link MultiSampler}) for that.
 *
 * <pre>{@code Stopping.when(rule).onCheck(c -> System.out.println(c)); }</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class ConvergenceCheck {
  private final int iteration;
  private final int ensembles;
  private final int discard;
  private final List<String> names;
  private final double[] tau;
  private final double tauChange;
  private final double[] rhat;
  private final double[] essBulk;

  ConvergenceCheck(
      int iteration,
      int ensembles,
      int discard,
      List<String> names,
      double[] tau,
      double tauChange,
      double[] rhat,
      double[] essBulk) {
    this.iteration = iteration;
    this.ensembles = ensembles;
    this.discard = discard;
    this.names = List.copyOf(names);
    this.tau = tau.clone();
    this.tauChange = tauChange;
    this.rhat = rhat.clone();
    this.essBulk = essBulk.clone();
  }

  /**
   * The number of stored steps (of each ensemble) the check looked at.
   *
   * @return the chain's length at the check
   */
  public int getIteration() {
    return iteration;
  }

  /**
   * How many independent ensembles were checked together.
   *
   * @return 1 for a {@link Sampler} run
   */
  public int getEnsembleCount() {
    return ensembles;
  }

  /**
   * The steps R-hat and ESS left out as burn-in.
   *
   * @return the discarded steps
   */
  public int getDiscard() {
    return discard;
  }

  /**
   * One name per parameter ({@code x0}, {@code x1}, ... when the dimensions are not named).
   *
   * @return the names
   */
  public List<String> getParameterNames() {
    return names;
  }

  /**
   * emcee's integrated autocorrelation time per parameter over the whole chain, the largest over
   * the ensembles.
   *
   * @return tau per parameter, in steps
   */
  public double[] getTau() {
    return tau.clone();
  }

  /**
   * The largest tau of any parameter.
   *
   * @return the largest tau, in steps
   */
  public double getMaxTau() {
    return max(tau);
  }

  /**
   * The largest relative change of tau since the previous check, {@code |tau - tau_prev| / tau},
   * over parameters and ensembles.
   *
   * @return the change, or NaN at a run's first check
   */
  public double getTauChange() {
    return tauChange;
  }

  /**
   * R-hat per parameter (see the class description for which series).
   *
   * @return R-hat per parameter, NaN while the chain is too short
   */
  public double[] getRhat() {
    return rhat.clone();
  }

  /**
   * The largest R-hat of any parameter.
   *
   * @return the largest R-hat, NaN while the chain is too short
   */
  public double getMaxRhat() {
    return max(rhat);
  }

  /**
   * Bulk-ESS per parameter, over every walker of every ensemble after the burn-in.
   *
   * @return bulk-ESS per parameter, NaN while the chain is too short
   */
  public double[] getEssBulk() {
    return essBulk.clone();
  }

  /**
   * The smallest bulk-ESS of any parameter.
   *
   * @return the smallest bulk-ESS, NaN while the chain is too short
   */
  public double getMinEssBulk() {
    double m = Double.POSITIVE_INFINITY;
    for (double v : essBulk) {
      if (Double.isNaN(v)) {
        return Double.NaN;
      }
      m = Math.min(m, v);
    }
    return m;
  }

  private static double max(double[] values) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isNaN(v)) {
        return Double.NaN;
      }
      m = Math.max(m, v);
    }
    return m;
  }

  /** One line: {@code tau 12.3, R-hat 1.004, ESS 512}, the worst parameter of each. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "tau %.1f, R-hat %.3f, ESS %.0f", getMaxTau(), getMaxRhat(), getMinEssBulk());
  }
}
