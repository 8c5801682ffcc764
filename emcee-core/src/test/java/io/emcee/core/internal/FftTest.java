package io.emcee.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emcee.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class FftTest {

  @Test
  void forwardMatchesTheDirectDftAtEverySizeIncludingTheRecursiveOnes() {
    RandomStream r = new RandomStream(3);
    for (int n : new int[] {1, 2, 8, 64, 4096, 8192}) {
      double[] xr = new double[n];
      double[] xi = new double[n];
      for (int t = 0; t < n; t++) {
        xr[t] = r.nextGaussian();
        xi[t] = r.nextGaussian();
      }
      double[] re = xr.clone();
      double[] im = xi.clone();
      Fft fft = new Fft(n);
      fft.forward(re, im);
      // Spot-check frequencies against the direct sum (all of them for small n).
      int step = n <= 64 ? 1 : 97;
      for (int k = 0; k < n; k += step) {
        double sr = 0;
        double si = 0;
        for (int t = 0; t < n; t++) {
          double angle = -2 * Math.PI * ((long) k * t % n) / n;
          sr += xr[t] * Math.cos(angle) - xi[t] * Math.sin(angle);
          si += xr[t] * Math.sin(angle) + xi[t] * Math.cos(angle);
        }
        int p = fft.position(k);
        assertEquals(sr, re[p], 1e-8 * Math.sqrt(n), "n=" + n + " k=" + k);
        assertEquals(si, im[p], 1e-8 * Math.sqrt(n), "n=" + n + " k=" + k);
      }
      fft.inverse(re, im);
      for (int t = 0; t < n; t++) {
        assertEquals(xr[t] * n, re[t], 1e-9 * n, "round trip n=" + n);
        assertEquals(xi[t] * n, im[t], 1e-9 * n, "round trip n=" + n);
      }
    }
  }
}
