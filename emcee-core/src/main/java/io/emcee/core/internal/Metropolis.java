package io.emcee.core.internal;

/**
 * The Metropolis test, decided exactly but cheaply: accept when {@code u < e^x} (x the log of the
 * acceptance ratio). A polynomial {@code e^x} with relative error below 3e-7 decides all but the
 * draws within 1e-6 of the boundary, which {@link Math#exp} then decides; so the decisions are
 * those of the exact test while a step pays about a quarter of the price of {@code exp} or {@code
 * log} per walker.
 */
public final class Metropolis {
  private static final double INV_LN2 = 1.4426950408889634;
  private static final double LN2_HI = 0.6931471803691238;
  private static final double LN2_LO = 1.9082149292705877e-10;
  private static final double MARGIN = 1e-6;

  private Metropolis() {}

  /** Accept when {@code u < e^logRatio}; NaN rejects. */
  public static boolean accept(double logRatio, double u) {
    if (logRatio >= 0) {
      return true;
    }
    if (!(logRatio > -700)) {
      return u < Math.exp(logRatio); // far below any u but 0, or NaN (rejects)
    }
    double e = expNegative(logRatio);
    if (u < e * (1 - MARGIN)) {
      return true;
    }
    if (u > e * (1 + MARGIN)) {
      return false;
    }
    return u < Math.exp(logRatio);
  }

  /**
   * Accept when {@code u < ratio * e^delta}, for a Hastings factor given as a plain ratio: no
   * transcendental function at all when both parts are at least 1.
   */
  public static boolean acceptRatio(double ratio, double delta, double u) {
    if (delta >= 0 && ratio >= 1) {
      return true;
    }
    if (!(delta > -700) || !(delta < 700) || !(ratio > 0) || Double.isInfinite(ratio)) {
      return u < ratio * Math.exp(delta); // extremes and NaN: the exact form
    }
    double e = ratio * expAny(delta);
    if (u < e * (1 - MARGIN)) {
      return true;
    }
    if (u > e * (1 + MARGIN)) {
      return false;
    }
    return u < ratio * Math.exp(delta);
  }

  /** {@code e^x} for {@code -700 < x <= 0}, relative error below 3e-7. */
  static double expNegative(double x) {
    return expAny(x);
  }

  /** {@code e^x} for {@code |x| < 700}, relative error below 3e-7. */
  static double expAny(double x) {
    double k = Math.rint(x * INV_LN2);
    double f = (x - k * LN2_HI) - k * LN2_LO; // |f| <= ln 2 / 2
    double p =
        1
            + f
                * (1
                    + f
                        * (0.5
                            + f * (1.0 / 6 + f * (1.0 / 24 + f * (1.0 / 120 + f * (1.0 / 720))))));
    return p * Double.longBitsToDouble(((long) k + 1023) << 52);
  }
}
