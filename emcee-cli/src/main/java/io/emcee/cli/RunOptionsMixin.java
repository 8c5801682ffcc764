package io.emcee.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options every sampling sub-command shares ({@code --steps}, {@code --walkers}, {@code
 * --thin}, {@code --out}, {@code --plot}), mixed into each with its own defaults.
 *
 * <pre>{@code @Mixin RunOptionsMixin run = new RunOptionsMixin(5000, 32, 15);}</pre>
 */
final class RunOptionsMixin {
  @Option(
      names = "--steps",
      paramLabel = "N",
      description = "Steps to take (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--walkers",
      paramLabel = "N",
      description = "Walkers, even and at least twice the dimension (default: ${DEFAULT-VALUE}).")
  int walkers;

  @Option(
      names = "--thin",
      paramLabel = "N",
      description = "Use every N-th step (default: ${DEFAULT-VALUE}).")
  int thin;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Also write the chain to this new chain file (read it with emcee inspect).")
  @Nullable Path out;

  @Option(
      names = "--plot",
      paramLabel = "DIR",
      description = "Write trace.png, corner.png and tau.png into DIR.")
  @Nullable Path plot;

  /** For picocli; the commands give their defaults. */
  RunOptionsMixin() {}

  /**
   * The options with a command's defaults.
   *
   * @param steps the default of {@code --steps}
   * @param walkers the default of {@code --walkers}
   * @param thin the default of {@code --thin}
   */
  RunOptionsMixin(int steps, int walkers, int thin) {
    this.steps = steps;
    this.walkers = walkers;
    this.thin = thin;
  }
}
