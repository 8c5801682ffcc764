package io.emcee.core.diagnostics;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.internal.Fft;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Convergence statistics across chains: rank-normalised split-R-hat (with its folded variant for
 * the tails), bulk- and tail-ESS, and the Monte Carlo standard errors of the mean and of quantiles
 * (Vehtari, Gelman, Simpson, Carpenter and Bürkner 2021, "Rank-normalization, folding, and
 * localization: an improved R-hat"), computed exactly as the R package {@code posterior} (version
 * 1.4.0) computes them, so that the numbers agree with it to rounding.
 *
 * <p>The primitive methods take the draws of one parameter as {@code double[chain][draw]}: every
 * chain the same length, at least {@value #MIN_DRAWS} draws. They return {@code NaN} where {@code
 * posterior} returns {@code NA}: when all draws are equal (or, for a quantile's ESS, when the
 * quantile's indicator is constant).
 *
 * <p><b>Which series are the chains.</b> {@link #summarize(List, List)} takes the stored
 * coordinates of several independent ensembles and uses <em>every walker's series</em> as a chain
 * ({@code K} ensembles of {@code W} walkers give {@code K * W} chains), not the walker-averaged
 * series of each ensemble. Each walker's draws follow the posterior itself once the ensemble has
 * converged, so ranks, quantiles, tail-ESS and the quantiles' MCSE describe the posterior; an
 * average over {@code W} walkers follows a distribution about {@code sqrt(W)} times narrower, whose
 * quantiles are not the posterior's. The autocovariance averaged over the walkers is also what
 * emcee's own tau uses. The walkers of one ensemble are not independent (each move reads the
 * others), so R-hat over a single ensemble's walkers does not detect an ensemble that is stuck as a
 * whole; that is why the chains should come from two or more independent ensembles: if they
 * disagree, their walkers' means fall into separate groups and R-hat flags it. The primitive
 * methods accept any chains, so walker-averaged series can be passed to them when wanted.
 *
 * <pre>
 * {@code ConvergenceSummary s = Convergence.summarize("mu", draws); boolean ok = s.rhat() < 1.01;}
 * </pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class Convergence {
  /** The fewest draws per chain the statistics accept: three in each half of a split chain. */
  public static final int MIN_DRAWS = 6;

  /** {@code posterior}'s probabilities of {@code +-1} standard deviation for quantile MCSE. */
  private static final double[] ONE_SIGMA = {0.1586553, 0.8413447};

  private Convergence() {}

  /**
   * {@code posterior::rhat}: the larger of the rank-normalised split-R-hat of the draws and of the
   * draws folded about their median.
   *
   * @param chains the draws of one parameter, {@code [chain][draw]}
   * @return R-hat; values above 1.01 say the chains have not mixed
   */
  public static double rhat(double[][] chains) {
    check(chains);
    return Math.max(rhatBulk(chains), rhatTail(chains));
  }

  /**
   * The rank-normalised split-R-hat of the draws themselves (sensitive to the location).
   *
   * @param chains the draws of one parameter, {@code [chain][draw]}
   * @return R-hat of the bulk
   */
  public static double rhatBulk(double[][] chains) {
    check(chains);
    return basicRhat(zScale(split(chains)));
  }

  /**
   * The rank-normalised split-R-hat of the draws folded about their median (sensitive to the scale
   * and the tails).
   *
   * @param chains the draws of one parameter, {@code [chain][draw]}
   * @return R-hat of the tails
   */
  public static double rhatTail(double[][] chains) {
    check(chains);
    return basicRhat(zScale(split(fold(chains, sortedDraws(chains)))));
  }

  /**
   * {@code posterior::ess_bulk}: the effective sample size of the rank-normalised split chains.
   *
   * @param chains the draws of one parameter, {@code [chain][draw]}
   * @return the bulk-ESS
   */
  public static double essBulk(double[][] chains) {
    check(chains);
    return basicEss(zScale(split(chains)));
  }

  /**
   * {@code posterior::ess_tail}: the smaller of the ESS of the 5 % and the 95 % quantiles.
   *
   * @param chains the draws of one parameter, {@code [chain][draw]}
   * @return the tail-ESS
   */
  public static double essTail(double[][] chains) {
    return Math.min(essQuantile(chains, 0.05), essQuantile(chains, 0.95));
  }

  /**
   * {@code posterior::ess_mean}: the effective sample size of the split chains, for the mean.
   *
   * @param chains the draws of one parameter, {@code [chain][draw]}
   * @return the ESS of the mean
   */
  public static double essMean(double[][] chains) {
    check(chains);
    return basicEss(split(chains));
  }

  /**
   * {@code posterior::ess_quantile}: the ESS of the indicator {@code draw <= q}, where {@code q} is
   * the {@code prob} quantile of all draws.
   *
   * @param chains the draws of one parameter, {@code [chain][draw]}
   * @param prob the quantile's probability, in {@code [0, 1]}
   * @return the ESS of that quantile
   */
  public static double essQuantile(double[][] chains, double prob) {
    check(chains);
    checkProb(prob);
    return essQuantile(chains, sortedDraws(chains), prob);
  }

  private static double essQuantile(double[][] chains, double[] sorted, double prob) {
    if (constant(sorted)) {
      return Double.NaN;
    }
    double p = prob == 1 ? (sorted.length - 0.5) / sorted.length : prob;
    double q = quantile(sorted, p);
    double[][] indicator = new double[chains.length][];
    for (int c = 0; c < chains.length; c++) {
      double[] x = chains[c];
      double[] ind = new double[x.length];
      for (int t = 0; t < x.length; t++) {
        ind[t] = x[t] <= q ? 1 : 0;
      }
      indicator[c] = ind;
    }
    return basicEss(split(indicator));
  }

  /**
   * {@code posterior::mcse_mean}: the standard deviation of all draws over the square root of the
   * ESS of the mean.
   *
   * @param chains the draws of one parameter, {@code [chain][draw]}
   * @return the Monte Carlo standard error of the mean
   */
  public static double mcseMean(double[][] chains) {
    check(chains);
    return sd(flatten(chains)) / Math.sqrt(essMean(chains));
  }

  /**
   * {@code posterior::mcse_quantile}: half the distance between the draws at the quantile's {@code
   * +-1} sigma interval, from the beta distribution the quantile's ESS implies.
   *
   * @param chains the draws of one parameter, {@code [chain][draw]}
   * @param prob the quantile's probability, in {@code [0, 1]}
   * @return the Monte Carlo standard error of that quantile
   */
  public static double mcseQuantile(double[][] chains, double prob) {
    check(chains);
    checkProb(prob);
    double[] sorted = sortedDraws(chains);
    return mcseQuantile(sorted, prob, essQuantile(chains, sorted, prob));
  }

  /** The quantile's MCSE from the sorted draws and the quantile's ESS. */
  private static double mcseQuantile(double[] sorted, double prob, double ess) {
    if (Double.isNaN(ess)) {
      return Double.NaN;
    }
    double a1 = Distributions.qbeta(ONE_SIGMA[0], ess * prob + 1, ess * (1 - prob) + 1);
    double a2 = Distributions.qbeta(ONE_SIGMA[1], ess * prob + 1, ess * (1 - prob) + 1);
    int n = sorted.length;
    double th1 = sorted[(int) Math.max(Math.floor(a1 * n), 1) - 1];
    double th2 = sorted[(int) Math.min(Math.ceil(a2 * n), n) - 1];
    return (th2 - th1) / 2;
  }

  /**
   * All statistics of one parameter.
   *
   * @param name the parameter's name
   * @param chains the draws of the parameter, {@code [chain][draw]}
   * @return the summary
   */
  public static ConvergenceSummary summarize(String name, double[][] chains) {
    check(chains);
    // The same numbers as the single-statistic methods, with the shared steps done once.
    double[] all = flatten(chains);
    double[] sorted = all.clone();
    Arrays.sort(sorted);
    double[][] bulk = zScale(split(chains));
    double rhat = Math.max(basicRhat(bulk), basicRhat(zScale(split(fold(chains, sorted)))));
    double ess5 = essQuantile(chains, sorted, 0.05);
    double ess50 = essQuantile(chains, sorted, 0.5);
    double ess95 = essQuantile(chains, sorted, 0.95);
    double sd = sd(all);
    return new ConvergenceSummary(
        name,
        mean(all),
        sd,
        rhat,
        basicEss(bulk),
        Math.min(ess5, ess95),
        sd / Math.sqrt(basicEss(split(chains))),
        mcseQuantile(sorted, 0.05, ess5),
        mcseQuantile(sorted, 0.5, ess50),
        mcseQuantile(sorted, 0.95, ess95));
  }

  /**
   * All statistics of every parameter of several independent ensembles, each walker's series a
   * chain (see the class description for why).
   *
   * <pre>{@code summarize(List.of(a.getCoords(500, 1), b.getCoords(500, 1)), List.of("x", "y"))}
   * </pre>
   *
   * @param ensembles the coordinates of each ensemble, {@code [step][walker][dim]} as {@code
   *     Sampler.getCoords(discard, thin)} returns them; all with the same shape
   * @param names one name per parameter
   * @return one summary per parameter, in order
   */
  public static List<ConvergenceSummary> summarize(
      List<double[][][]> ensembles, List<String> names) {
    if (ensembles.isEmpty()) {
      throw new EmceeException(
          "EMCEE-A010", "no ensembles given; pass the coordinates of one or more");
    }
    double[][][] first = ensembles.get(0);
    int steps = first.length;
    int nwalkers = steps == 0 ? 0 : first[0].length;
    int ndim = nwalkers == 0 ? 0 : first[0][0].length;
    if (names.size() != ndim) {
      throw new EmceeException(
          "EMCEE-A010",
          "got "
              + names.size()
              + " parameter names for "
              + ndim
              + " parameters; pass one per parameter");
    }
    for (int k = 0; k < ensembles.size(); k++) {
      double[][][] coords = ensembles.get(k);
      boolean same = coords.length == steps;
      for (int t = 0; same && t < steps; t++) {
        same = coords[t].length == nwalkers;
        for (int w = 0; same && w < nwalkers; w++) {
          same = coords[t][w].length == ndim;
        }
      }
      if (!same) {
        throw new EmceeException(
            "EMCEE-A010",
            "ensemble "
                + k
                + " does not have the shape of ensemble 0 ("
                + steps
                + " steps x "
                + nwalkers
                + " walkers x "
                + ndim
                + " parameters); use the same discard and thin for every ensemble");
      }
    }
    List<ConvergenceSummary> out = new ArrayList<>(ndim);
    double[][] chains = new double[ensembles.size() * nwalkers][steps];
    for (int d = 0; d < ndim; d++) {
      for (int k = 0; k < ensembles.size(); k++) {
        double[][][] coords = ensembles.get(k);
        for (int w = 0; w < nwalkers; w++) {
          double[] chain = chains[k * nwalkers + w];
          for (int t = 0; t < steps; t++) {
            chain[t] = coords[t][w][d];
          }
        }
      }
      out.add(summarize(names.get(d), chains));
    }
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------- posterior's building blocks

  private static void check(double[][] chains) {
    if (chains.length == 0) {
      throw new EmceeException("EMCEE-A010", "no chains given; pass at least one chain of draws");
    }
    int n = chains[0].length;
    for (int c = 0; c < chains.length; c++) {
      if (chains[c].length != n) {
        throw new EmceeException(
            "EMCEE-A010",
            "chain "
                + c
                + " has "
                + chains[c].length
                + " draws but chain 0 has "
                + n
                + "; pass chains of equal length");
      }
      for (int t = 0; t < n; t++) {
        if (!Double.isFinite(chains[c][t])) {
          throw new EmceeException(
              "EMCEE-A011",
              "draw "
                  + t
                  + " of chain "
                  + c
                  + " is "
                  + chains[c][t]
                  + "; every draw must be finite");
        }
      }
    }
    if (n < MIN_DRAWS) {
      throw new EmceeException(
          "EMCEE-A010",
          "the chains have "
              + n
              + " draws; the statistics need at least "
              + MIN_DRAWS
              + " per chain (run longer or discard less)");
    }
  }

  private static void checkProb(double prob) {
    if (!(prob >= 0 && prob <= 1)) {
      throw new EmceeException(
          "EMCEE-A010", "the quantile's probability is " + prob + "; it must be in [0, 1]");
    }
  }

  /**
   * {@code posterior:::.split_chains}: each chain's halves; the middle draw of an odd length is
   * dropped.
   */
  static double[][] split(double[][] chains) {
    int n = chains[0].length;
    int half = n / 2;
    double[][] out = new double[2 * chains.length][];
    for (int c = 0; c < chains.length; c++) {
      out[2 * c] = Arrays.copyOfRange(chains[c], 0, half);
      out[2 * c + 1] = Arrays.copyOfRange(chains[c], n - half, n);
    }
    // posterior orders the columns as all first halves, then all second halves.
    double[][] ordered = new double[out.length][];
    for (int c = 0; c < chains.length; c++) {
      ordered[c] = out[2 * c];
      ordered[chains.length + c] = out[2 * c + 1];
    }
    return ordered;
  }

  /** {@code posterior::fold_draws}: the distance of each draw from the median of all draws. */
  private static double[][] fold(double[][] chains, double[] sorted) {
    double median = quantile(sorted, 0.5);
    double[][] out = new double[chains.length][];
    for (int c = 0; c < chains.length; c++) {
      double[] x = chains[c];
      double[] f = new double[x.length];
      for (int t = 0; t < x.length; t++) {
        f[t] = Math.abs(x[t] - median);
      }
      out[c] = f;
    }
    return out;
  }

  /**
   * {@code posterior::z_scale}: ranks over all draws (ties averaged), back-transformed with {@code
   * (r - 3/8) / (S + 1/4)} and mapped through the normal quantile.
   */
  private static double[][] zScale(double[][] chains) {
    int m = chains.length;
    int n = chains[0].length;
    int total = m * n;
    double[] sorted = flatten(chains);
    Arrays.sort(sorted);
    // z of each sorted position; ties share the average of their (1-based) ranks.
    double shift = 3.0 / 8.0;
    double[] zSorted = new double[total];
    for (int first = 0; first < total; ) {
      int last = first;
      while (last + 1 < total && sorted[last + 1] == sorted[first]) {
        last++;
      }
      double rank = (first + last) / 2.0 + 1;
      double z = Distributions.qnorm((rank - shift) / (total - 2 * shift + 1));
      Arrays.fill(zSorted, first, last + 1, z);
      first = last + 1;
    }
    double[][] out = new double[m][n];
    for (int c = 0; c < m; c++) {
      for (int t = 0; t < n; t++) {
        out[c][t] = zSorted[lowerBound(sorted, chains[c][t])];
      }
    }
    return out;
  }

  /** The first position in {@code sorted} whose value is not below {@code v}. */
  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** {@code posterior:::.rhat}: the classic potential scale reduction of the given chains. */
  private static double basicRhat(double[][] chains) {
    if (constant(flatten(chains))) {
      return Double.NaN;
    }
    int m = chains.length;
    int n = chains[0].length;
    double[] means = new double[m];
    double withinSum = 0;
    for (int c = 0; c < m; c++) {
      means[c] = mean(chains[c]);
      withinSum += variance(chains[c], means[c]);
    }
    double between = n * variance(means, mean(means));
    double within = withinSum / m;
    return Math.sqrt((between / within + n - 1) / n);
  }

  /**
   * {@code posterior:::.ess}: Geyer's initial monotone positive sequence on the autocorrelation
   * averaged over chains, with the between-chain variance in the denominator, capped at {@code S
   * log10(S)}.
   */
  private static double basicEss(double[][] chains) {
    int m = chains.length;
    int n = chains[0].length;
    if (n < 3 || constant(flatten(chains))) {
      return Double.NaN;
    }
    double[] means = new double[m];
    for (int c = 0; c < m; c++) {
      means[c] = mean(chains[c]);
    }
    double[] acov = meanAutocovariance(chains, means);
    double meanVar = acov[0] * n / (n - 1);
    double varPlus = meanVar * (n - 1) / n;
    if (m > 1) {
      varPlus += variance(means, mean(means));
    }
    double[] rho = new double[n];
    int t = 0;
    double rhoEven = 1;
    rho[0] = rhoEven;
    double rhoOdd = 1 - (meanVar - acov[1]) / varPlus;
    rho[1] = rhoOdd;
    while (t < n - 5 && !Double.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
      t += 2;
      rhoEven = 1 - (meanVar - acov[t]) / varPlus;
      rhoOdd = 1 - (meanVar - acov[t + 1]) / varPlus;
      if (rhoEven + rhoOdd >= 0) {
        rho[t] = rhoEven;
        rho[t + 1] = rhoOdd;
      }
    }
    int maxT = t;
    if (rhoEven > 0) {
      rho[maxT] = rhoEven;
    }
    // Geyer's initial monotone sequence: each pair's sum no larger than the previous pair's.
    t = 0;
    while (t <= maxT - 4) {
      t += 2;
      if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
        rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
        rho[t + 1] = rho[t];
      }
    }
    double ess = (double) m * n;
    // R's sum(rho[1:max_t]) reads rho[1] alone when max_t is 0 (1:0 is c(1, 0)).
    double sum = 0;
    for (int i = 0; i < Math.max(maxT, 1); i++) {
      sum += rho[i];
    }
    double tauHat = -1 + 2 * sum + rho[maxT];
    double tauBound = 1 / Math.log10(ess);
    if (tauHat < tauBound) {
      tauHat = tauBound;
    }
    return ess / tauHat;
  }

  /**
   * The mean over chains of {@code posterior::autocovariance}, lags {@code 0..n-1} of {@code sum_t
   * y_t y_(t+k) / n} of each centred chain. Two chains share one complex transform ({@code x + i
   * y}); their power spectra are summed over all chains in frequency space and transformed back
   * once. Zero padding to at least {@code 2n} makes every lag exact.
   */
  private static double[] meanAutocovariance(double[][] chains, double[] means) {
    int m = chains.length;
    int n = chains[0].length;
    Fft fft = new Fft(2 * Fft.nextPowerOfTwo(n));
    int size = fft.size();
    int[] pos = new int[size];
    for (int k = 0; k < size; k++) {
      pos[k] = fft.position(k);
    }
    double[] re = new double[size];
    double[] im = new double[size];
    double[] sum = new double[size];
    for (int c = 0; c < m; c += 2) {
      double[] x = chains[c];
      for (int t = 0; t < n; t++) {
        re[t] = x[t] - means[c];
      }
      if (c + 1 < m) {
        double[] y = chains[c + 1];
        for (int t = 0; t < n; t++) {
          im[t] = y[t] - means[c + 1];
        }
      } else {
        Arrays.fill(im, 0, n, 0);
      }
      Arrays.fill(re, n, size, 0);
      Arrays.fill(im, n, size, 0);
      fft.forward(re, im);
      // With Z = FFT(x + i y): |X_k|^2 + |Y_k|^2 = (|Z_k|^2 + |Z_(size-k)|^2) / 2.
      for (int k = 0; k < size; k++) {
        int p = pos[k];
        int q = pos[(size - k) & (size - 1)];
        sum[p] += 0.5 * (re[p] * re[p] + im[p] * im[p] + re[q] * re[q] + im[q] * im[q]);
      }
    }
    System.arraycopy(sum, 0, re, 0, size);
    Arrays.fill(im, 0);
    fft.inverse(re, im);
    double scale = 1.0 / ((double) size * n * m);
    double[] acov = new double[n];
    for (int t = 0; t < n; t++) {
      acov[t] = re[t] * scale;
    }
    return acov;
  }

  /** R's {@code quantile(x, p)} of type 7 on sorted draws. */
  static double quantile(double[] sorted, double p) {
    int n = sorted.length;
    double index = 1 + Math.max(n - 1, 0) * p;
    int lo = (int) Math.floor(index);
    int hi = (int) Math.ceil(index);
    double q = sorted[lo - 1];
    if (index > lo && sorted[hi - 1] != q) {
      double h = index - lo;
      q = (1 - h) * q + h * sorted[hi - 1];
    }
    return q;
  }

  private static double[] flatten(double[][] chains) {
    int n = chains[0].length;
    double[] all = new double[chains.length * n];
    for (int c = 0; c < chains.length; c++) {
      System.arraycopy(chains[c], 0, all, c * n, n);
    }
    return all;
  }

  private static double[] sortedDraws(double[][] chains) {
    double[] all = flatten(chains);
    Arrays.sort(all);
    return all;
  }

  /** {@code posterior:::is_constant}: the range is below machine epsilon. */
  private static boolean constant(double[] x) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return Math.abs(max - min) < Math.ulp(1.0);
  }

  /** The mean, with R's second pass that removes the rounding of the first. */
  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    double m = s / x.length;
    double r = 0;
    for (double v : x) {
      r += v - m;
    }
    return m + r / x.length;
  }

  private static double variance(double[] x, double mean) {
    double s = 0;
    for (double v : x) {
      double d = v - mean;
      s += d * d;
    }
    return s / (x.length - 1);
  }

  private static double sd(double[] x) {
    return Math.sqrt(variance(x, mean(x)));
  }
}
