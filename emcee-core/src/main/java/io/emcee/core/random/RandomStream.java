package io.emcee.core.random;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The sampler's source of randomness: xoshiro256++ (Blackman and Vigna), seeded through SplitMix64.
 * Every algorithm that turns bits into numbers is defined here rather than inherited from the JDK,
 * so that the same seed gives the same chain on every JVM; the whole state can be saved and
 * restored, so a resumed run continues the very same stream. {@link #jump()} moves 2^128 draws
 * ahead, for independent streams that never overlap. Not thread-safe.
 *
 * <pre>{@code RandomStream rng = new RandomStream(42); double u = rng.nextDouble();}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class RandomStream implements RandomGenerator {

  /** Number of longs returned by {@link #getState()}. */
  public static final int STATE_LENGTH = 6;

  private static final long[] JUMP = {
    0x180ec6d33cfd0abaL, 0xd5a61266f0c9392cL, 0xa9582618e03fc9aaL, 0x39abdc4529b1661cL
  };

  private long s0;
  private long s1;
  private long s2;
  private long s3;
  private boolean hasSpareGaussian;
  private double spareGaussian;

  /**
   * A stream determined by {@code seed}.
   *
   * @param seed any long; equal seeds give equal streams
   */
  public RandomStream(long seed) {
    long x = seed;
    x += 0x9e3779b97f4a7c15L;
    s0 = mix(x);
    x += 0x9e3779b97f4a7c15L;
    s1 = mix(x);
    x += 0x9e3779b97f4a7c15L;
    s2 = mix(x);
    x += 0x9e3779b97f4a7c15L;
    s3 = mix(x);
    if ((s0 | s1 | s2 | s3) == 0) {
      s0 = 1; // the all-zero state is the one state xoshiro cannot leave
    }
  }

  /**
   * A fresh seed drawn from the JDK's default seed source, for runs that do not fix one.
   *
   * @return a seed
   */
  public static long randomSeed() {
    return new SplittableRandom().nextLong();
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public long nextLong() {
    long result = Long.rotateLeft(s0 + s3, 23) + s0;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** A double uniform in [0, 1), from the top 53 bits of one draw. */
  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * An int uniform in [0, bound), without modulo bias (Lemire's multiply-and-reject).
   *
   * @param bound the exclusive upper bound, at least 1
   * @return the draw
   */
  @Override
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xffffffffL;
    if (low < bound) {
      long threshold = (0x1_0000_0000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xffffffffL;
      }
    }
    return (int) (m >>> 32);
  }

  /**
   * A draw from the standard exponential distribution (rate 1), by the ziggurat method of Marsaglia
   * and Tsang (2000): about 99 % of draws cost one 64-bit draw, a table look-up and a multiply; the
   * rest fall back on an exact test. Equal in distribution to {@code -log(1 - nextDouble())}, which
   * is what the Metropolis test needs, at a fraction of the price of a logarithm.
   */
  @Override
  public double nextExponential() {
    double tail = 0; // R for every time the draw fell into the tail beyond R (memorylessness)
    while (true) {
      long bits = nextLong();
      int layer = (int) bits & (ExponentialZiggurat.LAYERS - 1);
      double x = (bits >>> 11) * ExponentialZiggurat.WIDTH[layer];
      if (x < ExponentialZiggurat.INNER[layer]) {
        return tail + x; // inside the rectangle that lies wholly under the density
      }
      if (layer == 0) {
        tail += ExponentialZiggurat.R; // the tail beyond R is R plus a fresh exponential draw
        continue;
      }
      // In the wedge: a uniform height y, accepted below e^-x. The tangent of the convex e^-x at
      // the layer's outer edge lies below it and the chord across the layer above it, so almost
      // every point is decided without computing e^-x (the margins absorb rounding).
      double low = ExponentialZiggurat.DENSITY[layer];
      double y = low + nextDouble() * (ExponentialZiggurat.DENSITY[layer + 1] - low);
      double outside = ExponentialZiggurat.OUTER[layer] - x; // in (0, width of the wedge]
      if (y < low * (1 + outside) * (1 - 0x1p-40)) {
        return tail + x;
      }
      if (y < (low + ExponentialZiggurat.SLOPE[layer] * outside) * (1 + 0x1p-40)
          && y < StrictMath.exp(-x)) {
        return tail + x;
      }
    }
  }

  /** A standard normal draw (Marsaglia's polar method; the second value is kept for next time). */
  @Override
  public double nextGaussian() {
    if (hasSpareGaussian) {
      hasSpareGaussian = false;
      return spareGaussian;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double factor = Math.sqrt(-2 * Math.log(s) / s);
    spareGaussian = v * factor;
    hasSpareGaussian = true;
    return u * factor;
  }

  /** Advances the stream by 2^128 draws: streams made by copying and jumping never overlap. */
  public void jump() {
    long t0 = 0;
    long t1 = 0;
    long t2 = 0;
    long t3 = 0;
    for (long j : JUMP) {
      for (int b = 0; b < 64; b++) {
        if ((j & (1L << b)) != 0) {
          t0 ^= s0;
          t1 ^= s1;
          t2 ^= s2;
          t3 ^= s3;
        }
        nextLong();
      }
    }
    s0 = t0;
    s1 = t1;
    s2 = t2;
    s3 = t3;
    hasSpareGaussian = false;
  }

  /**
   * The complete state, to save with a chain and restore on resume.
   *
   * @return {@link #STATE_LENGTH} longs
   */
  public long[] getState() {
    long[] state = new long[STATE_LENGTH];
    copyState(state);
    return state;
  }

  /**
   * Writes the complete state into {@code dest}, without allocating.
   *
   * @param dest an array of at least {@link #STATE_LENGTH} longs
   */
  public void copyState(long[] dest) {
    dest[0] = s0;
    dest[1] = s1;
    dest[2] = s2;
    dest[3] = s3;
    dest[4] = hasSpareGaussian ? 1 : 0;
    dest[5] = Double.doubleToRawLongBits(spareGaussian);
  }

  /**
   * Restores a state saved by {@link #getState()}.
   *
   * @param state {@link #STATE_LENGTH} longs
   * @throws EmceeException (EMCEE-I020) when the state has the wrong length or is all zero
   */
  public void setState(long[] state) {
    if (state.length != STATE_LENGTH || (state[0] | state[1] | state[2] | state[3]) == 0) {
      throw new EmceeException(
          "EMCEE-I020",
          "not a RandomStream state: expected "
              + STATE_LENGTH
              + " longs with a non-zero generator part, got "
              + state.length
              + " longs; restore only a state that getState() returned");
    }
    s0 = state[0];
    s1 = state[1];
    s2 = state[2];
    s3 = state[3];
    hasSpareGaussian = state[4] != 0;
    spareGaussian = Double.longBitsToDouble(state[5]);
  }

  /**
   * The ziggurat for {@code e^-x}: {@link #LAYERS} regions of equal area {@code V}. Layer {@code i
   * >= 1} is the rectangle {@code [0, x_i] x [e^-x_i, e^-x_(i+1)]} with {@code x_1 = R > x_2 > ...
   * > x_LAYERS = 0}; layer 0 is the base rectangle {@code [0, R] x [0, e^-R]} together with the
   * tail beyond {@code R}. Built with {@link StrictMath}, so the tables, and with them every draw,
   * are the same on every JVM.
   */
  private static final class ExponentialZiggurat {
    static final int LAYERS = 256;

    /** Marsaglia and Tsang's {@code r} for 256 layers. */
    static final double R = 7.69711747013104972;

    /** The area of each layer: the base rectangle plus the tail, {@code (R + 1) e^-R}. */
    static final double V = (R + 1) * StrictMath.exp(-R);

    /** Per layer: the width of its rectangle, divided by 2^53 (53 random bits times it give x). */
    static final double[] WIDTH = new double[LAYERS];

    /** Per layer: the x below which a point lies under the density whatever its height. */
    static final double[] INNER = new double[LAYERS];

    /** {@code e^-x} at the bottom of layer {@code i} (index i) and at its top (index i + 1). */
    static final double[] DENSITY = new double[LAYERS + 1];

    /** Per layer {@code i >= 1}: its outer edge {@code x_i}. */
    static final double[] OUTER = new double[LAYERS];

    /** Per layer {@code i >= 1}: the slope of the chord of {@code e^-x} across its wedge. */
    static final double[] SLOPE = new double[LAYERS];

    static {
      double[] x = new double[LAYERS + 1];
      x[1] = R;
      for (int i = 1; i < LAYERS - 1; i++) {
        x[i + 1] = -StrictMath.log(StrictMath.exp(-x[i]) + V / x[i]);
      }
      x[LAYERS] = 0;
      x[0] = V / StrictMath.exp(-R); // the base layer as one rectangle of area V
      for (int i = 0; i < LAYERS; i++) {
        WIDTH[i] = x[i] * 0x1.0p-53;
        INNER[i] = x[i + 1];
        DENSITY[i] = i == 0 ? 0 : StrictMath.exp(-x[i]);
      }
      DENSITY[LAYERS] = 1;
      for (int i = 1; i < LAYERS; i++) {
        OUTER[i] = x[i];
        SLOPE[i] = (DENSITY[i + 1] - DENSITY[i]) / (x[i] - x[i + 1]);
      }
    }

    private ExponentialZiggurat() {}
  }
}
