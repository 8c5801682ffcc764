package io.emcee.cli;

import io.emcee.api.LogProbability;
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
  static final double M_TRUE = -0.9594;
  static final double B_TRUE = 4.294;
  static final double F_TRUE = 0.534;
  static final int POINTS = 50;
  static final List<String> NAMES = List.of("m", "b", "ln_f");

  @ParentCommand EmceeCommand top;

  @Spec CommandSpec spec;

  @Option(
      names = "--steps",
      paramLabel = "N",
      defaultValue = "5000",
      description = "Steps to take (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--walkers",
      paramLabel = "N",
      defaultValue = "32",
      description = "Walkers, even and at least 6 (default: ${DEFAULT-VALUE}).")
  int walkers;

  @Option(
      names = "--discard",
      paramLabel = "N",
      defaultValue = "100",
      description = "Steps to drop as burn-in (default: ${DEFAULT-VALUE}).")
  int discard;

  @Option(
      names = "--thin",
      paramLabel = "N",
      defaultValue = "15",
      description = "Use every N-th step (default: ${DEFAULT-VALUE}).")
  int thin;

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

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Also write the chain to this new chain file.")
  @Nullable Path out;

  @Option(
      names = "--plot",
      paramLabel = "DIR",
      description = "Write trace.png, corner.png and tau.png into DIR.")
  @Nullable Path plot;

  /**
   * The tutorial's log-probability: flat priors {@code -5 < m < 0.5}, {@code 0 < b < 10}, {@code
   * -10 < ln f < 1}, and a Gaussian likelihood whose variance is {@code yerr^2 + f^2 model^2}.
   */
  record Line(double[] x, double[] y, double[] yerr) implements LogProbability {
    @Override
    public double logProbability(double[] theta) {
      double m = theta[0];
      double b = theta[1];
      double lnf = theta[2];
      if (!(-5 < m && m < 0.5 && 0 < b && b < 10 && -10 < lnf && lnf < 1)) {
        return Double.NEGATIVE_INFINITY;
      }
      return logLikelihood(m, b, lnf);
    }

    double logLikelihood(double m, double b, double lnf) {
      double f2 = Math.exp(2 * lnf);
      double s = 0;
      for (int i = 0; i < x.length; i++) {
        double model = m * x[i] + b;
        double sigma2 = yerr[i] * yerr[i] + model * model * f2;
        double r = y[i] - model;
        s += r * r / sigma2 + Math.log(sigma2);
      }
      return -0.5 * s;
    }

    /** The tutorial's data: x sorted uniform in [0, 10), then yerr, then the two noise terms. */
    static Line draw(long seed) {
      RandomStream rng = new RandomStream(seed);
      double[] x = new double[POINTS];
      double[] yerr = new double[POINTS];
      double[] y = new double[POINTS];
      for (int i = 0; i < POINTS; i++) {
        x[i] = 10 * rng.nextDouble();
      }
      Arrays.sort(x);
      for (int i = 0; i < POINTS; i++) {
        yerr[i] = 0.1 + 0.5 * rng.nextDouble();
      }
      for (int i = 0; i < POINTS; i++) {
        y[i] = M_TRUE * x[i] + B_TRUE;
      }
      for (int i = 0; i < POINTS; i++) {
        y[i] += Math.abs(F_TRUE * y[i]) * rng.nextGaussian();
      }
      for (int i = 0; i < POINTS; i++) {
        y[i] += yerr[i] * rng.nextGaussian();
      }
      return new Line(x, y, yerr);
    }

    /**
     * A starting point near the maximum of the likelihood (the tutorial's optimiser): m and b by
     * weighted least squares, then ln f by a grid search over its prior range.
     */
    double[] start() {
      double sw = 0;
      double sx = 0;
      double sy = 0;
      double sxx = 0;
      double sxy = 0;
      for (int i = 0; i < x.length; i++) {
        double w = 1 / (yerr[i] * yerr[i]);
        sw += w;
        sx += w * x[i];
        sy += w * y[i];
        sxx += w * x[i] * x[i];
        sxy += w * x[i] * y[i];
      }
      double det = sw * sxx - sx * sx;
      double m = (sw * sxy - sx * sy) / det;
      double b = (sxx * sy - sx * sxy) / det;
      m = Math.min(0.49, Math.max(-4.99, m));
      b = Math.min(9.99, Math.max(0.01, b));
      double bestLnf = 0;
      double best = Double.NEGATIVE_INFINITY;
      for (double lnf = -9.99; lnf < 1; lnf += 0.01) {
        double ll = logLikelihood(m, b, lnf);
        if (ll > best) {
          best = ll;
          bestLnf = lnf;
        }
      }
      return new double[] {m, b, bestLnf};
    }
  }

  @Override
  public Integer call() {
    UsageException.atLeast("--steps", steps, 1);
    UsageException.atLeast("--walkers", walkers, 2 * NAMES.size());
    UsageException.atLeast("--discard", discard, 0);
    UsageException.atLeast("--thin", thin, 1);
    if (discard + thin > steps) {
      throw new UsageException(
          "EMCEE-C002",
          "--discard "
              + discard
              + " and --thin "
              + thin
              + " leave none of the "
              + steps
              + " steps");
    }
    ChainFiles.checkNew(out, "--out");
    Line line = data == null ? Line.draw(dataSeed) : LineData.read(data);
    PrintWriter w = spec.commandLine().getOut();
    long seed = top.seed;
    double[] mode = line.start();
    RandomStream init = new RandomStream(seed);
    double[][] start = new double[walkers][mode.length];
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
      try (ChainBackend backend = out == null ? new InMemoryBackend() : FileBackend.open(out)) {
        Sampler sampler =
            Sampler.builder()
                .seed(seed)
                .backend(backend)
                .parameterNames(NAMES.toArray(String[]::new))
                .build();
        try (ProgressListener bar = ProgressListener.onTerminal(steps)) {
          sampler.run(new Ensemble(line, start, pool), steps, bar);
        }
        Chain chain = sampler.getChain();
        w.printf(
            Locale.ROOT,
            "emcee-jvm fit-line: %d points %s, %d walkers, %d steps on the '%s' pool%n",
            line.x().length,
            data == null
                ? "drawn as emcee's tutorial draws them (seed " + dataSeed + ")"
                : "from " + data,
            walkers,
            steps,
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
            chain.getSelectedCount(discard, thin) * walkers,
            discard,
            thin);
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
        double[] truth = {M_TRUE, B_TRUE, Math.log(F_TRUE)};
        List<ChainSummary.Parameter> parameters = chain.getSummary(discard, thin).parameters();
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
        if (plot != null) {
          PlotFiles.write(chain, NAMES, plot, "", discard, thin, w);
        }
        w.flush();
      }
    }
    return ExitCode.OK;
  }
}
