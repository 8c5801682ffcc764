package io.emcee.cli;

import io.emcee.api.Pool;
import io.emcee.core.Chain;
import io.emcee.core.ChainSummary;
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

/**
 * {@code emcee fit-line}: emcee's tutorial "Fitting a model to data", a line through points whose
 * error bars are underestimated by an unknown fraction {@code f}.
 */
@Command(
    name = "fit-line",
    mixinStandardHelpOptions = true,
    description = {
      "emcee's tutorial \"Fitting a model to data\": fits y = m x + b with errors underestimated"
          + " by a fraction f (sampling m, b and ln f under flat priors) and prints the 16, 50 and"
          + " 84 % quantiles of each.",
      "The data are drawn as the tutorial draws them (m = -0.9594, b = 4.294, f = 0.534, 50"
          + " points, a fixed seed of their own) unless --data names a CSV file of x,y,yerr."
    })
final class FitLineCommand implements Callable<Integer> {
  static final List<String> NAMES = List.of("m", "b", "ln_f");

  @ParentCommand EmceeCommand top;

  @Spec CommandSpec spec;

  @Mixin RunOptionsMixin run = new RunOptionsMixin(5000, 32, 15);

  @Option(
      names = "--discard",
      paramLabel = "N",
      defaultValue = "100",
      description = "Steps to drop as burn-in (default: ${DEFAULT-VALUE}).")
  int discard;

  @Option(
      names = "--data",
      paramLabel = "FILE.csv",
      description = "Fit these points: one x,y,yerr per line (a header line is skipped).")
  @Nullable Path data;

  @Option(
      names = "--data-seed",
      paramLabel = "N",
      defaultValue = "123",
      description = "The seed the tutorial's data are drawn with (default: ${DEFAULT-VALUE}).")
  long dataSeed;

  @Override
  public Integer call() {
    UsageException.atLeast("--steps", run.steps, 1);
    UsageException.atLeast("--walkers", run.walkers, 2 * NAMES.size());
    UsageException.atLeast("--discard", discard, 0);
    UsageException.atLeast("--thin", run.thin, 1);
    if (discard + run.thin > run.steps) {
      throw new UsageException(
          "EMCEE-C002",
          "--discard "
              + discard
              + " and --thin "
              + run.thin
              + " leave none of the "
              + run.steps
              + " steps");
    }
    ChainFiles.checkNew(run.out, "--out");
    TutorialLine line = data == null ? TutorialLine.draw(dataSeed) : LineData.read(data);
    PrintWriter w = spec.commandLine().getOut();
    long seed = top.seed;
    double[] mode = line.start();
    RandomStream init = new RandomStream(seed);
    double[][] start = new double[run.walkers][mode.length];
    for (double[] walker : start) {
      for (int j = 0; j < mode.length; j++) {
        walker[j] = mode[j] + 1e-4 * init.nextGaussian();
      }
    }
    try (Pool pool = top.openPool()) {
      if (!pool.isMaster()) {
        pool.waitForTasks();
        return ExitCode.OK;
      }
      try (ChainBackend backend =
          run.out == null ? new InMemoryBackend() : FileBackend.open(run.out)) {
        Sampler sampler =
            Sampler.builder()
                .seed(seed)
                .backend(backend)
                .parameterNames(NAMES.toArray(String[]::new))
                .build();
        try (ProgressListener bar = ProgressListener.onTerminal(run.steps)) {
          sampler.run(new Ensemble(line, start, pool), run.steps, bar);
        }
        Chain chain = sampler.getChain();
        w.printf(
            Locale.ROOT,
            "emcee-jvm fit-line: %d points %s, %d walkers, %d steps on the '%s' pool%n",
            line.x().length,
            data == null
                ? "drawn as emcee's tutorial draws them (seed " + dataSeed + ")"
                : "from " + data,
            run.walkers,
            run.steps,
            pool.getName());
        w.printf(
            Locale.ROOT,
            "  start: m %.4f, b %.4f (weighted least squares), ln f %.4f (the likeliest for them)%n",
            mode[0],
            mode[1],
            mode[2]);
        w.printf(
            Locale.ROOT,
            "  mean acceptance fraction: %.3f%n",
            Arrays.stream(sampler.getAcceptanceFraction()).average().orElse(0));
        Tau tau = Tau.of(chain, 0, 1);
        w.printf(
            Locale.ROOT,
            "  integrated autocorrelation time: m %.1f, b %.1f, ln f %.1f steps%s%n",
            tau.values()[0],
            tau.values()[1],
            tau.values()[2],
            tau.trusted() ? "" : " (chain shorter than 50 tau: rough)");
        w.printf(
            Locale.ROOT,
            "  %d samples (discard %d, thin %d)%n",
            chain.getSelectedCount(discard, run.thin) * run.walkers,
            discard,
            run.thin);
        w.println(
            String.format(
                    Locale.ROOT,
                    "  %-9s %10s %10s %10s   %-24s %s",
                    "parameter",
                    "16%",
                    "50%",
                    "84%",
                    "median -/+",
                    data == null ? "true" : "")
                .stripTrailing());
        double[] truth = {TutorialLine.M_TRUE, TutorialLine.B_TRUE, Math.log(TutorialLine.F_TRUE)};
        List<ChainSummary.Parameter> parameters = chain.getSummary(discard, run.thin).parameters();
        for (int d = 0; d < parameters.size(); d++) {
          ChainSummary.Parameter p = parameters.get(d);
          w.println(
              String.format(
                      Locale.ROOT,
                      "  %-9s %10.4f %10.4f %10.4f   %-24s %s",
                      p.name(),
                      p.q16(),
                      p.q50(),
                      p.q84(),
                      String.format(
                          Locale.ROOT,
                          "%.3f -%.3f +%.3f",
                          p.q50(),
                          p.q50() - p.q16(),
                          p.q84() - p.q50()),
                      data == null ? String.format(Locale.ROOT, "%.4f", truth[d]) : "")
                  .stripTrailing());
        }
        if (run.plot != null) {
          PlotFiles.write(chain, NAMES, run.plot, "", discard, run.thin, w);
        }
        w.flush();
      }
    }
    return ExitCode.OK;
  }
}
