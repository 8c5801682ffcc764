package io.emcee.api;

import org.jspecify.annotations.Nullable;

/**
 * A user function failed on one row of a batch. {@link #getIndex()} is the row within the batch
 * passed to {@link Pool#map}; {@link #getLocation()} says where it ran (a thread, a grid member or
 * an MPI rank). Samplers catch it and name the walker and its coordinates.
 *
 * <pre>{@code catch (EvaluationException e) { int row = e.getIndex(); } }</pre>
 */
@Stability(Stability.Level.STABLE)
public class EvaluationException extends EmceeException {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final String location;
  private final String causeDescription;

  /**
   * Creates the failure of row {@code index}.
   *
   * @param index the row of the batch that failed
   * @param location where it ran, such as {@code "thread emcee-local-1"} or {@code "rank 2"}
   * @param causeDescription the failure as text ({@code "java.lang.ArithmeticException: / by
   *     zero"}), which survives transport when the cause itself cannot be shipped
   * @param cause the failure itself, or null when only its description reached us
   */
  public EvaluationException(
      int index, String location, String causeDescription, @Nullable Throwable cause) {
    super(
        "EMCEE-E001",
        "the function threw at batch row " + index + " on " + location + ": " + causeDescription,
        cause);
    this.index = index;
    this.location = location;
    this.causeDescription = causeDescription;
  }

  /**
   * Describes a throwable as {@code class.Name: message}, the form used in error messages.
   *
   * @param t the failure
   * @return its class name and message on one line
   */
  public static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getName() + (message == null ? "" : ": " + message);
  }

  /**
   * The row of the batch that failed.
   *
   * @return a zero-based row index
   */
  public int getIndex() {
    return index;
  }

  /**
   * Where the row was evaluated.
   *
   * @return a thread, member or rank description
   */
  public String getLocation() {
    return location;
  }

  /**
   * The failure as text, as it reached the caller.
   *
   * @return the cause's class and message
   */
  public String getCauseDescription() {
    return causeDescription;
  }
}
