package io.emcee.cli;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.random.RandomStream;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.FileBackend;
import io.emcee.core.storage.InMemoryBackend;
import io.emcee.progress.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code emcee demo}: the README's 10-D standard normal, sampled on the selected pool. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Samples a 10-D standard normal with the stretch move on the selected pool and prints the"
          + " pool, the acceptance fraction, the autocorrelation time and the wall time.",
      "Shows a progress bar when standard error is a terminal."
    })
final class DemoCommand implements Callable<Integer> {
  static final int NDIM = 10;

  @ParentCommand EmceeCommand top;

  @Spec CommandSpec spec;

  @Option(
      names = "--steps",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Steps to take (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--walkers",
      paramLabel = "N",
      defaultValue = "100",
      description = "Walkers, even and at least 20 (default: ${DEFAULT-VALUE}).")
  int walkers;

  @Option(
      names = "--discard",
      paramLabel = "N",
      description = "Steps to drop before tau and the sample moments (default: a fifth).")
  @Nullable Integer discard;

  @Option(
      names = "--thin",
      paramLabel = "N",
      defaultValue = "1",
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

  /** The log-density of the standard normal, up to a constant; a class so that it travels. */
  record StandardNormal() implements LogProbability {
    @Override
    public double logProbability(double[] x) {
      double s = 0;
      for (double v : x) {
        s += v * v;
      }
      return -0.5 * s;
    }
  }

  @Override
  public Integer call() {
    UsageException.atLeast("--steps", steps, 1);
    UsageException.atLeast("--walkers", walkers, 2 * NDIM);
    UsageException.atLeast("--thin", thin, 1);
    int drop = discard == null ? steps / 5 : UsageException.atLeast("--discard", discard, 0);
    if (drop >= steps) {
      throw new UsageException(
          "EMCEE-C002", "--discard " + drop + " leaves none of the " + steps + " steps");
    }
    ChainFiles.checkNew(out, "--out");
    PrintWriter w = spec.commandLine().getOut();
    long seed = top.seed;
    RandomStream init = new RandomStream(seed);
    double[][] start = new double[walkers][NDIM];
    for (double[] walker : start) {
      for (int j = 0; j < NDIM; j++) {
        walker[j] = init.nextGaussian();
      }
    }
    try (Pool pool = top.openPool()) {
      if (!pool.isMaster()) {
        pool.waitForTasks();
        return ExitCode.OK;
      }
      try (ChainBackend backend = out == null ? new InMemoryBackend() : FileBackend.open(out)) {
        Sampler sampler = Sampler.builder().seed(seed).backend(backend).build();
        long t0 = System.nanoTime();
        try (ProgressListener bar = ProgressListener.onTerminal(steps)) {
          sampler.run(new Ensemble(new StandardNormal(), start, pool), steps, bar);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double acceptance = Arrays.stream(sampler.getAcceptanceFraction()).average().orElse(0);
        Tau estimate = Tau.of(sampler.getChain(), drop, thin);
        double[] tau = estimate.values();
        double[][] flat = sampler.getFlatCoords(drop, thin);
        double mean = 0;
        double var = 0;
        for (double[] x : flat) {
          for (double v : x) {
            mean += v;
            var += v * v;
          }
        }
        int n = flat.length * NDIM;
        mean /= n;
        var = var / n - mean * mean;
        w.printf(
            Locale.ROOT,
            "emcee-jvm demo: %d-D standard normal, %d walkers, %d steps on the '%s' pool%n",
            NDIM,
            walkers,
            steps,
            pool.getName());
        w.printf(Locale.ROOT, "  mean acceptance fraction: %.3f%n", acceptance);
        w.printf(
            Locale.ROOT,
            "  integrated autocorrelation time: mean %.1f steps (min %.1f, max %.1f)%s%n",
            Arrays.stream(tau).average().orElse(Double.NaN),
            Arrays.stream(tau).min().orElse(Double.NaN),
            Arrays.stream(tau).max().orElse(Double.NaN),
            estimate.trusted() ? "" : " (chain shorter than 50 tau: rough)");
        w.printf(
            Locale.ROOT,
            "  samples after burn-in: mean %.3f, variance %.3f (target 0 and 1)%n",
            mean,
            var);
        w.printf(
            Locale.ROOT,
            "  wall time: %.3f s (%.2f us per step, %.0f evaluations/s)%n",
            seconds,
            seconds * 1e6 / steps,
            (double) steps * walkers / seconds);
        if (out != null) {
          w.println("  chain: " + out);
        }
        if (plot != null) {
          PlotFiles.write(
              sampler.getChain(), ChainFiles.names(sampler.getChain()), plot, "", drop, thin, w);
        }
        w.flush();
      }
    }
    return ExitCode.OK;
  }
}
