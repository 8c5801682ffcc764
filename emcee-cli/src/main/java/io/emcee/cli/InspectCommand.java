package io.emcee.cli;

import io.emcee.api.EmceeException;
import io.emcee.core.Chain;
import io.emcee.core.ChainSummary;
import io.emcee.core.diagnostics.Convergence;
import io.emcee.core.diagnostics.ConvergenceSummary;
import io.emcee.core.model.BlobLayout;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.ChainExport;
import io.emcee.core.storage.ChainSegment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code emcee inspect}: what chain files hold, and the convergence statistics across them, each
 * file one independent ensemble.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Prints each chain's shape, steps, acceptance, autocorrelation time tau and summary table;"
          + " reads chain files and emcee's HDF5 files.",
      "Then R-hat, bulk- and tail-ESS and MCSE per parameter across the files, each file one"
          + " independent ensemble and each walker's series one chain (with one file, across its"
          + " walkers)."
    })
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "CHAIN", arity = "1..*", description = "Chain or emcee HDF5 files.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--discard",
      paramLabel = "N",
      defaultValue = "0",
      description = "Steps to drop from the start (default: ${DEFAULT-VALUE}).")
  int discard;

  @Option(
      names = "--thin",
      paramLabel = "N",
      defaultValue = "1",
      description = "Use every N-th step (default: ${DEFAULT-VALUE}).")
  int thin;

  @Option(
      names = "--json",
      description =
          "Print only a JSON object: per parameter name rhat, ess_bulk, ess_tail, mcse_mean,"
              + " mcse_q5, mcse_q50, mcse_q95, mean, sd, q16, q50, q84 and tau (the mean over"
              + " files); null where a value is undefined.")
  boolean json;

  @Option(
      names = "--plot",
      paramLabel = "DIR",
      description =
          "Write trace.png, corner.png and tau.png into DIR (prefixed by each file's name when"
              + " there are several).")
  @Nullable Path plot;

  @Override
  public Integer call() {
    UsageException.atLeast("--discard", discard, 0);
    UsageException.atLeast("--thin", thin, 1);
    PrintWriter w = spec.commandLine().getOut();
    List<double[][][]> ensembles = new ArrayList<>();
    List<ChainSummary> summaries = new ArrayList<>();
    List<Tau> taus = new ArrayList<>();
    List<String> names = List.of();
    Map<String, List<Map<String, Object>>> segments = new LinkedHashMap<>();
    int shortest = Integer.MAX_VALUE;
    for (Path file : files) {
      try (ChainBackend backend = ChainFiles.open(file)) {
        Chain chain = Chain.of(backend);
        if (chain.getIteration() == 0) {
          throw new EmceeException("EMCEE-C012", file + " holds no steps yet; nothing to inspect");
        }
        List<String> own = ChainFiles.names(chain);
        if (ensembles.isEmpty()) {
          names = own;
        } else if (!own.equals(names) || chain.getWalkerCount() != ensembles.get(0)[0].length) {
          throw new EmceeException(
              "EMCEE-C013",
              file
                  + " has "
                  + chain.getWalkerCount()
                  + " walkers and parameters "
                  + own
                  + ", "
                  + files.get(0)
                  + " has "
                  + ensembles.get(0)[0].length
                  + " and "
                  + names
                  + "; inspect chains of one problem together");
        }
        int selected = discard < chain.getIteration() ? chain.getSelectedCount(discard, thin) : 0;
        if (selected == 0) {
          throw new UsageException(
              "EMCEE-C002",
              "--discard "
                  + discard
                  + " and --thin "
                  + thin
                  + " leave none of the "
                  + chain.getIteration()
                  + " steps of "
                  + file);
        }
        shortest = Math.min(shortest, selected);
        segments.put(file.toString(), segments(chain));
        ensembles.add(chain.getCoords(discard, thin));
        Tau tau = Tau.of(chain, discard, thin);
        taus.add(tau);
        ChainSummary summary = chain.getSummary(discard, thin);
        summaries.add(summary);
        if (!json) {
          describe(w, file, chain, tau, summary);
        }
        if (plot != null) {
          String prefix = files.size() == 1 ? "" : ChainFiles.stem(file) + "-";
          PlotFiles.write(chain, own, plot, prefix, discard, thin, json ? nowhere() : w);
        }
      }
    }
    // Chains of different lengths are compared over the first draws they all have.
    for (int k = 0; k < ensembles.size(); k++) {
      ensembles.set(k, Arrays.copyOf(ensembles.get(k), shortest));
    }
    List<ConvergenceSummary> convergence =
        shortest >= Convergence.MIN_DRAWS ? Convergence.summarize(ensembles, names) : List.of();
    double[] meanTau = new double[names.size()];
    for (Tau t : taus) {
      for (int d = 0; d < meanTau.length; d++) {
        meanTau[d] += t.values()[d] / taus.size();
      }
    }
    if (json) {
      if (names.contains(SEGMENTS)) {
        throw new UsageException(
            "EMCEE-C042",
            "a parameter is named '"
                + SEGMENTS
                + "', the key --json gives the chains' segments; inspect without --json, or"
                + " export the chain (emcee export --to csv) and name the parameter otherwise");
      }
      Map<String, Object> out = new LinkedHashMap<>(toJson(names, convergence, summaries, meanTau));
      out.put(SEGMENTS, segments);
      w.println(Json.write(out));
    } else {
      w.println();
      if (convergence.isEmpty()) {
        w.printf(
            Locale.ROOT,
            "convergence: needs at least %d selected steps per chain, have %d%n",
            Convergence.MIN_DRAWS,
            shortest);
      } else {
        w.printf(
            Locale.ROOT,
            "convergence across %d ensemble%s (%d chains of %d draws: one per walker)%n",
            ensembles.size(),
            ensembles.size() == 1 ? "" : "s",
            ensembles.size() * ensembles.get(0)[0].length,
            shortest);
        w.print(table(convergence, meanTau));
      }
    }
    w.flush();
    return ExitCode.OK;
  }

  /** The key of {@code --json} that holds the segments of each file. */
  static final String SEGMENTS = "segments";

  /** The chain's segments as {@code --json} prints them. */
  private static List<Map<String, Object>> segments(Chain chain) {
    List<ChainSegment> list = chain.getSegments();
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ChainSegment s = list.get(i);
      int end = i + 1 < list.size() ? list.get(i + 1).firstStep() : chain.getIteration();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("first_step", s.firstStep());
      m.put("steps", end - s.firstStep());
      m.put("thin_by", s.thinBy());
      m.put("tune", s.tune());
      m.put("follows", s.follows());
      out.add(m);
    }
    return out;
  }

  private void describe(PrintWriter w, Path file, Chain chain, Tau tau, ChainSummary summary) {
    double[] acceptance = chain.getAcceptanceFraction();
    w.printf(Locale.ROOT, "%s (%s)%n", file, ChainFiles.kind(file));
    w.printf(
        Locale.ROOT,
        "  shape: %d steps x %d walkers x %d parameters %s%n",
        chain.getIteration(),
        chain.getWalkerCount(),
        chain.getDimension(),
        ChainFiles.names(chain));
    if (!chain.getBlobNames().isEmpty()) {
      BlobLayout blobs = BlobLayout.fromColumns(chain.getBlobNames());
      // fields with a shape or a kind are shown as emcee's blobs_dtype, plain doubles by name
      w.printf(
          Locale.ROOT,
          "  blobs: %s%n",
          ChainExport.isStructured(blobs) ? blobs.fields() : chain.getBlobNames());
    }
    List<ChainSegment> segs = chain.getSegments();
    w.printf(Locale.ROOT, "  segments: %d%n", segs.size());
    for (int i = 0; i < segs.size(); i++) {
      ChainSegment s = segs.get(i);
      int end = i + 1 < segs.size() ? segs.get(i + 1).firstStep() : chain.getIteration();
      w.printf(
          Locale.ROOT,
          "    steps %d..%d: thinBy %d%s%s%n",
          s.firstStep(),
          end - 1,
          s.thinBy(),
          s.tune() ? ", tuned" : "",
          i == 0 || s.follows() ? "" : ", not following step " + (s.firstStep() - 1));
    }
    w.printf(
        Locale.ROOT,
        "  selected: %d steps (discard %d, thin %d)%n",
        chain.getSelectedCount(discard, thin),
        discard,
        thin);
    w.printf(
        Locale.ROOT,
        "  acceptance: mean %.3f (min %.3f, max %.3f)%n",
        Arrays.stream(acceptance).average().orElse(Double.NaN),
        Arrays.stream(acceptance).min().orElse(Double.NaN),
        Arrays.stream(acceptance).max().orElse(Double.NaN));
    StringBuilder t = new StringBuilder();
    for (double v : tau.values()) {
      t.append(t.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", v));
    }
    w.printf(
        Locale.ROOT,
        "  tau: %s steps%s%n",
        t,
        tau.trusted() ? "" : " (the selected chain is shorter than 50 tau: rough estimates)");
    for (String line : summary.toString().split("\\R")) {
      w.println("  " + line);
    }
  }

  private static String table(List<ConvergenceSummary> rows, double[] tau) {
    int width = Math.max(9, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
    StringBuilder sb = new StringBuilder();
    String head = "%-" + width + "s %11s %10s %7s %9s %9s %10s %8s%n";
    String row = "%-" + width + "s %11.5g %10.5g %7.4f %9.1f %9.1f %10.3g %8.1f%n";
    sb.append(
        String.format(
            Locale.ROOT,
            head,
            "parameter",
            "mean",
            "sd",
            "rhat",
            "ess_bulk",
            "ess_tail",
            "mcse_mean",
            "tau"));
    for (int d = 0; d < rows.size(); d++) {
      ConvergenceSummary r = rows.get(d);
      sb.append(
          String.format(
              Locale.ROOT,
              row,
              r.name(),
              r.mean(),
              r.sd(),
              r.rhat(),
              r.essBulk(),
              r.essTail(),
              r.mcseMean(),
              tau[d]));
    }
    sb.append("rhat above 1.01 or ess_bulk, ess_tail below 400 mean: run longer.")
        .append(System.lineSeparator());
    return sb.toString();
  }

  private static Map<String, Map<String, Double>> toJson(
      List<String> names,
      List<ConvergenceSummary> convergence,
      List<ChainSummary> summaries,
      double[] tau) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (int d = 0; d < names.size(); d++) {
      Map<String, Double> p = new LinkedHashMap<>();
      @Nullable ConvergenceSummary c = convergence.isEmpty() ? null : convergence.get(d);
      p.put("rhat", c == null ? Double.NaN : c.rhat());
      p.put("ess_bulk", c == null ? Double.NaN : c.essBulk());
      p.put("ess_tail", c == null ? Double.NaN : c.essTail());
      p.put("mcse_mean", c == null ? Double.NaN : c.mcseMean());
      p.put("mcse_q5", c == null ? Double.NaN : c.mcseQ5());
      p.put("mcse_q50", c == null ? Double.NaN : c.mcseQ50());
      p.put("mcse_q95", c == null ? Double.NaN : c.mcseQ95());
      ChainSummary.Parameter first = summaries.get(0).parameters().get(d);
      p.put("mean", c == null ? first.mean() : c.mean());
      p.put("sd", c == null ? first.std() : c.sd());
      if (summaries.size() == 1) {
        p.put("q16", first.q16());
        p.put("q50", first.q50());
        p.put("q84", first.q84());
      }
      p.put("tau", tau[d]);
      out.put(names.get(d), p);
    }
    return out;
  }

  private static PrintWriter nowhere() {
    return new PrintWriter(java.io.Writer.nullWriter());
  }
}
