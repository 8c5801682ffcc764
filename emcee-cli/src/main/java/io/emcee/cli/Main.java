package io.emcee.cli;

import io.emcee.api.DidYouMean;
import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import java.io.PrintWriter;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code emcee} command: {@code demo}, {@code fit-line}, {@code inspect} and {@code export}
 * (see {@code emcee --help}). A bad invocation prints one line and exits with a non-zero code
 * listed in the help, never a stack trace.
 *
 * <pre>{@code java -cp "$(cat emcee-cli/target/classpath.txt):emcee-cli/target/classes"
 *     io.emcee.cli.Main inspect run.chain}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class Main {
  /** Set to 1 to get the stack trace of an unexpected failure. */
  static final String TRACE_VARIABLE = "EMCEE_CLI_TRACE";

  /**
   * The autocorrelation estimator's logger, held so that its level holds: the commands report
   * whether tau can be trusted themselves, so its warning would say it twice.
   */
  private static final Logger AUTOCORRELATION =
      Logger.getLogger("io.emcee.core.diagnostics.Autocorrelation");

  private Main() {}

  /**
   * Runs the command and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    quietLogging();
    int code;
    try {
      code = execute(args);
    } catch (Error e) {
      // Out of memory, a missing class: one line too, never a trace unless asked for.
      if ("1".equals(System.getenv(TRACE_VARIABLE))) {
        e.printStackTrace();
      }
      System.err.println(internal(e));
      code = ExitCode.INTERNAL;
    }
    System.exit(code);
  }

  /**
   * Runs the command in this JVM and returns its exit code instead of exiting; leaves this JVM's
   * logging as it is ({@link #main} reduces library log records to one line each).
   *
   * @param args the command line
   * @return the exit code ({@code emcee --help} lists them)
   */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new EmceeCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((e, arguments) -> usage(e));
    cl.setExecutionExceptionHandler((e, commandLine, parsed) -> failure(commandLine, e));
    return cl.execute(args);
  }

  private static int usage(ParameterException e) {
    CommandLine cl = e.getCommandLine();
    String line = oneLine(e.getMessage());
    if (e instanceof UnmatchedArgumentException u) {
      List<String> unmatched = u.getUnmatched();
      if (!unmatched.isEmpty()
          && !unmatched.get(0).startsWith("-")
          && !cl.getSubcommands().isEmpty()) {
        String typed = unmatched.get(0);
        line =
            "no command '"
                + typed
                + "'"
                + DidYouMean.closest(typed, cl.getSubcommands().keySet())
                    .map(s -> "; did you mean " + s + "?")
                    .orElse(
                        "; the commands are " + String.join(", ", cl.getSubcommands().keySet()));
      } else if (!u.getSuggestions().isEmpty()) {
        line += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
      }
    }
    cl.getErr()
        .println("emcee: " + line + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
    cl.getErr().flush();
    return ExitCode.USAGE;
  }

  private static int failure(CommandLine cl, Exception e) {
    PrintWriter err = cl.getErr();
    if (e instanceof ParameterException p) {
      return usage(p);
    }
    if ("1".equals(System.getenv(TRACE_VARIABLE))) {
      e.printStackTrace(err);
    }
    int code;
    if (e instanceof UsageException) {
      err.println(
          "emcee: "
              + oneLine(e.getMessage())
              + " (see '"
              + cl.getCommandSpec().qualifiedName()
              + " --help')");
      code = ExitCode.USAGE;
    } else if (e instanceof EmceeException) {
      err.println("emcee: " + oneLine(e.getMessage()));
      code = ExitCode.FAILED;
    } else {
      err.println(internal(e));
      code = ExitCode.INTERNAL;
    }
    err.flush();
    return code;
  }

  /** The line for a failure that is nobody's input: a bug, or the JVM itself failing. */
  private static String internal(Throwable e) {
    return "emcee: unexpected "
        + e.getClass().getName()
        + ": "
        + oneLine(String.valueOf(e.getMessage()))
        + " (run again with "
        + TRACE_VARIABLE
        + "=1 for the stack trace and report it)";
  }

  /** A message of several lines as one line. */
  static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  /**
   * Library log records (an autocorrelation-time warning, a grid's membership) as one short line
   * each on standard error, warnings and worse only, instead of the JDK's two timestamped lines.
   */
  private static void quietLogging() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    root.setLevel(Level.WARNING);
    ConsoleHandler handler = new ConsoleHandler();
    handler.setLevel(Level.WARNING);
    handler.setFormatter(
        new Formatter() {
          @Override
          public String format(LogRecord r) {
            return "emcee: "
                + r.getLevel().getName().toLowerCase(java.util.Locale.ROOT)
                + ": "
                + oneLine(formatMessage(r))
                + System.lineSeparator();
          }
        });
    root.addHandler(handler);
    AUTOCORRELATION.setLevel(Level.SEVERE);
  }
}
