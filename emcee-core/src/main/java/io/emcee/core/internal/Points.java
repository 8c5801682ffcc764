package io.emcee.core.internal;

import java.util.List;
import java.util.Locale;

/** Formats points for error messages, the same way everywhere. */
public final class Points {
  private Points() {}

  /** Row {@code row} of a flat row-major array with {@code ndim} columns, as {@code [x0, x1]}. */
  public static String format(double[] flat, int row, int ndim) {
    return format(flat, row, ndim, List.of());
  }

  /**
   * Row {@code row} of a flat row-major array, as {@code [m=0.1, b=2]} when the dimensions have
   * names, else {@code [0.1, 2]}.
   */
  public static String format(double[] flat, int row, int ndim, List<String> names) {
    StringBuilder sb = new StringBuilder("[");
    int shown = Math.min(ndim, 20);
    for (int j = 0; j < shown; j++) {
      if (j > 0) {
        sb.append(", ");
      }
      if (names.size() == ndim) {
        sb.append(names.get(j)).append('=');
      }
      sb.append(String.format(Locale.ROOT, "%.6g", flat[row * ndim + j]));
    }
    if (shown < ndim) {
      sb.append(", ... (").append(ndim - shown).append(" more)");
    }
    return sb.append(']').toString();
  }
}
