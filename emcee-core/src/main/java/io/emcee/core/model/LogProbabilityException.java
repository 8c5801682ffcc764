package io.emcee.core.model;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import org.jspecify.annotations.Nullable;

/**
 * The log-probability failed for one walker: it threw, or returned NaN or +∞. Names the walker and
 * the coordinates it was evaluated at; the sampler has already rolled back to the last completed
 * step, so nothing sampled is lost.
 *
 * <pre>{@code catch (LogProbabilityException e) { System.err.println(e.getWalker()); } }</pre>
 */
@Stability(Stability.Level.STABLE)
public class LogProbabilityException extends EmceeException {
  private static final long serialVersionUID = 1L;

  private final int walker;
  private final double[] coords;

  /**
   * Creates the exception.
   *
   * @param code EMCEE-E001 (threw), EMCEE-E002 (NaN) or EMCEE-E003 (+∞)
   * @param message what happened and what to do
   * @param walker the walker's index in the ensemble
   * @param coords where it was evaluated
   * @param cause the failure in the user's function, or null
   */
  public LogProbabilityException(
      String code, String message, int walker, double[] coords, @Nullable Throwable cause) {
    super(code, message, cause);
    this.walker = walker;
    this.coords = coords.clone();
  }

  /**
   * The walker whose evaluation failed.
   *
   * @return its index in the ensemble
   */
  public int getWalker() {
    return walker;
  }

  /**
   * The coordinates the log-probability was evaluated at.
   *
   * @return a fresh copy
   */
  public double[] getCoords() {
    return coords.clone();
  }
}
