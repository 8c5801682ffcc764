package io.emcee.core.internal;

/**
 * Complex FFTs of one power-of-two size over separate real and imaginary arrays, built for
 * autocorrelation: {@link #forward} takes natural order and leaves the spectrum in bit-reversed
 * order, {@link #inverse} takes bit-reversed order and returns natural order, so that a
 * forward-multiply-inverse round trip never permutes. Both recurse depth-first on contiguous
 * halves, so that once a sub-transform fits in cache all its stages stay there (a breadth-first
 * radix-2 FFT streams the whole array through memory once per stage). Twiddles and the bit-reversal
 * table are computed once per size.
 */
public final class Fft {
  /** Below this size a sub-transform runs its stages iteratively (it is in cache by then). */
  private static final int ITERATIVE_BELOW = 1 << 11;

  private final int n;
  private final int bits;
  private final double[] cos;
  private final double[] sin;

  /** A plan for transforms of length {@code n}, a power of two. */
  public Fft(int n) {
    if (n < 1 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("FFT length must be a power of two, got " + n);
    }
    this.n = n;
    this.bits = Integer.numberOfTrailingZeros(n);
    // One contiguous table per sub-transform size m: e^{-2 pi i k / m} for k < m/2 at
    // [m/2 - 1, m - 1). Every stage then reads its twiddles sequentially instead of with a
    // stride that misses the cache on every butterfly.
    this.cos = new double[Math.max(1, n - 1)];
    this.sin = new double[Math.max(1, n - 1)];
    for (int m = 2; m <= n; m <<= 1) {
      for (int k = 0; k < m / 2; k++) {
        double angle = -2 * Math.PI * k / m;
        cos[m / 2 - 1 + k] = Math.cos(angle);
        sin[m / 2 - 1 + k] = Math.sin(angle);
      }
    }
  }

  /** The smallest power of two that is at least {@code n} (emcee's {@code next_pow_two}). */
  public static int nextPowerOfTwo(int n) {
    int i = 1;
    while (i < n) {
      i <<= 1;
    }
    return i;
  }

  /** The transform length. */
  public int size() {
    return n;
  }

  /** The position at which {@link #forward} leaves frequency {@code k}. */
  public int position(int k) {
    return bits == 0 ? 0 : Integer.reverse(k) >>> (32 - bits);
  }

  /**
   * The forward DFT {@code X_k = sum_t x_t e^{-2 pi i k t / n}} in place: natural order in,
   * frequency {@code k} out at {@link #position}{@code (k)}.
   */
  public void forward(double[] re, double[] im) {
    dif(re, im, 0, n);
  }

  /**
   * The inverse DFT without 1/n scaling ({@code x_t = sum_k X_k e^{+2 pi i k t / n}}) in place:
   * frequency {@code k} in at {@link #position}{@code (k)}, natural order out.
   */
  public void inverse(double[] re, double[] im) {
    dit(re, im, 0, n);
  }

  /** Decimation in frequency: butterflies across the halves, then each half. */
  private void dif(double[] re, double[] im, int off, int m) {
    if (m < ITERATIVE_BELOW) {
      for (int size = m; size >= 2; size >>= 1) {
        for (int start = off; start < off + m; start += size) {
          difStage(re, im, start, size);
        }
      }
      return;
    }
    difStage(re, im, off, m);
    dif(re, im, off, m / 2);
    dif(re, im, off + m / 2, m / 2);
  }

  private void difStage(double[] re, double[] im, int off, int m) {
    int half = m >>> 1;
    for (int k = 0, t = half - 1; k < half; k++, t++) {
      int a = off + k;
      int b = a + half;
      double xr = re[a] - re[b];
      double xi = im[a] - im[b];
      re[a] += re[b];
      im[a] += im[b];
      double wr = cos[t];
      double wi = sin[t];
      re[b] = xr * wr - xi * wi;
      im[b] = xr * wi + xi * wr;
    }
  }

  /** Decimation in time (bit-reversed input): each half, then butterflies across them. */
  private void dit(double[] re, double[] im, int off, int m) {
    if (m < ITERATIVE_BELOW) {
      for (int size = 2; size <= m; size <<= 1) {
        for (int start = off; start < off + m; start += size) {
          ditStage(re, im, start, size);
        }
      }
      return;
    }
    dit(re, im, off, m / 2);
    dit(re, im, off + m / 2, m / 2);
    ditStage(re, im, off, m);
  }

  private void ditStage(double[] re, double[] im, int off, int m) {
    int half = m >>> 1;
    for (int k = 0, t = half - 1; k < half; k++, t++) {
      int a = off + k;
      int b = a + half;
      double wr = cos[t];
      double wi = -sin[t];
      double xr = re[b] * wr - im[b] * wi;
      double xi = re[b] * wi + im[b] * wr;
      re[b] = re[a] - xr;
      im[b] = im[a] - xi;
      re[a] += xr;
      im[a] += xi;
    }
  }
}
