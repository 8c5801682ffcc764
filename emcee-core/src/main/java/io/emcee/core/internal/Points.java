package io.emcee.core.internal;

import java.util.Locale;

/** Formats points for error messages, the same way everywhere. */
public final class Points {
  private Points() {}

  /** Row {@code row} of a flat row-major array with {@code ndim} columns, as {@code [x0, x1]}. */
  public static String format(double[] flat, int row, int ndim) {
    StringBuilder sb = new StringBuilder("[");
    int shown = Math.min(ndim, 20);
    for (int j = 0; j < shown; j++) {
      if (j > 0) {
        sb.append(", ");
      }
      sb.append(String.format(Locale.ROOT, "%.6g", flat[row * ndim + j]));
    }
    if (shown < ndim) {
      sb.append(", ... (").append(ndim - shown).append(" more)");
    }
    return sb.append(']').toString();
  }
}
