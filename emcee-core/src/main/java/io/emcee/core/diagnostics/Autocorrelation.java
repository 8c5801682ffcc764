package io.emcee.core.diagnostics;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.internal.Fft;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Locale;

/**
 * emcee's estimator of the integrated autocorrelation time: per parameter, the normalised
 * autocorrelation function of each walker (by FFT, O(n log n)) averaged over walkers, summed up to
 * the automatic window of Sokal (the first lag {@code M >= c * tau(M)}, c = 5), and trusted only
 * when the chain is at least {@code tol = 50} times longer than the estimate.
 *
 * <pre>{@code double[] tau = Autocorrelation.integratedTime(chain, steps, nwalkers, ndim);}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class Autocorrelation {
  private static final System.Logger LOG = System.getLogger(Autocorrelation.class.getName());

  /** emcee's default window step {@code c}. */
  public static final double DEFAULT_C = 5.0;

  /** emcee's default {@code tol}: the chain must be this many times longer than tau. */
  public static final double DEFAULT_TOL = 50.0;

  private Autocorrelation() {}

  /**
   * The source of one series per walker and parameter, so that estimates can read a chain where it
   * is stored without first copying it into one array.
   */
  @FunctionalInterface
  public interface SeriesSource {
    /**
     * Copies the series of {@code walker} in parameter {@code dim} into {@code dest[0..steps)}.
     *
     * @param walker the walker
     * @param dim the parameter
     * @param dest receives the series
     */
    void read(int walker, int dim, double[] dest);
  }

  /**
   * The normalised autocorrelation function of one series, as emcee's {@code function_1d}.
   *
   * @param x the series
   * @return the autocorrelation at lags 0 to {@code x.length - 1}; {@code acf[0] == 1}
   */
  public static double[] function1d(double[] x) {
    if (x.length == 0) {
      throw new EmceeException("EMCEE-A002", "the series is empty");
    }
    int m = 2 * Fft.nextPowerOfTwo(x.length);
    Fft fft = new Fft(m);
    double[] re = new double[m];
    double[] im = new double[m];
    double[] power = new double[m];
    double mean = Arrays.stream(x).sum() / x.length;
    for (int t = 0; t < x.length; t++) {
      re[t] = x[t] - mean;
    }
    fft.transform(re, im, false);
    for (int k = 0; k < m; k++) {
      power[k] = re[k] * re[k] + im[k] * im[k];
    }
    double[] acf = inversePower(fft, power, re, im, x.length);
    double zero = acf[0];
    for (int t = 0; t < acf.length; t++) {
      acf[t] /= zero;
    }
    return acf;
  }

  /**
   * The integrated autocorrelation time of a flat chain {@code [step][walker][dim]} with emcee's
   * defaults; throws when the chain is shorter than 50 tau.
   *
   * @param chain {@code steps * nwalkers * ndim} values, row-major
   * @param steps number of steps
   * @param nwalkers number of walkers
   * @param ndim number of parameters
   * @return tau per parameter, in steps
   * @throws AutocorrException when the chain is too short to trust the estimate
   */
  public static double[] integratedTime(double[] chain, int steps, int nwalkers, int ndim) {
    return integratedTime(chain, steps, nwalkers, ndim, DEFAULT_C, DEFAULT_TOL, false);
  }

  /**
   * The integrated autocorrelation time of a flat chain {@code [step][walker][dim]}.
   *
   * @param chain {@code steps * nwalkers * ndim} values, row-major
   * @param steps number of steps
   * @param nwalkers number of walkers
   * @param ndim number of parameters
   * @param c the window step (emcee: 5)
   * @param tol how many tau the chain must be long (emcee: 50)
   * @param quiet log a warning instead of throwing when the chain is too short
   * @return tau per parameter, in steps
   */
  public static double[] integratedTime(
      double[] chain, int steps, int nwalkers, int ndim, double c, double tol, boolean quiet) {
    if ((long) steps * nwalkers * ndim != chain.length) {
      throw new EmceeException(
          "EMCEE-A002",
          "the chain has "
              + chain.length
              + " values but steps x nwalkers x ndim = "
              + steps
              + " x "
              + nwalkers
              + " x "
              + ndim);
    }
    return integratedTime(
        (w, d, dest) -> {
          int stride = nwalkers * ndim;
          for (int t = 0; t < steps; t++) {
            dest[t] = chain[t * stride + w * ndim + d];
          }
        },
        steps,
        nwalkers,
        ndim,
        c,
        tol,
        quiet);
  }

  /**
   * The integrated autocorrelation time, reading each walker's series from {@code source}.
   *
   * @param source gives the series of one walker in one parameter
   * @param steps length of every series
   * @param nwalkers number of walkers
   * @param ndim number of parameters
   * @param c the window step (emcee: 5)
   * @param tol how many tau the chain must be long (emcee: 50)
   * @param quiet log a warning instead of throwing when the chain is too short
   * @return tau per parameter, in steps
   * @throws AutocorrException when not quiet and the chain is shorter than {@code tol * tau}
   */
  public static double[] integratedTime(
      SeriesSource source, int steps, int nwalkers, int ndim, double c, double tol, boolean quiet) {
    if (steps < 1 || nwalkers < 1 || ndim < 1) {
      throw new EmceeException(
          "EMCEE-A002",
          "need at least one step, walker and parameter; got steps="
              + steps
              + ", nwalkers="
              + nwalkers
              + ", ndim="
              + ndim);
    }
    int m = 2 * Fft.nextPowerOfTwo(steps);
    Fft fft = new Fft(m);
    double[] re = new double[m];
    double[] im = new double[m];
    double[] sum = new double[m];
    double[] a = new double[steps];
    double[] b = new double[steps];
    double[] tau = new double[ndim];
    for (int d = 0; d < ndim; d++) {
      Arrays.fill(sum, 0);
      // Two real series per complex transform: a in the real part, b in the imaginary part.
      for (int w = 0; w < nwalkers; w += 2) {
        boolean pair = w + 1 < nwalkers;
        source.read(w, d, a);
        if (pair) {
          source.read(w + 1, d, b);
        }
        double meanA = mean(a);
        double meanB = pair ? mean(b) : 0;
        Arrays.fill(re, steps, m, 0);
        Arrays.fill(im, 0);
        for (int t = 0; t < steps; t++) {
          re[t] = a[t] - meanA;
          if (pair) {
            im[t] = b[t] - meanB;
          }
        }
        fft.transform(re, im, false);
        addNormalisedPowers(re, im, sum, m, pair);
      }
      double[] f = inversePower(fft, sum, re, im, steps);
      for (int t = 0; t < steps; t++) {
        f[t] /= nwalkers;
      }
      tau[d] = windowedTime(f, c);
    }
    int flagged = 0;
    for (double t : tau) {
      if (tol * t > steps) {
        flagged++;
      }
    }
    if (flagged > 0) {
      String message =
          String.format(
              Locale.ROOT,
              "the chain is shorter than %s times the integrated autocorrelation time for %d"
                  + " parameter(s); use this estimate with caution and run a longer chain"
                  + " (N/%s = %.0f; tau: %s)",
              fmt(tol),
              flagged,
              fmt(tol),
              steps / tol,
              Arrays.toString(tau));
      if (!quiet) {
        throw new AutocorrException(tau, message);
      }
      LOG.log(Level.WARNING, "[EMCEE-A001] " + message);
    }
    return tau;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /**
   * Splits the transform of {@code a + i b} into the power spectra of a and b, normalises each to
   * unit sum (so that its autocorrelation is 1 at lag 0, as emcee divides by {@code acf[0]}), and
   * adds them to {@code sum}.
   */
  private static void addNormalisedPowers(
      double[] re, double[] im, double[] sum, int m, boolean pair) {
    double totalA = 0;
    double totalB = 0;
    for (int k = 0; k < m; k++) {
      int j = (m - k) & (m - 1);
      double ar = 0.5 * (re[k] + re[j]);
      double ai = 0.5 * (im[k] - im[j]);
      totalA += ar * ar + ai * ai;
      if (pair) {
        double br = 0.5 * (im[k] + im[j]);
        double bi = 0.5 * (re[j] - re[k]);
        totalB += br * br + bi * bi;
      }
    }
    double scaleA = 1 / totalA;
    double scaleB = pair ? 1 / totalB : 0;
    for (int k = 0; k < m; k++) {
      int j = (m - k) & (m - 1);
      double ar = 0.5 * (re[k] + re[j]);
      double ai = 0.5 * (im[k] - im[j]);
      double power = (ar * ar + ai * ai) * scaleA;
      if (pair) {
        double br = 0.5 * (im[k] + im[j]);
        double bi = 0.5 * (re[j] - re[k]);
        power += (br * br + bi * bi) * scaleB;
      }
      sum[k] += power;
    }
  }

  /** The first {@code length} lags of the inverse transform of a (real, symmetric) spectrum. */
  private static double[] inversePower(
      Fft fft, double[] power, double[] re, double[] im, int length) {
    int m = fft.size();
    System.arraycopy(power, 0, re, 0, m);
    Arrays.fill(im, 0);
    fft.transform(re, im, true);
    return Arrays.copyOf(re, length);
  }

  /** emcee's {@code taus = 2 cumsum(f) - 1} read at {@code auto_window(taus, c)}. */
  private static double windowedTime(double[] f, double c) {
    int n = f.length;
    double cumsum = 0;
    double[] taus = new double[n];
    boolean anyInside = false;
    int firstOutside = -1;
    for (int t = 0; t < n; t++) {
      cumsum += f[t];
      taus[t] = 2 * cumsum - 1;
      boolean inside = t < c * taus[t];
      if (inside) {
        anyInside = true;
      } else if (firstOutside < 0) {
        firstOutside = t;
      }
    }
    // As numpy: argmin of the mask is the first lag outside the window, or 0 when there is none.
    int window = anyInside ? Math.max(firstOutside, 0) : n - 1;
    return taus[window];
  }
}
