package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;

/**
 * How one run advances and stores the chain (emcee's per-call arguments of {@code sample} and
 * {@code run_mcmc}): {@code thinBy}, {@code store}, {@code skipInitialStateCheck} and {@code tune}.
 * The sampler's builder sets the options of runs given none ({@link Sampler#getRunOptions()}); a
 * run given options uses exactly those, so change one setting of the sampler's with a wither:
 *
 * <pre>{@code sampler.run(start, 1000, sampler.getRunOptions().withStore(false)); // burn-in}</pre>
 *
 * @param thinBy moves per stored (or yielded) step, at least 1 (emcee's {@code thin_by}); the chain
 *     records the value of every run in its segments ({@link io.emcee.core.storage.ChainSegment})
 * @param store whether the run's steps are stored (emcee's {@code store}); a run that stores
 *     nothing advances the ensemble and the random stream but leaves the stored chain, its
 *     iteration and its acceptance counts as they were
 * @param skipInitialStateCheck skip the check that the starting walkers are linearly independent
 *     (emcee's {@code skip_initial_state_check})
 * @param tune let moves that tune their own settings adapt them during the run (emcee's {@code
 *     tune}); moves without such settings ignore it
 */
@Stability(Stability.Level.STABLE)
public record RunOptions(int thinBy, boolean store, boolean skipInitialStateCheck, boolean tune) {

  /** emcee's defaults: {@code thinBy = 1}, storing, checking the start, not tuning. */
  public static final RunOptions DEFAULT = new RunOptions(1, true, false, false);

  /**
   * Checks {@code thinBy}.
   *
   * @throws EmceeException (EMCEE-I008) when {@code thinBy < 1}
   */
  public RunOptions {
    if (thinBy < 1) {
      throw new EmceeException(
          "EMCEE-I008", "thinBy = " + thinBy + " but must be at least 1 (1 stores every move)");
    }
  }

  /**
   * A copy with another {@code thinBy}.
   *
   * @param thinBy moves per stored step, at least 1
   * @return the changed options
   */
  public RunOptions withThinBy(int thinBy) {
    return new RunOptions(thinBy, store, skipInitialStateCheck, tune);
  }

  /**
   * A copy that does or does not store its steps.
   *
   * @param store whether to store the steps
   * @return the changed options
   */
  public RunOptions withStore(boolean store) {
    return new RunOptions(thinBy, store, skipInitialStateCheck, tune);
  }

  /**
   * A copy that does or does not skip the initial state check.
   *
   * @param skip whether to skip it
   * @return the changed options
   */
  public RunOptions withSkipInitialStateCheck(boolean skip) {
    return new RunOptions(thinBy, store, skip, tune);
  }

  /**
   * A copy that does or does not let moves tune themselves.
   *
   * @param tune whether moves may tune
   * @return the changed options
   */
  public RunOptions withTune(boolean tune) {
    return new RunOptions(thinBy, store, skipInitialStateCheck, tune);
  }
}
