package io.emcee.api;

import org.jspecify.annotations.Nullable;

/**
 * A pool could not be chosen, started, reached or used: the message says which and what to do.
 *
 * <pre>{@code catch (PoolException e) { System.err.println(Pools.describe()); } }</pre>
 */
@Stability(Stability.Level.STABLE)
public class PoolException extends EmceeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a pool failure.
   *
   * @param code the stable code, such as {@code EMCEE-P001}
   * @param message what went wrong and what to do about it
   */
  public PoolException(String code, String message) {
    super(code, message);
  }

  /**
   * Creates a pool failure with its cause.
   *
   * @param code the stable code, such as {@code EMCEE-P003}
   * @param message what went wrong and what to do about it
   * @param cause the underlying failure, or null
   */
  public PoolException(String code, String message, @Nullable Throwable cause) {
    super(code, message, cause);
  }
}
