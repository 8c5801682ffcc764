package io.emcee.core.storage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last two coordinate series a backend read for autocorrelation times: one coordinate of every
 * walker over selected steps, read in one pass and kept for the other walkers' requests. Keyed by
 * all four numbers that select a series, compared as a record (a key folded into one number can
 * make two selections collide on long chains). Not thread-safe; the backend calls it under its
 * lock.
 */
final class ColumnCache {
  private static final int KEPT = 2;

  /** Reads the coordinates of step {@code step} into {@code dest}. */
  @FunctionalInterface
  interface StepReader {
    void readCoords(int step, double[] dest, int offset);
  }

  private record Series(int dim, int first, int stride, int count) {}

  private final Map<Series, double[]> columns = new LinkedHashMap<>();

  /**
   * Coordinate {@code dim} of every walker over steps {@code first, first + stride, ...}: walker
   * {@code w}'s {@code count} values at {@code [w * count, (w + 1) * count)}.
   */
  double[] column(ChainMetadata m, int dim, int first, int stride, int count, StepReader reader) {
    Series key = new Series(dim, first, stride, count);
    double[] column = columns.get(key);
    if (column == null) {
      column = new double[m.nwalkers() * count];
      double[] step = new double[m.nwalkers() * m.ndim()];
      for (int i = 0; i < count; i++) {
        reader.readCoords(first + i * stride, step, 0);
        for (int w = 0; w < m.nwalkers(); w++) {
          column[w * count + i] = step[w * m.ndim() + dim];
        }
      }
      columns.put(key, column);
      while (columns.size() > KEPT) {
        columns.remove(columns.keySet().iterator().next());
      }
    }
    return column;
  }

  /** Forgets every series (the chain changed). */
  void clear() {
    columns.clear();
  }
}
