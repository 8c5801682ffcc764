package io.emcee.api.spi.support;

import io.emcee.api.Stability;
import java.util.Arrays;

/**
 * What one way of running a map cost lately: the median of its last {@value #KEPT} maps' figures (a
 * time per row, or a time over the ideal), which a pool compares with its other ways' to choose the
 * next map's way. Three rules keep a single map from deciding that for long:
 *
 * <ul>
 *   <li>the first map after {@link #forget()} is a trial and is not counted: it carries what only a
 *       way's first map pays (code not yet compiled on every process, no prediction of the rows'
 *       costs yet), and a way that looks slow is tried only now and then, so one inflated first
 *       figure could keep it out for hundreds of maps;
 *   <li>a way is {@link #isKnown() known} after {@value #FIRST} counted maps: a pool runs its ways
 *       in turn until each is, before it compares them;
 *   <li>a median, not a mean: one map stretched by something outside the pool (a collection, a
 *       kernel thread taking a core) does not move it, while a lasting change shows once it holds
 *       for {@value #KEPT} / 2 + 1 maps of that way.
 * </ul>
 *
 * <pre>{@code balanced.add(nanos / (double) rows); if (fixed.get() < 0.9 * balanced.get()) ...}
 * </pre>
 *
 * <p>Not thread-safe: callers hold their own lock. Allocates nothing after construction.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class RecentFigure {
  /** How many counted figures the median is taken over. */
  static final int KEPT = 5;

  /** How many counted figures make a way known. */
  public static final int FIRST = 3;

  private final double[] kept = new double[KEPT];
  private final double[] sorted = new double[KEPT];
  private boolean trialDone;
  private int counted;
  private long runs;
  private double median = Double.NaN;

  /** A figure that has seen nothing. */
  public RecentFigure() {}

  /** Forgets every figure: a new function's rows may cost something else. */
  public void forget() {
    trialDone = false;
    counted = 0;
    runs = 0;
    median = Double.NaN;
  }

  /**
   * Adds one map's figure; the first after {@link #forget()} is not counted.
   *
   * @param figure the map's figure, a positive number (others are ignored)
   */
  public void add(double figure) {
    if (!(figure > 0) || Double.isInfinite(figure)) {
      return;
    }
    if (!trialDone) {
      trialDone = true;
      return;
    }
    kept[counted % KEPT] = figure;
    counted++;
    int n = Math.min(counted, KEPT);
    System.arraycopy(kept, 0, sorted, 0, n);
    Arrays.sort(sorted, 0, n);
    median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }

  /**
   * The recent figure.
   *
   * @return the median of the last counted figures, NaN until one was counted
   */
  public double get() {
    return median;
  }

  /**
   * Whether {@value #FIRST} figures were counted since {@link #forget()}: until then, the way is
   * still to measure.
   *
   * @return true once the way can be compared with others
   */
  public boolean isKnown() {
    return counted >= FIRST;
  }

  /** Counts one map chosen to run this way, whether or not it then measures anything. */
  public void ran() {
    runs++;
  }

  /**
   * How many maps were chosen to run this way since {@link #forget()}, failed ones included, so
   * that ways still to measure take turns even while maps fail.
   *
   * @return maps chosen
   */
  public long getRuns() {
    return runs;
  }
}
