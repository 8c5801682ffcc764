package io.emcee.api;

/**
 * The thread waiting for a pool, or running a sampler, was interrupted. The thread's interrupt flag
 * is set again when this is thrown, so callers further up still see the interrupt.
 *
 * <pre>{@code catch (RunInterruptedException e) { ensemble = sampler.getLastSample(); } }</pre>
 */
@Stability(Stability.Level.STABLE)
public class RunInterruptedException extends EmceeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; the caller must have restored the interrupt flag.
   *
   * @param message where the interrupt arrived and what was kept
   */
  public RunInterruptedException(String message) {
    super("EMCEE-R001", message);
  }
}
