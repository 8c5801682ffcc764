package io.emcee.api;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception this project throws: catch it to handle any emcee failure.
 *
 * <p>Each message starts with a stable code in brackets ({@code [EMCEE-I004] ...}) that users can
 * search for; {@link #getCode()} returns it alone.
 *
 * <pre>{@code catch (EmceeException e) { log.error(e.getCode()); } }</pre>
 */
@Stability(Stability.Level.STABLE)
public class EmceeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;

  /**
   * Creates an exception with a stable code and a message that says what to fix.
   *
   * @param code the stable code, such as {@code EMCEE-I004}
   * @param message what went wrong and what to do about it
   */
  public EmceeException(String code, String message) {
    this(code, message, null);
  }

  /**
   * Creates an exception with a stable code, a message and the underlying cause.
   *
   * @param code the stable code, such as {@code EMCEE-I004}
   * @param message what went wrong and what to do about it
   * @param cause the underlying failure, or null
   */
  public EmceeException(String code, String message, @Nullable Throwable cause) {
    super("[" + code + "] " + message, cause);
    this.code = code;
  }

  /**
   * The stable code of this failure, such as {@code EMCEE-I004}.
   *
   * @return the code without brackets
   */
  public String getCode() {
    return code;
  }
}
