package io.emcee.core;

import io.emcee.api.Stability;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a chain says about each parameter, as {@link Sampler#getSummary} computes it; {@code
 * toString()} is a table to print.
 *
 * <pre>{@code System.out.println(sampler.getSummary(1000, 10));}</pre>
 *
 * @param parameters one entry per dimension
 * @param samples the number of samples summarised (steps x walkers)
 * @param nwalkers the number of walkers
 * @param meanAcceptance the acceptance fraction averaged over walkers
 */
@Stability(Stability.Level.STABLE)
public record ChainSummary(
    List<Parameter> parameters, int samples, int nwalkers, double meanAcceptance) {

  /**
   * One parameter's summary.
   *
   * @param name its name, or {@code x0}, {@code x1}, ... when the dimensions are not named
   * @param mean the sample mean
   * @param std the sample standard deviation
   * @param q16 the 16th percentile
   * @param q50 the median
   * @param q84 the 84th percentile
   * @param tau the integrated autocorrelation time, in steps
   */
  public record Parameter(
      String name, double mean, double std, double q16, double q50, double q84, double tau) {}

  /**
   * The summary of selected steps flattened over walkers.
   *
   * @param flat {@code [sample][dim]}
   * @param names the parameter names, or empty for {@code x0, x1, ...}
   * @param tau the autocorrelation time per parameter (NaN where it has no meaning)
   * @param nwalkers walkers per step
   * @param acceptance the mean acceptance fraction
   */
  static ChainSummary of(
      double[][] flat, List<String> names, double[] tau, int nwalkers, double acceptance) {
    List<ChainSummary.Parameter> parameters = new ArrayList<>();
    double[] column = new double[flat.length];
    for (int d = 0; d < tau.length; d++) {
      double sum = 0;
      for (int i = 0; i < flat.length; i++) {
        column[i] = flat[i][d];
        sum += column[i];
      }
      double mean = sum / flat.length;
      double ss = 0;
      for (double v : column) {
        ss += (v - mean) * (v - mean);
      }
      Arrays.sort(column);
      parameters.add(
          new ChainSummary.Parameter(
              names.isEmpty() ? "x" + d : names.get(d),
              mean,
              Math.sqrt(ss / flat.length),
              ChainSummary.quantile(column, 0.16),
              ChainSummary.quantile(column, 0.50),
              ChainSummary.quantile(column, 0.84),
              tau[d]));
    }
    return new ChainSummary(List.copyOf(parameters), flat.length, nwalkers, acceptance);
  }

  /** The {@code q}-quantile of sorted values, interpolated linearly (numpy's default). */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%d samples from %d walkers, mean acceptance %.3f%n",
            samples,
            nwalkers,
            meanAcceptance));
    int width = Math.max(9, parameters.stream().mapToInt(p -> p.name().length()).max().orElse(0));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-" + width + "s %12s %12s %12s %12s %12s %8s%n",
            "parameter",
            "mean",
            "std",
            "16%",
            "50%",
            "84%",
            "tau"));
    for (Parameter p : parameters) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-" + width + "s %12.5g %12.5g %12.5g %12.5g %12.5g %8.1f%n",
              p.name(),
              p.mean(),
              p.std(),
              p.q16(),
              p.q50(),
              p.q84(),
              p.tau()));
    }
    return sb.toString();
  }
}
