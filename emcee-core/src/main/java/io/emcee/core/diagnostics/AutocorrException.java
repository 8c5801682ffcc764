package io.emcee.core.diagnostics;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;

/**
 * The chain is too short to trust its integrated autocorrelation time (emcee's {@code
 * AutocorrError}). The estimates are still available from {@link #getTau()}.
 *
 * <pre>{@code catch (AutocorrException e) { double[] rough = e.getTau(); } }</pre>
 */
@Stability(Stability.Level.STABLE)
public class AutocorrException extends EmceeException {
  private static final long serialVersionUID = 1L;

  private final double[] tau;

  /**
   * Creates the exception.
   *
   * @param tau the estimates, one per parameter, in steps
   * @param message what was too short and what to do
   */
  public AutocorrException(double[] tau, String message) {
    super("EMCEE-A001", message);
    this.tau = tau.clone();
  }

  /**
   * The estimates despite the short chain, one per parameter, in steps.
   *
   * @return a fresh copy
   */
  public double[] getTau() {
    return tau.clone();
  }
}
