package io.emcee.cli;

import io.emcee.api.EmceeException;
import io.emcee.core.Chain;
import io.emcee.plots.Plots;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes the trace, corner and autocorrelation-time plots of a chain into a directory. */
final class PlotFiles {
  /** Plots.autocorrelationTime needs this many steps. */
  private static final int TAU_MIN_STEPS = 20;

  /** Trace plots of longer chains show every k-th step so that they draw in seconds. */
  private static final int TRACE_MAX_STEPS = 2000;

  private PlotFiles() {}

  /**
   * Writes {@code <prefix>trace.png} (every stored step), {@code <prefix>corner.png} (the selected
   * steps) and {@code <prefix>tau.png} (every stored step; skipped with a note below 20 steps).
   */
  static void write(
      Chain chain,
      List<String> names,
      Path dir,
      String prefix,
      int discard,
      int thin,
      PrintWriter out) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new EmceeException(
          "EMCEE-C020", "cannot create the plot directory " + dir + ": " + e.getMessage(), e);
    }
    List<String> written = new ArrayList<>();
    int steps = chain.getIteration();
    int traceThin = Math.max(1, (steps + TRACE_MAX_STEPS - 1) / TRACE_MAX_STEPS);
    Path trace = dir.resolve(prefix + "trace.png");
    Plots.trace(chain.getCoords(0, traceThin), names, trace);
    written.add(trace.toString() + (traceThin > 1 ? " (one step in " + traceThin + ")" : ""));
    Path corner = dir.resolve(prefix + "corner.png");
    Plots.corner(chain.getCoords(discard, thin), names, corner);
    written.add(corner.toString());
    if (steps >= TAU_MIN_STEPS) {
      Path tau = dir.resolve(prefix + "tau.png");
      Plots.autocorrelationTime(chain.getCoords(), names, tau);
      written.add(tau.toString());
    } else {
      written.add("no tau plot: it needs " + TAU_MIN_STEPS + " steps, the chain has " + steps);
    }
    out.println("  plots: " + String.join(", ", written));
  }
}
