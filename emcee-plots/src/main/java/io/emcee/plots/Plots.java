package io.emcee.plots;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.diagnostics.Autocorrelation;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Pictures of a chain: trace plots, a corner plot and the autocorrelation time against the chain
 * length (emcee's convergence plot), written as PNG or SVG (chosen by the file's extension). Each
 * takes coordinates {@code [step][walker][dim]} as {@code Sampler.getCoords(discard, thin)} returns
 * them and one name per parameter. Drawing needs no display: AWT paints into an image, so the
 * methods work with {@code java.awt.headless=true}.
 *
 * <pre>{@code Plots.trace(sampler.getCoords(), List.of("m", "b"), Path.of("trace.png"));}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class Plots {
  /** The background of each plotting area; the figure around it is white. */
  static final Color PLOT_BACKGROUND = new Color(244, 244, 248);

  /** The frame drawn around each plotting area. */
  static final Color PLOT_BORDER = new Color(150, 150, 150);

  /** Bins per parameter in the corner plot's histograms. */
  static final int BINS = 20;

  private static final int TRACE_WIDTH = 900;
  private static final int TRACE_PANEL_HEIGHT = 170;
  private static final int CORNER_PANEL = 230;
  private static final int TAU_WIDTH = 700;
  private static final int TAU_HEIGHT = 480;
  private static final int TAU_POINTS = 10;

  private static final Color[] PALETTE = {
    new Color(31, 119, 180),
    new Color(255, 127, 14),
    new Color(44, 160, 44),
    new Color(214, 39, 40),
    new Color(148, 103, 189),
    new Color(140, 86, 75),
    new Color(227, 119, 194),
    new Color(127, 127, 127),
    new Color(188, 189, 34),
    new Color(23, 190, 207),
  };

  private Plots() {}

  /**
   * Trace plots: one panel per parameter, stacked, with every walker's path overlaid.
   *
   * @param coords the chain, {@code [step][walker][dim]}
   * @param names one name per parameter
   * @param file where to write; {@code .png} or {@code .svg}
   */
  public static void trace(double[][][] coords, List<String> names, Path file) {
    Shape s = Shape.of(coords, names, 2);
    Canvas canvas = new Canvas(TRACE_WIDTH, TRACE_PANEL_HEIGHT * s.ndim);
    double[] steps = new double[s.steps];
    for (int t = 0; t < s.steps; t++) {
      steps[t] = t;
    }
    Color walkerColor = new Color(0, 0, 0, 77);
    double[] y = new double[s.steps];
    for (int d = 0; d < s.ndim; d++) {
      XYChart chart = panel(TRACE_WIDTH, TRACE_PANEL_HEIGHT);
      chart.setYAxisTitle(names.get(d));
      boolean last = d == s.ndim - 1;
      chart.setXAxisTitle(last ? "step number" : "");
      chart.getStyler().setXAxisTitleVisible(last);
      chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) Math.max(1, s.steps - 1));
      for (int w = 0; w < s.nwalkers; w++) {
        for (int t = 0; t < s.steps; t++) {
          y[t] = coords[t][w][d];
        }
        XYSeries series = chart.addSeries("walker " + w, steps, y.clone());
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(walkerColor);
        series.setLineWidth(0.8f);
      }
      spreadTicks(chart, 0, Math.max(1, s.steps - 1), coords[0][0][d]);
      canvas.add(chart, 0, d * TRACE_PANEL_HEIGHT);
    }
    write(canvas, file);
  }

  /**
   * A corner plot of all walkers and steps together: the histogram of each parameter on the
   * diagonal and the 2-D histogram of each pair below it, darker where more samples fall.
   *
   * @param coords the chain, {@code [step][walker][dim]}
   * @param names one name per parameter
   * @param file where to write; {@code .png} or {@code .svg}
   */
  public static void corner(double[][][] coords, List<String> names, Path file) {
    Shape s = Shape.of(coords, names, 1);
    int n = s.steps * s.nwalkers;
    double[][] samples = new double[s.ndim][n];
    for (int t = 0; t < s.steps; t++) {
      for (int w = 0; w < s.nwalkers; w++) {
        for (int d = 0; d < s.ndim; d++) {
          samples[d][t * s.nwalkers + w] = coords[t][w][d];
        }
      }
    }
    double[] lo = new double[s.ndim];
    double[] hi = new double[s.ndim];
    for (int d = 0; d < s.ndim; d++) {
      lo[d] = Arrays.stream(samples[d]).min().orElse(0);
      hi[d] = Arrays.stream(samples[d]).max().orElse(0);
      if (!(hi[d] > lo[d])) {
        lo[d] -= 0.5;
        hi[d] += 0.5;
      }
    }
    Canvas canvas = new Canvas(CORNER_PANEL * s.ndim, CORNER_PANEL * s.ndim);
    for (int i = 0; i < s.ndim; i++) {
      for (int j = 0; j <= i; j++) {
        XYChart chart = panel(CORNER_PANEL, CORNER_PANEL);
        XYStyler styler = chart.getStyler();
        boolean bottom = i == s.ndim - 1;
        chart.setXAxisTitle(bottom ? names.get(j) : "");
        styler.setXAxisTitleVisible(bottom);
        boolean left = j == 0 && i > 0;
        chart.setYAxisTitle(left ? names.get(i) : "");
        styler.setYAxisTitleVisible(left);
        styler.setXAxisMin(lo[j]).setXAxisMax(hi[j]);
        styler.setXAxisTickMarkSpacingHint(45);
        if (i == j) {
          histogram(chart, samples[i], lo[i], hi[i]);
          spreadTicks(chart, lo[i], hi[i], 0);
        } else {
          styler.setYAxisMin(lo[i]).setYAxisMax(hi[i]);
          histogram2d(chart, samples[j], samples[i], lo[j], hi[j], lo[i], hi[i]);
        }
        canvas.add(chart, j * CORNER_PANEL, i * CORNER_PANEL);
      }
    }
    write(canvas, file);
  }

  /**
   * emcee's convergence plot: the estimate of the integrated autocorrelation time of each parameter
   * from the first {@code N} steps, for {@value #TAU_POINTS} values of {@code N} spaced evenly in
   * {@code log N}, against the line {@code tau = N / 50}. Estimates that have levelled off below
   * the line can be trusted.
   *
   * @param coords the chain, {@code [step][walker][dim]}, at least 20 steps
   * @param names one name per parameter
   * @param file where to write; {@code .png} or {@code .svg}
   */
  public static void autocorrelationTime(double[][][] coords, List<String> names, Path file) {
    Shape s = Shape.of(coords, names, 20);
    int[] lengths = tauLengths(s.steps);
    double[] xs = new double[lengths.length];
    double[][] tau = new double[s.ndim][lengths.length];
    double[] flat = new double[s.steps * s.nwalkers * s.ndim];
    for (int t = 0; t < s.steps; t++) {
      for (int w = 0; w < s.nwalkers; w++) {
        System.arraycopy(coords[t][w], 0, flat, (t * s.nwalkers + w) * s.ndim, s.ndim);
      }
    }
    for (int k = 0; k < lengths.length; k++) {
      int steps = lengths[k];
      xs[k] = steps;
      double[] head = Arrays.copyOf(flat, steps * s.nwalkers * s.ndim);
      // tol = 0: every estimate is wanted here, the short ones are the point of the plot.
      double[] estimate =
          Autocorrelation.integratedTime(
              head, steps, s.nwalkers, s.ndim, Autocorrelation.DEFAULT_C, 0, true);
      for (int d = 0; d < s.ndim; d++) {
        tau[d][k] = estimate[d];
      }
    }
    XYChart chart = panel(TAU_WIDTH, TAU_HEIGHT);
    chart.setXAxisTitle("number of steps N");
    chart.setYAxisTitle("tau estimate (steps)");
    XYStyler styler = chart.getStyler();
    styler.setLegendVisible(true);
    styler.setLegendPosition(Styler.LegendPosition.InsideNW);
    styler.setXAxisLogarithmic(true);
    styler.setYAxisLogarithmic(true);
    double[] reference = new double[xs.length];
    for (int k = 0; k < xs.length; k++) {
      reference[k] = xs[k] / Autocorrelation.DEFAULT_TOL;
    }
    XYSeries line = chart.addSeries("tau = N/50", xs, reference);
    line.setMarker(SeriesMarkers.NONE);
    line.setLineColor(Color.BLACK);
    line.setLineStyle(
        new BasicStroke(
            1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    for (int d = 0; d < s.ndim; d++) {
      XYSeries series = chart.addSeries(names.get(d), xs, tau[d]);
      Color color = PALETTE[d % PALETTE.length];
      series.setLineColor(color);
      series.setMarkerColor(color);
      series.setMarker(SeriesMarkers.CIRCLE);
      series.setLineWidth(1.5f);
    }
    Canvas canvas = new Canvas(TAU_WIDTH, TAU_HEIGHT);
    canvas.add(chart, 0, 0);
    write(canvas, file);
  }

  /**
   * emcee's tutorial grid: {@code TAU_POINTS} lengths from 100 (or less) to all steps, log-spaced.
   */
  static int[] tauLengths(int steps) {
    int first = Math.max(10, Math.min(100, steps / 10));
    TreeSet<Integer> lengths = new TreeSet<>();
    for (int k = 0; k < TAU_POINTS; k++) {
      double f = (double) k / (TAU_POINTS - 1);
      lengths.add(
          (int) Math.round(Math.exp(Math.log(first) + f * (Math.log(steps) - Math.log(first)))));
    }
    return lengths.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * XChart puts x ticks only at data points when all x values are equally spaced (every step of a
   * trace, every edge of a histogram), which crowds or drops the labels. A hidden series with two
   * unevenly spaced x values inside the axis range switches it back to round-number ticks.
   */
  private static void spreadTicks(XYChart chart, double lo, double hi, double y) {
    XYSeries hint =
        chart.addSeries("axis", new double[] {lo, lo + (hi - lo) / Math.PI}, new double[] {y, y});
    hint.setEnabled(false);
    hint.setShowInLegend(false);
  }

  /** A panel in the common style: white around a light plotting area with a grey frame. */
  private static XYChart panel(int width, int height) {
    XYChart chart = new XYChart(width, height);
    XYStyler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(PLOT_BACKGROUND);
    styler.setPlotBorderColor(PLOT_BORDER);
    styler.setPlotBorderVisible(true);
    styler.setPlotGridLinesVisible(false);
    styler.setLegendVisible(false);
    styler.setChartTitleVisible(false);
    styler.setChartPadding(8);
    styler.setPlotMargin(0);
    styler.setAxisTickLabelsFont(styler.getAxisTickLabelsFont().deriveFont(10f));
    styler.setLocale(Locale.ROOT);
    return chart;
  }

  /** A step outline of the counts in {@link #BINS} bins between {@code lo} and {@code hi}. */
  private static void histogram(XYChart chart, double[] x, double lo, double hi) {
    double[] counts = new double[BINS + 1];
    for (double v : x) {
      counts[bin(v, lo, hi)]++;
    }
    counts[BINS] = counts[BINS - 1];
    double[] edges = new double[BINS + 1];
    for (int b = 0; b <= BINS; b++) {
      edges[b] = lo + (hi - lo) * b / BINS;
    }
    XYSeries series = chart.addSeries("histogram", edges, counts);
    series.setXYSeriesRenderStyle(XYSeriesRenderStyle.StepArea);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineColor(Color.BLACK);
    series.setFillColor(new Color(120, 120, 120));
    chart.getStyler().setYAxisMin(0.0);
  }

  /** Shades of grey for the 2-D histogram, from the sparsest bins to the fullest. */
  private static final int SHADES = 8;

  /**
   * A 2-D histogram drawn as square markers at the bin centres, one series per shade of grey; the
   * markers are sized to the bins so that they tile the plotting area.
   */
  private static void histogram2d(
      XYChart chart, double[] x, double[] y, double xlo, double xhi, double ylo, double yhi) {
    int[][] counts = new int[BINS][BINS];
    int max = 0;
    for (int k = 0; k < x.length; k++) {
      int c = ++counts[bin(x[k], xlo, xhi)][bin(y[k], ylo, yhi)];
      max = Math.max(max, c);
    }
    for (int shade = SHADES; shade >= 1; shade--) {
      int n = 0;
      double[] cx = new double[BINS * BINS];
      double[] cy = new double[BINS * BINS];
      for (int i = 0; i < BINS; i++) {
        for (int j = 0; j < BINS; j++) {
          int c = counts[i][j];
          if (c > 0 && (int) Math.ceil((double) SHADES * c / max) == shade) {
            cx[n] = xlo + (xhi - xlo) * (i + 0.5) / BINS;
            cy[n] = ylo + (yhi - ylo) * (j + 0.5) / BINS;
            n++;
          }
        }
      }
      if (n == 0) {
        continue;
      }
      XYSeries series =
          chart.addSeries("shade " + shade, Arrays.copyOf(cx, n), Arrays.copyOf(cy, n));
      series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
      series.setMarker(SeriesMarkers.SQUARE);
      int level = 225 - (200 * shade) / SHADES;
      series.setMarkerColor(new Color(level, level, level));
    }
    // The plotting area is the panel less the axes (about 50 px) and padding; round up to tile.
    chart.getStyler().setMarkerSize((int) Math.ceil((CORNER_PANEL - 60.0) / BINS) + 1);
  }

  private static int bin(double v, double lo, double hi) {
    int b = (int) ((v - lo) / (hi - lo) * BINS);
    return Math.min(BINS - 1, Math.max(0, b));
  }

  private static void write(Canvas canvas, Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    boolean png = lower.endsWith(".png");
    if (!png && !lower.endsWith(".svg")) {
      throw new EmceeException(
          "EMCEE-G002", "cannot tell the format of '" + file + "'; name the file *.png or *.svg");
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        if (png) {
          BitmapEncoder.saveBitmap(canvas, out, BitmapEncoder.BitmapFormat.PNG);
        } else {
          VectorGraphicsEncoder.saveVectorGraphic(
              canvas, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
      }
    } catch (IOException e) {
      throw new EmceeException(
          "EMCEE-G003", "could not write the plot to '" + file + "': " + e.getMessage(), e);
    }
  }

  /** The checked dimensions of a chain {@code [step][walker][dim]}. */
  private record Shape(int steps, int nwalkers, int ndim) {
    static Shape of(double[][][] coords, List<String> names, int minSteps) {
      int steps = coords.length;
      if (steps < minSteps) {
        throw new EmceeException(
            "EMCEE-G001",
            "the chain has "
                + steps
                + " steps; this plot needs at least "
                + minSteps
                + " (run longer or discard less)");
      }
      int nwalkers = coords[0].length;
      int ndim = nwalkers == 0 ? 0 : coords[0][0].length;
      if (nwalkers == 0 || ndim == 0) {
        throw new EmceeException("EMCEE-G001", "the chain has no walkers or no parameters");
      }
      for (int t = 0; t < steps; t++) {
        if (coords[t].length != nwalkers) {
          throw new EmceeException(
              "EMCEE-G001",
              "step " + t + " has " + coords[t].length + " walkers, step 0 has " + nwalkers);
        }
        for (int w = 0; w < nwalkers; w++) {
          if (coords[t][w].length != ndim) {
            throw new EmceeException(
                "EMCEE-G001",
                "walker "
                    + w
                    + " at step "
                    + t
                    + " has "
                    + coords[t][w].length
                    + " parameters, not "
                    + ndim);
          }
        }
      }
      if (names.size() != ndim) {
        throw new EmceeException(
            "EMCEE-G001",
            "got "
                + names.size()
                + " parameter names for "
                + ndim
                + " parameters; pass one name per parameter");
      }
      return new Shape(steps, nwalkers, ndim);
    }
  }
}
