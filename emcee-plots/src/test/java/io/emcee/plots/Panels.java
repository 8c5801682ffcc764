package io.emcee.plots;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the panels of a rendered figure by reading its pixels: a panel is a connected region of
 * non-white pixels (its plotting area, frame and data) at least {@link #MIN_SIDE} pixels wide and
 * high; text and tick labels form much smaller regions.
 */
final class Panels {
  static final int MIN_SIDE = 60;

  /** A panel's bounding box and how many of its pixels are data, not background or frame. */
  record Panel(int x0, int y0, int x1, int y1, int dataPixels) {
    int area() {
      return (x1 - x0 + 1) * (y1 - y0 + 1);
    }

    /** True when at least 1 % of the panel is drawn data. */
    boolean hasData() {
      return dataPixels >= area() / 100;
    }
  }

  private Panels() {}

  static List<Panel> find(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    boolean[] seen = new boolean[w * h];
    int[] stack = new int[w * h];
    List<Panel> panels = new ArrayList<>();
    for (int start = 0; start < w * h; start++) {
      if (seen[start] || isWhite(image.getRGB(start % w, start / w))) {
        continue;
      }
      int top = 0;
      stack[top++] = start;
      seen[start] = true;
      int x0 = w;
      int y0 = h;
      int x1 = -1;
      int y1 = -1;
      int data = 0;
      while (top > 0) {
        int p = stack[--top];
        int x = p % w;
        int y = p / w;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
        if (isData(image.getRGB(x, y))) {
          data++;
        }
        int[] next = {p - 1, p + 1, p - w, p + w};
        boolean[] ok = {x > 0, x < w - 1, y > 0, y < h - 1};
        for (int k = 0; k < 4; k++) {
          int q = next[k];
          if (ok[k] && !seen[q] && !isWhite(image.getRGB(q % w, q / w))) {
            seen[q] = true;
            stack[top++] = q;
          }
        }
      }
      if (x1 - x0 + 1 >= MIN_SIDE && y1 - y0 + 1 >= MIN_SIDE) {
        panels.add(new Panel(x0, y0, x1, y1, data));
      }
    }
    return panels;
  }

  private static boolean isWhite(int rgb) {
    return (rgb & 0xFFFFFF) == 0xFFFFFF;
  }

  /** Neither white, nor the plotting area's background, nor its frame. */
  private static boolean isData(int rgb) {
    return !isWhite(rgb)
        && !near(rgb, Plots.PLOT_BACKGROUND.getRGB())
        && !near(rgb, Plots.PLOT_BORDER.getRGB());
  }

  private static boolean near(int a, int b) {
    for (int shift = 0; shift < 24; shift += 8) {
      if (Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)) > 6) {
        return false;
      }
    }
    return true;
  }
}
