package io.emcee.core.internal;

import io.emcee.core.random.RandomStream;

/**
 * The Metropolis-Hastings test, decided exactly but without a logarithm or exponential in almost
 * every case. emcee accepts when {@code log(u) < logRatio} for {@code u} uniform on [0, 1); {@code
 * -log(u)} is a standard exponential draw, so the same test is {@code logRatio > -E} with {@code E}
 * from {@link RandomStream#nextExponential()} (a ziggurat: a table look-up). A Hastings factor
 * given as a ratio has its logarithm bracketed by a short series to within {@link #LOG_ERROR};
 * {@link Math#log} decides only the draws that land inside that bracket (about one in a billion).
 * The decisions follow the same law as emcee's.
 */
public final class Metropolis {
  /**
   * Bound on {@code |logApprox(x) - log(x)|} for every positive normal {@code x}, rounding
   * included.
   */
  static final double LOG_ERROR = 1e-9;

  private static final double LN2 = 0.6931471805599453;

  /** The bits of sqrt(1/2): a number's mantissa is brought into [sqrt(1/2), sqrt(2)). */
  private static final long HALF_SQRT2_BITS = Double.doubleToRawLongBits(Math.sqrt(0.5));

  private Metropolis() {}

  /**
   * Whether to accept a proposal whose log acceptance ratio is {@code logRatio}.
   *
   * @param logRatio log of the acceptance ratio: the Hastings factor's log plus the change in
   *     log-probability; NaN and -Infinity reject
   * @param random the stream to draw the exponential variate from (one draw per call)
   * @return whether the proposal is accepted
   */
  public static boolean accept(double logRatio, RandomStream random) {
    return logRatio > -random.nextExponential();
  }

  /**
   * Whether to accept a proposal with Hastings factor {@code ratio^power} (given as the ratio and
   * its power, not as a logarithm) and change in log-probability {@code delta}: {@code power
   * log(ratio) + delta > -E}.
   *
   * @param ratio the base of the Hastings factor, positive
   * @param power the power it is raised to, at least 0
   * @param delta the proposal's log-probability minus the walker's; NaN rejects
   * @param random the stream to draw the exponential variate from (one draw per call)
   * @return whether the proposal is accepted
   */
  public static boolean acceptRatio(double ratio, int power, double delta, RandomStream random) {
    double t = delta + random.nextExponential();
    if (ratio >= Double.MIN_NORMAL && ratio <= Double.MAX_VALUE) {
      double v = power * logApprox(ratio) + t;
      if (Math.abs(v) > 2 * power * LOG_ERROR) {
        return v > 0; // power log(ratio) + t has the sign of v: within power LOG_ERROR of it
      }
    }
    return power * Math.log(ratio) + t > 0; // inside the bracket, or out of the normal range
  }

  /**
   * {@code log(x)} for a positive normal {@code x}, within {@link #LOG_ERROR}, without a division
   * or a branch. From the bits, {@code x = z 2^k} with {@code z} in [sqrt(1/2), sqrt(2)); the top
   * seven bits of {@code z}'s offset pick one of 128 sub-intervals, whose centre {@code c} has a
   * tabulated {@code 1/c} and {@code log(c)}; then {@code r = z/c - 1} is below 2^-8 and {@code
   * log(z) = log(c) + log1p(r)}, with {@code log1p(r) = r - r^2/2 + r^3/3} short of the truth by at
   * most {@code r^4/4 < 6e-11}.
   */
  static double logApprox(double x) {
    long bits = Double.doubleToRawLongBits(x);
    long offset = bits - HALF_SQRT2_BITS;
    int i = (int) (offset >>> 45) & (LOG_TABLE_SIZE - 1);
    long k = offset >> 52;
    double z = Double.longBitsToDouble(bits - (offset & (0xfffL << 52)));
    double r = z * INV_CENTRE[i] - 1;
    return k * LN2 + LOG_CENTRE[i] + r * (1 + r * (-0.5 + r * (1.0 / 3)));
  }

  private static final int LOG_TABLE_SIZE = 128;
  private static final double[] INV_CENTRE = new double[LOG_TABLE_SIZE];
  private static final double[] LOG_CENTRE = new double[LOG_TABLE_SIZE];

  static {
    for (int i = 0; i < LOG_TABLE_SIZE; i++) {
      double low = Double.longBitsToDouble(HALF_SQRT2_BITS + ((long) i << 45));
      double high = Double.longBitsToDouble(HALF_SQRT2_BITS + ((long) (i + 1) << 45));
      double centre = (low + high) / 2;
      INV_CENTRE[i] = 1 / centre;
      LOG_CENTRE[i] = StrictMath.log(centre);
    }
  }
}
