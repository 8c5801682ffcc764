package io.emcee.cli;

import io.emcee.api.Pool;
import io.emcee.core.Chain;
import io.emcee.core.MultiSampler;
import io.emcee.core.Sampler;
import io.emcee.core.StopReport;
import io.emcee.core.Stopping;
import io.emcee.core.StoppingRule;
import io.emcee.core.diagnostics.ConvergenceSummary;
import io.emcee.core.model.Model;
import io.emcee.core.random.RandomStream;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.FileBackend;
import io.emcee.core.storage.InMemoryBackend;
import io.emcee.examples.DemoReport;
import io.emcee.progress.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code emcee demo}: the README's 10-D standard normal, sampled on the selected pool. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Samples a standard normal (10-D unless --ndim) with the stretch move on the selected pool"
          + " and prints the pool, the acceptance fraction, the autocorrelation time and the wall"
          + " time; with --ensembles K, R-hat and ESS across K independent ensembles; with --stop,"
          + " the rule that stopped the run.",
      "Shows a progress bar when standard error is a terminal."
    })
final class DemoCommand implements Callable<Integer> {
  @ParentCommand EmceeCommand top;

  @Spec CommandSpec spec;

  @Mixin RunOptionsMixin run = new RunOptionsMixin(10000, 100, 1);

  @Option(
      names = "--ndim",
      paramLabel = "N",
      defaultValue = "10",
      description = "Dimensions of the normal (default: ${DEFAULT-VALUE}).")
  int ndim;

  @Option(
      names = "--ensembles",
      paramLabel = "K",
      defaultValue = "1",
      description =
          "Independent ensembles, sampled together and sharing each map of the pool; two or more"
              + " also print R-hat and ESS across them, and --out FILE writes FILE-0, FILE-1, ..."
              + " (default: ${DEFAULT-VALUE}).")
  int ensembles;

  @Option(
      names = "--stop",
      paramLabel = "RULE",
      description =
          "Stop once RULE holds, checked every 100 steps (--steps is then the most): tau (emcee's"
              + " advice: longer than 50 tau, tau changing by less than 1 %%), rhat:X (R-hat below"
              + " X), ess:N (bulk-ESS above N). Repeat to require all of them.")
  List<String> stop = new ArrayList<>();

  @Option(
      names = "--discard",
      paramLabel = "N",
      description = "Steps to drop before tau and the sample moments (default: a fifth).")
  @Nullable Integer discard;

  @Override
  public Integer call() {
    UsageException.atLeast("--steps", run.steps, 1);
    UsageException.atLeast("--ndim", ndim, 1);
    UsageException.atLeast("--walkers", run.walkers, 2 * ndim);
    UsageException.atLeast("--thin", run.thin, 1);
    UsageException.atLeast("--ensembles", ensembles, 1);
    if (discard != null) {
      UsageException.atLeast("--discard", discard, 0);
    }
    if (discard != null && discard >= run.steps) {
      throw new UsageException(
          "EMCEE-C002", "--discard " + discard + " leaves none of the " + run.steps + " steps");
    }
    StoppingRule rule = stopRule();
    List<Path> outs = new ArrayList<>();
    for (int e = 0; run.out != null && e < ensembles; e++) {
      Path file = ensembles == 1 ? run.out : numbered(run.out, e);
      ChainFiles.checkNew(file, "--out");
      outs.add(file);
    }
    PrintWriter w = spec.commandLine().getOut();
    long seed = top.seed;
    List<double[][]> starts = new ArrayList<>();
    for (int e = 0; e < ensembles; e++) {
      RandomStream init = new RandomStream(MultiSampler.seedOf(seed, e));
      double[][] start = new double[run.walkers][ndim];
      for (double[] walker : start) {
        for (int j = 0; j < ndim; j++) {
          walker[j] = init.nextGaussian();
        }
      }
      starts.add(start);
    }
    try (Pool pool = top.openPool()) {
      if (!pool.isMaster()) {
        pool.waitForTasks();
        return ExitCode.OK;
      }
      List<ChainBackend> backends = new ArrayList<>();
      try {
        for (int e = 0; e < ensembles; e++) {
          backends.add(outs.isEmpty() ? new InMemoryBackend() : FileBackend.open(outs.get(e)));
        }
        MultiSampler multi =
            MultiSampler.builder()
                .ensembles(ensembles)
                .seed(seed)
                .samplers(e -> Sampler.builder().backend(backends.get(e)))
                .build();
        Model model = Model.of(new StandardNormal(), pool);
        long t0 = System.nanoTime();
        StopReport report = null;
        try (ProgressListener bar = ProgressListener.onTerminal(run.steps)) {
          if (rule == null) {
            multi.run(model, starts, run.steps, bar);
          } else {
            report =
                multi.runUntil(
                    model, starts, run.steps, Stopping.when(rule).onCheck(bar::onCheck), bar);
          }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int taken = multi.getIteration();
        int drop = discard == null ? taken / 5 : Math.min(discard, taken - 1);
        print(w, multi, pool.getName(), taken, drop, seconds, report);
        if (!outs.isEmpty()) {
          w.println("  chain" + (outs.size() > 1 ? "s: " : ": ") + join(outs));
        }
        if (run.plot != null) {
          Chain first = multi.getChains().get(0);
          PlotFiles.write(first, ChainFiles.names(first), run.plot, "", drop, run.thin, w);
        }
        w.flush();
      } finally {
        for (ChainBackend b : backends) {
          b.close();
        }
      }
    }
    return ExitCode.OK;
  }

  private void print(
      PrintWriter w,
      MultiSampler multi,
      String poolName,
      int taken,
      int drop,
      double seconds,
      @Nullable StopReport report) {
    double acceptance = 0;
    for (Sampler s : multi.getSamplers()) {
      acceptance += Arrays.stream(s.getAcceptanceFraction()).average().orElse(0) / ensembles;
    }
    Tau estimate = Tau.of(multi.getChains().get(0), drop, run.thin);
    List<double[][]> flats = new ArrayList<>();
    for (Sampler s : multi.getSamplers()) {
      flats.add(s.getFlatCoords(drop, run.thin));
    }
    w.println(
        DemoReport.header(
            ndim,
            run.walkers,
            taken,
            poolName,
            ensembles == 1 ? "" : ", " + ensembles + " ensembles sharing each map"));
    if (report != null) {
      w.println("  " + report);
    }
    w.println(DemoReport.acceptance(acceptance));
    w.println(
        DemoReport.tau(
            estimate.values(),
            ensembles == 1 ? "" : " (ensemble 0)",
            estimate.trusted() ? "" : " (chain shorter than 50 tau: rough)"));
    if (ensembles > 1 && (taken - drop) / run.thin >= 6) {
      List<ConvergenceSummary> across = multi.getConvergence(drop, run.thin);
      w.printf(
          Locale.ROOT,
          "  across the ensembles: R-hat at most %.4f, bulk-ESS at least %.0f, tail-ESS at least"
              + " %.0f%n",
          across.stream().mapToDouble(ConvergenceSummary::rhat).max().orElse(Double.NaN),
          across.stream().mapToDouble(ConvergenceSummary::essBulk).min().orElse(Double.NaN),
          across.stream().mapToDouble(ConvergenceSummary::essTail).min().orElse(Double.NaN));
    }
    w.println(DemoReport.moments(flats));
    w.println(DemoReport.wallTime(seconds, taken, (double) taken * run.walkers * ensembles));
  }

  /** The rule of the {@code --stop} options, all of them together; null without any. */
  private @Nullable StoppingRule stopRule() {
    List<StoppingRule> rules = new ArrayList<>();
    for (String s : stop) {
      String[] parts = s.split(":", 2);
      try {
        switch (parts[0]) {
          case "tau" -> rules.add(StoppingRule.autocorrelation());
          case "rhat" -> rules.add(StoppingRule.rhatBelow(Double.parseDouble(parts[1])));
          case "ess" -> rules.add(StoppingRule.essAbove(Double.parseDouble(parts[1])));
          default -> throw new IllegalArgumentException();
        }
      } catch (RuntimeException e) {
        throw new UsageException(
            "EMCEE-C014",
            "--stop "
                + s
                + " is not a rule; give tau (emcee's 50 tau and 1 %), rhat:X (R-hat below X, such"
                + " as rhat:1.01) or ess:N (bulk-ESS above N, such as ess:400)");
      }
    }
    return rules.isEmpty() ? null : StoppingRule.allOf(rules.toArray(StoppingRule[]::new));
  }

  /** {@code run.chain} -> {@code run-2.chain}: ensemble {@code e}'s file. */
  static Path numbered(Path file, int e) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String numbered =
        dot > 0 ? name.substring(0, dot) + "-" + e + name.substring(dot) : name + "-" + e;
    return file.resolveSibling(numbered);
  }

  private static String join(List<Path> paths) {
    List<String> names = new ArrayList<>();
    for (Path p : paths) {
      names.add(p.toString());
    }
    return String.join(", ", names);
  }
}
