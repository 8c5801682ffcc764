package io.emcee.core.internal;

/**
 * An in-place iterative radix-2 complex FFT over separate real and imaginary arrays, with its
 * twiddle factors and bit-reversal table computed once per size so that many transforms of one size
 * cost nothing but the butterflies.
 */
public final class Fft {
  private final int n;
  private final double[] cos;
  private final double[] sin;
  private final int[] reversed;

  /** A plan for transforms of length {@code n}, a power of two. */
  public Fft(int n) {
    if (n < 1 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("FFT length must be a power of two, got " + n);
    }
    this.n = n;
    this.cos = new double[n / 2];
    this.sin = new double[n / 2];
    for (int k = 0; k < n / 2; k++) {
      double angle = -2 * Math.PI * k / n;
      cos[k] = Math.cos(angle);
      sin[k] = Math.sin(angle);
    }
    this.reversed = new int[n];
    int bits = Integer.numberOfTrailingZeros(n);
    for (int i = 0; i < n; i++) {
      reversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
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

  /**
   * Transforms {@code (re, im)} in place: the forward DFT {@code X_k = sum x_t e^{-2 pi i k t / n}}
   * or, when {@code inverse}, the same sum with {@code e^{+...}} and no 1/n scaling.
   */
  public void transform(double[] re, double[] im, boolean inverse) {
    for (int i = 0; i < n; i++) {
      int j = reversed[i];
      if (j > i) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    double sign = inverse ? -1 : 1;
    for (int size = 2; size <= n; size <<= 1) {
      int half = size >>> 1;
      int step = n / size;
      for (int start = 0; start < n; start += size) {
        for (int k = 0, t = 0; k < half; k++, t += step) {
          double wr = cos[t];
          double wi = sign * sin[t];
          int a = start + k;
          int b = a + half;
          double xr = re[b] * wr - im[b] * wi;
          double xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }
}
