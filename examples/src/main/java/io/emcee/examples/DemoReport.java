package io.emcee.examples;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The report lines of the demo, shared by {@link Demo} and the {@code emcee demo} command so that
 * both print the same thing the same way.
 *
 * <pre>{@code System.out.println(DemoReport.acceptance(0.42));}</pre>
 */
public final class DemoReport {
  private DemoReport() {}

  /**
   * The first line: the problem and where it ran.
   *
   * @param ndim dimensions of the normal
   * @param walkers walkers per ensemble
   * @param steps steps taken
   * @param pool the pool's name
   * @param more text to append (empty for none)
   * @return the line
   */
  public static String header(int ndim, int walkers, int steps, String pool, String more) {
    return String.format(
        Locale.ROOT,
        "emcee-jvm demo: %d-D standard normal, %d walkers, %d steps on the '%s' pool%s",
        ndim,
        walkers,
        steps,
        pool,
        more);
  }

  /**
   * The mean acceptance fraction.
   *
   * @param acceptance the fraction
   * @return the line
   */
  public static String acceptance(double acceptance) {
    return String.format(Locale.ROOT, "  mean acceptance fraction: %.3f", acceptance);
  }

  /**
   * The integrated autocorrelation time: mean, least and most over the parameters.
   *
   * @param tau tau per parameter
   * @param of what it is of, such as {@code " (ensemble 0)"} (empty for the chain)
   * @param note text to append (empty for none)
   * @return the line
   */
  public static String tau(double[] tau, String of, String note) {
    return String.format(
        Locale.ROOT,
        "  integrated autocorrelation time%s: mean %.1f steps (min %.1f, max %.1f)%s",
        of,
        Arrays.stream(tau).average().orElse(Double.NaN),
        Arrays.stream(tau).min().orElse(Double.NaN),
        Arrays.stream(tau).max().orElse(Double.NaN),
        note);
  }

  /**
   * The mean and variance of every value of the samples after burn-in, against the normal's.
   *
   * @param flats the {@code [sample][dim]} samples of each ensemble
   * @return the line
   */
  public static String moments(List<double[][]> flats) {
    double mean = 0;
    double var = 0;
    long n = 0;
    for (double[][] flat : flats) {
      for (double[] x : flat) {
        for (double v : x) {
          mean += v;
          var += v * v;
        }
        n += x.length;
      }
    }
    mean /= n;
    var = var / n - mean * mean;
    return String.format(
        Locale.ROOT,
        "  samples after burn-in: mean %.3f, variance %.3f (target 0 and 1)",
        mean,
        var);
  }

  /**
   * The wall time, per step and per evaluation.
   *
   * @param seconds the run's wall time
   * @param steps steps taken
   * @param evaluations log-probabilities evaluated (steps times walkers times ensembles)
   * @return the line
   */
  public static String wallTime(double seconds, int steps, double evaluations) {
    return String.format(
        Locale.ROOT,
        "  wall time: %.3f s (%.2f us per step, %.0f evaluations/s)",
        seconds,
        seconds * 1e6 / steps,
        evaluations / seconds);
  }
}
