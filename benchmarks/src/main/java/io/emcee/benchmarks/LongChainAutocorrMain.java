package io.emcee.benchmarks;

import io.emcee.core.diagnostics.Autocorrelation;
import io.emcee.core.random.RandomStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * τ estimation on a long chain: {@code steps x walkers x ndim} (default 10^6 x 100 x 10) AR(1)
 * series with a = 0.9 (true τ = 19), generated per series on demand so that the chain itself (8 GB
 * as doubles) is never held. Prints wall time and the estimator's working memory. Run: {@code
 * bin/benchmark LongChainAutocorrMain [steps] [walkers] [ndim]}.
 */
public final class LongChainAutocorrMain {
  private LongChainAutocorrMain() {}

  /**
   * Runs the estimate.
   *
   * @param args steps, walkers, ndim
   */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int nwalkers = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int ndim = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Autocorrelation.SeriesSource ar1 =
        (w, d, dest) -> {
          RandomStream r = new RandomStream(w * 1_000_003L + d);
          double x = 0;
          for (int t = 0; t < steps; t++) {
            dest[t] = x;
            x = 0.9 * x + r.nextDouble();
          }
        };
    // Warm-up on a short chain so that the timing below is of compiled code.
    Autocorrelation.integratedTime(ar1Short(), 20_000, 4, 2, 5, 50, true);
    Runtime rt = Runtime.getRuntime();
    long t0 = System.nanoTime();
    double[] tau = Autocorrelation.integratedTime(ar1, steps, nwalkers, ndim, 5, 50, false);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long fftLength = 2L * Integer.highestOneBit(steps - 1) * 2;
    int threads = Math.min(ndim, rt.availableProcessors());
    // Per thread: transform real + imaginary + spectrum sum (3 x fftLength) and two series.
    double workingMb = threads * (3.0 * fftLength + 2.0 * steps) * 8 / 1e6;
    double generateSeconds = timeGeneration(ar1, steps, nwalkers * ndim);
    System.out.printf(
        Locale.ROOT,
        "autocorrelation time of %d steps x %d walkers x %d dims (AR(1), true tau 19)%n",
        steps,
        nwalkers,
        ndim);
    System.out.printf(Locale.ROOT, "  tau = %s%n", Arrays.toString(round(tau)));
    System.out.printf(
        Locale.ROOT,
        "  wall time %.2f s on %d threads (of which generating the series ~%.2f s)%n",
        seconds,
        threads,
        generateSeconds / threads);
    System.out.printf(
        Locale.ROOT,
        "  estimator working memory %.0f MB (%d threads x (3 x %d-point FFT arrays + 2 series))%n",
        workingMb,
        threads,
        fftLength);
  }

  private static Autocorrelation.SeriesSource ar1Short() {
    return (w, d, dest) -> {
      RandomStream r = new RandomStream(w + 31L * d);
      double x = 0;
      for (int t = 0; t < dest.length; t++) {
        dest[t] = x;
        x = 0.9 * x + r.nextDouble();
      }
    };
  }

  private static double timeGeneration(Autocorrelation.SeriesSource s, int steps, int series) {
    double[] dest = new double[steps];
    long t0 = System.nanoTime();
    int sample = Math.min(series, 20);
    for (int i = 0; i < sample; i++) {
      s.read(i, 0, dest);
    }
    return (System.nanoTime() - t0) / 1e9 * series / sample;
  }

  private static double[] round(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.round(v[i] * 100) / 100.0;
    }
    return out;
  }
}
