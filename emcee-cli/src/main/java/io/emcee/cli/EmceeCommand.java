package io.emcee.cli;

import io.emcee.api.DidYouMean;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top command: the options every sub-command shares. A new sub-command (a standing {@code
 * worker}, say) is a class annotated {@code @Command} added to {@code subcommands} below; it reads
 * the shared options through {@code @ParentCommand EmceeCommand}.
 */
@Command(
    name = "emcee",
    mixinStandardHelpOptions = true,
    versionProvider = EmceeCommand.Version.class,
    description = "The affine-invariant ensemble sampler (emcee) for the JVM.",
    subcommands = {
      DemoCommand.class,
      FitLineCommand.class,
      InspectCommand.class,
      ExportCommand.class,
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:a file, the pool or the run failed (the message starts with its [EMCEE-...] code)",
      "2:bad invocation: unknown command or option, a missing or malformed value",
      "3:unexpected failure, a bug (EMCEE_CLI_TRACE=1 prints its stack trace)",
    },
    footer = {
      "",
      "Settings such as -Demcee.pool or EMCEE_POOL, -Demcee.cluster.members work as for any"
          + " program; --pool overrides the pool's name."
    })
final class EmceeCommand implements Runnable {
  @Option(
      names = "--pool",
      paramLabel = "NAME",
      scope = ScopeType.INHERIT,
      description =
          "The pool to run on: serial, local, hazelcast, ignite or mpi (default: chosen from the"
              + " class path and settings, as Pools.load() chooses).")
  @Nullable String pool;

  @Option(
      names = "--seed",
      paramLabel = "N",
      scope = ScopeType.INHERIT,
      defaultValue = "42",
      description = "The seed of the sampler's random stream (default: ${DEFAULT-VALUE}).")
  long seed;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // `emcee` alone: the help, as a usage error (nothing was asked for).
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "no command given: choose demo, fit-line, inspect or export");
  }

  /** The pool {@code --pool} names, or the one {@link Pools#load()} selects. */
  Pool openPool() {
    if (pool == null) {
      return Pools.load();
    }
    List<String> found = Pools.available();
    if (!found.contains(pool)) {
      throw new UsageException(
          "EMCEE-C005",
          "--pool "
              + pool
              + ": no such pool on the class path"
              + DidYouMean.clause(pool, found)
              + " (found: "
              + String.join(", ", found)
              + ")");
    }
    return Pools.load(pool);
  }

  /** The version, from the jar's manifest when there is one. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = EmceeCommand.class.getPackage().getImplementationVersion();
      return new String[] {"emcee for the JVM " + (v == null ? "(development build)" : v)};
    }
  }
}
