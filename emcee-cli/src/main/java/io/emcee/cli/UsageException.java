package io.emcee.cli;

import io.emcee.api.EmceeException;

/**
 * A command-line value this command refuses after parsing (out of range, options that do not go
 * together): exits with {@link ExitCode#USAGE}. Codes {@code EMCEE-C0nn}.
 */
final class UsageException extends EmceeException {
  private static final long serialVersionUID = 1L;

  UsageException(String code, String message) {
    super(code, message);
  }

  /** {@code EMCEE-C001}: a count option below its minimum. */
  static int atLeast(String option, int value, int min) {
    if (value < min) {
      throw new UsageException(
          "EMCEE-C001", option + " must be at least " + min + ", got " + value);
    }
    return value;
  }
}
