package io.emcee.plots;

import java.awt.Color;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A grid of charts painted as one picture, so that XChart's own PNG and SVG encoders write a figure
 * of several panels. It is an {@link XYChart} only because the encoders take a chart; it paints its
 * panels and nothing of its own but the background.
 */
final class Canvas extends XYChart {
  private record Panel(Chart<?, ?> chart, int x, int y, int width, int height) {}

  private final List<Panel> panels = new ArrayList<>();

  Canvas(int width, int height) {
    super(width, height);
  }

  /** Places {@code chart} with its top-left corner at ({@code x}, {@code y}). */
  void add(Chart<?, ?> chart, int x, int y) {
    panels.add(new Panel(chart, x, y, chart.getWidth(), chart.getHeight()));
  }

  @Override
  public void paint(Graphics2D g, int width, int height) {
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    for (Panel p : panels) {
      Graphics2D sub = (Graphics2D) g.create(p.x(), p.y(), p.width(), p.height());
      try {
        p.chart().paint(sub, p.width(), p.height());
      } finally {
        sub.dispose();
      }
    }
  }
}
