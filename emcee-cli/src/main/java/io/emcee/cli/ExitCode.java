package io.emcee.cli;

/** The exit codes of the command, listed in {@code emcee --help}. */
final class ExitCode {
  /** The command did what it was asked. */
  static final int OK = 0;

  /** A file, the pool or the run failed; the line printed starts with an EMCEE code. */
  static final int FAILED = 1;

  /** A bad invocation: an unknown command or option, a missing or malformed value. */
  static final int USAGE = 2;

  /** An unexpected failure: a bug, to be reported with its stack trace. */
  static final int INTERNAL = 3;

  private ExitCode() {}
}
