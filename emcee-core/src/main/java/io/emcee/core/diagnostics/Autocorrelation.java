package io.emcee.core.diagnostics;

import io.emcee.api.EmceeException;
import io.emcee.api.RunInterruptedException;
import io.emcee.api.Stability;
import io.emcee.core.internal.Fft;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

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

  /** Whether a quiet estimate of a too-short chain was logged as a WARNING in this process. */
  private static final java.util.concurrent.atomic.AtomicBoolean SHORT_CHAIN_WARNED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** emcee's default window step {@code c}. */
  public static final double DEFAULT_C = 5.0;

  /** emcee's default {@code tol}: the chain must be this many times longer than tau. */
  public static final double DEFAULT_TOL = 50.0;

  private Autocorrelation() {}

  /**
   * The source of one series per walker and parameter, so that estimates can read a chain where it
   * is stored without first copying it into one array. Called from several threads at once, each
   * reading a different series.
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
      throw new EmceeException("EMCEE-A002", "the series is empty; give at least one value");
    }
    Workspace ws = new Workspace(x.length);
    Arrays.fill(ws.sum, 0);
    ws.addPair(x, null);
    double[] acf = ws.inverseSum();
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
   * @param quiet return the estimate of a chain that is too short instead of throwing, as {@link
   *     #integratedTime(SeriesSource, int, int, int, double, double, boolean)} says
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
   * @param quiet return the estimate of a chain shorter than {@code tol * tau} instead of throwing;
   *     the first such estimate in a process logs one {@code [EMCEE-A001]} WARNING (through {@link
   *     System.Logger}, logger {@code io.emcee.core.diagnostics.Autocorrelation}), later ones log
   *     at DEBUG only
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
    double[] tau = new double[ndim];
    int threads = Math.min(ndim, Math.max(1, Runtime.getRuntime().availableProcessors()));
    Plan plan = Plan.forSteps(steps);
    if (threads == 1) {
      Workspace ws = new Workspace(plan, steps);
      for (int d = 0; d < ndim; d++) {
        tau[d] = ws.tau(source, nwalkers, d, c);
      }
    } else {
      // Parameters are independent: one workspace per thread, parameters handed out in turn.
      AtomicInteger next = new AtomicInteger();
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        tasks.add(
            () -> {
              Workspace ws = new Workspace(plan, steps);
              for (int d = next.getAndIncrement(); d < ndim; d = next.getAndIncrement()) {
                tau[d] = ws.tau(source, nwalkers, d, c);
              }
              return null;
            });
      }
      runAll(tasks);
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
      // emcee logs this on every quiet call; a monitoring loop would print it every time, so
      // this process says it once as a WARNING and after that only at DEBUG.
      LOG.log(
          SHORT_CHAIN_WARNED.getAndSet(true) ? Level.DEBUG : Level.WARNING,
          "[EMCEE-A001] " + message);
    }
    return tau;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  /** emcee's {@code taus = 2 cumsum(f) - 1}. */
  private static double[] taus(double[] f) {
    double[] taus = new double[f.length];
    double cumsum = 0;
    for (int t = 0; t < f.length; t++) {
      cumsum += f[t];
      taus[t] = 2 * cumsum - 1;
    }
    return taus;
  }

  /**
   * emcee's {@code auto_window(taus, c)}, Sokal's automatic window: the first lag {@code M} with
   * {@code M >= c * taus[M]}. As emcee (numpy's {@code argmin} of the mask), it is 0 when every lag
   * lies inside the window ({@code M < c * taus[M]} for all {@code M}), and the last lag when none
   * does.
   *
   * <pre>{@code int m = Autocorrelation.autoWindow(taus, Autocorrelation.DEFAULT_C);}</pre>
   *
   * @param taus the running estimates {@code 2 * cumsum(acf) - 1}, one per lag
   * @param c the window step (emcee: 5)
   * @return the window, an index into {@code taus}
   */
  public static int autoWindow(double[] taus, double c) {
    if (taus.length == 0) {
      throw new EmceeException(
          "EMCEE-A002", "taus is empty: give one running estimate per lag, lag 0 first");
    }
    boolean anyInside = false;
    int firstOutside = -1;
    for (int t = 0; t < taus.length; t++) {
      if (t < c * taus[t]) {
        anyInside = true;
      } else if (firstOutside < 0) {
        firstOutside = t;
      }
    }
    return anyInside ? Math.max(firstOutside, 0) : taus.length - 1;
  }

  /** {@link #autoWindow} of the running estimates of an autocorrelation function. */
  private static int window(double[] f, double c) {
    return autoWindow(taus(f), c);
  }

  /** Runs tasks on a short-lived pool of daemon threads and rethrows the first failure. */
  private static void runAll(List<Callable<Void>> tasks) {
    ExecutorService executor =
        Executors.newFixedThreadPool(
            tasks.size(),
            r -> {
              Thread t = new Thread(r, "emcee-autocorr");
              t.setDaemon(true);
              return t;
            });
    try {
      for (Future<Void> f : executor.invokeAll(tasks)) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunInterruptedException("interrupted while estimating the autocorrelation time");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * Scratch arrays for one thread: the transform of two walkers' series at once, and the running
   * sum of their normalised power spectra (in the FFT's bit-reversed order, which the inverse
   * transform takes as it is).
   */
  /**
   * The transform sizes for series of {@code steps}: emcee pads to {@code 2 * nextpow2(steps)},
   * which makes every lag exact. Lags below {@code N - steps} are already exact with {@code N =
   * nextpow2(steps)}, and the estimate reads only the lags up to its window; so when that margin is
   * wide, the half-size transform is tried first and the padded one used only if the window reaches
   * past the margin.
   */
  private record Plan(@Nullable Fft shortFft, Fft paddedFft, int steps) {
    static Plan forSteps(int steps) {
      int n = Fft.nextPowerOfTwo(steps);
      boolean wideMargin = n - steps >= Math.max(1024, steps / 64);
      return new Plan(wideMargin ? new Fft(n) : null, new Fft(2 * n), steps);
    }
  }

  private static final class Workspace {
    private final Plan plan;
    private Fft fft;
    private final int steps;
    private final double[] re;
    private final double[] im;
    final double[] sum;
    private final double[] a;
    private final double[] b;

    Workspace(int steps) {
      this(new Plan(null, new Fft(2 * Fft.nextPowerOfTwo(steps)), steps), steps);
    }

    Workspace(Plan plan, int steps) {
      this.plan = plan;
      this.fft = plan.paddedFft();
      this.steps = steps;
      int m = fft.size();
      this.re = new double[m];
      this.im = new double[m];
      this.sum = new double[m];
      this.a = new double[steps];
      this.b = new double[steps];
    }

    /** emcee's estimate for parameter {@code d}: average normalised ACF, then the window. */
    double tau(SeriesSource source, int nwalkers, int d, double c) {
      Fft shortFft = plan.shortFft();
      if (shortFft != null) {
        fft = shortFft;
        double[] f = averageAcf(source, nwalkers, d);
        int window = window(f, c);
        // Accept only a window found inside the exact lags; 0 means "no lag left the window",
        // which the inexact lags took part in deciding.
        if (window > 0 && window < shortFft.size() - steps) {
          return taus(f)[window];
        }
      }
      fft = plan.paddedFft();
      double[] f = averageAcf(source, nwalkers, d);
      return taus(f)[window(f, c)];
    }

    /** emcee's average over walkers of the normalised autocorrelation functions. */
    private double[] averageAcf(SeriesSource source, int nwalkers, int d) {
      Arrays.fill(sum, 0, fft.size(), 0);
      for (int w = 0; w < nwalkers; w += 2) {
        source.read(w, d, a);
        if (w + 1 < nwalkers) {
          source.read(w + 1, d, b);
          addPair(a, b);
        } else {
          addPair(a, null);
        }
      }
      double[] f = inverseSum();
      for (int t = 0; t < steps; t++) {
        f[t] /= nwalkers;
      }
      return f;
    }

    /**
     * Adds the power spectra of {@code x} and {@code y} (if any), each normalised to unit total
     * (emcee divides each walker's ACF by its lag-0 value), using one complex transform of {@code x
     * + i y}. By Parseval a spectrum's total is {@code m * sum(x_t^2)}.
     */
    void addPair(double[] x, double @Nullable [] y) {
      int m = fft.size();
      double energyX = center(x, re);
      double energyY = y == null ? 0 : center(y, im);
      if (y == null) {
        Arrays.fill(im, 0, steps, 0);
      }
      Arrays.fill(re, steps, m, 0);
      Arrays.fill(im, steps, m, 0);
      fft.forward(re, im);
      double scaleX = 0.25 / (m * energyX);
      double scaleY = y == null ? 0 : 0.25 / (m * energyY);
      // Frequency k sits at bit-reversed position p; frequency m - k sits at p with every bit
      // below p's highest set bit flipped, i.e. at the mirror of p inside its octave
      // [2^h, 2^(h+1)). Walking each octave from both ends keeps the access sequential.
      addPower(0, 0, scaleX, scaleY);
      for (int lo = 1; lo < m; lo <<= 1) {
        int hi = 2 * lo - 1;
        for (int p = lo, q = hi; p <= hi; p++, q--) {
          addPower(p, q, scaleX, scaleY);
        }
      }
    }

    private void addPower(int p, int q, double scaleX, double scaleY) {
      double sr = re[p] + re[q];
      double di = im[p] - im[q];
      double si = im[p] + im[q];
      double dr = re[q] - re[p];
      sum[p] += (sr * sr + di * di) * scaleX + (si * si + dr * dr) * scaleY;
    }

    /** Copies {@code x} minus its mean into {@code dest}; returns the sum of squares. */
    private double center(double[] x, double[] dest) {
      double mean = 0;
      for (int t = 0; t < steps; t++) {
        mean += x[t];
      }
      mean /= steps;
      double energy = 0;
      for (int t = 0; t < steps; t++) {
        double v = x[t] - mean;
        dest[t] = v;
        energy += v * v;
      }
      return energy;
    }

    /** The first {@code steps} lags of the inverse transform of the summed spectra. */
    double[] inverseSum() {
      System.arraycopy(sum, 0, re, 0, fft.size());
      Arrays.fill(im, 0, fft.size(), 0);
      fft.inverse(re, im);
      return Arrays.copyOf(re, steps);
    }
  }
}
