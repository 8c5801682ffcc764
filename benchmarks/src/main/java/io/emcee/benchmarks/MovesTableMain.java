package io.emcee.benchmarks;

import io.emcee.api.LogProbability;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.moves.DEMove;
import io.emcee.core.moves.DESnookerMove;
import io.emcee.core.moves.GaussianMove;
import io.emcee.core.moves.KDEMove;
import io.emcee.core.moves.Move;
import io.emcee.core.moves.StretchMove;
import io.emcee.core.moves.WalkMove;
import io.emcee.core.random.RandomStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every move on the correlated 5-D Gaussian of the move statistics tests (covariance {@code A A^T /
 * 5 + 0.05 I} from seed 20131234): one line per move with the mean acceptance, the mean integrated
 * autocorrelation time and the mean ratio of sample to true variance. Writes the covariance to the
 * file given as first argument so that emcee can sample the same target (see
 * benchmarks/moves-vs-emcee.sh).
 */
public final class MovesTableMain {
  private MovesTableMain() {}

  static final int NDIM = 5;
  static final int NWALKERS = 32;
  static final int STEPS = 20_000;
  static final int DISCARD = 2_000;

  /**
   * Runs every move.
   *
   * @param args the file to write the covariance to
   * @throws IOException when it cannot be written
   */
  public static void main(String[] args) throws IOException {
    double[][] cov = covariance();
    if (args.length > 0) {
      StringBuilder sb = new StringBuilder();
      for (double[] row : cov) {
        for (double v : row) {
          sb.append(String.format(Locale.ROOT, "%.17g ", v));
        }
        sb.append('\n');
      }
      Files.writeString(Path.of(args[0]), sb);
    }
    double[][] inverse = invert(cov);
    LogProbability lp =
        x -> {
          double s = 0;
          for (int i = 0; i < NDIM; i++) {
            for (int j = 0; j < NDIM; j++) {
              s += x[i] * inverse[i][j] * x[j];
            }
          }
          return -0.5 * s;
        };
    double[][] tuned = new double[NDIM][NDIM];
    for (int i = 0; i < NDIM; i++) {
      for (int j = 0; j < NDIM; j++) {
        tuned[i][j] = cov[i][j] * 2.38 * 2.38 / NDIM;
      }
    }
    Map<String, Supplier<Sampler.Builder>> moves = new LinkedHashMap<>();
    moves.put("StretchMove", () -> builder(new StretchMove()));
    moves.put("WalkMove", () -> builder(new WalkMove()));
    moves.put("DEMove", () -> builder(new DEMove()));
    moves.put("DESnookerMove", () -> builder(new DESnookerMove()));
    moves.put("KDEMove", () -> builder(new KDEMove()));
    moves.put("GaussianMove", () -> builder(GaussianMove.full(tuned)));
    moves.put(
        "DEMove 0.8 + DESnookerMove 0.2",
        () -> Sampler.builder().move(new DEMove(), 0.8).move(new DESnookerMove(), 0.2));
    System.out.println("# move|acceptance|mean tau|variance ratio");
    for (Map.Entry<String, Supplier<Sampler.Builder>> e : moves.entrySet()) {
      Sampler sampler = e.getValue().get().seed(42).build();
      sampler.run(new Ensemble(lp, start()), STEPS);
      double acceptance = Arrays.stream(sampler.getAcceptanceFraction()).average().orElseThrow();
      double tau =
          Arrays.stream(sampler.getIntegratedAutocorrTime(DISCARD, 1, true))
              .average()
              .orElseThrow();
      double[][] flat = sampler.getFlatCoords(DISCARD, 1);
      double ratio = 0;
      for (int d = 0; d < NDIM; d++) {
        double m = 0;
        double v = 0;
        for (double[] x : flat) {
          m += x[d];
        }
        m /= flat.length;
        for (double[] x : flat) {
          v += (x[d] - m) * (x[d] - m);
        }
        ratio += v / flat.length / cov[d][d] / NDIM;
      }
      System.out.printf(Locale.ROOT, "%s|%.3f|%.1f|%.3f%n", e.getKey(), acceptance, tau, ratio);
    }
  }

  private static Sampler.Builder builder(Move move) {
    return Sampler.builder().moves(move);
  }

  private static double[][] start() {
    RandomStream r = new RandomStream(3);
    double[][] start = new double[NWALKERS][NDIM];
    for (double[] w : start) {
      for (int j = 0; j < NDIM; j++) {
        w[j] = r.nextGaussian();
      }
    }
    return start;
  }

  static double[][] covariance() {
    RandomStream r = new RandomStream(20131234);
    double[] a = new double[NDIM * NDIM];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextGaussian();
    }
    double[][] cov = new double[NDIM][NDIM];
    for (int i = 0; i < NDIM; i++) {
      for (int j = 0; j < NDIM; j++) {
        double s = 0;
        for (int k = 0; k < NDIM; k++) {
          s += a[i * NDIM + k] * a[j * NDIM + k];
        }
        cov[i][j] = s / NDIM + (i == j ? 0.05 : 0);
      }
    }
    return cov;
  }

  private static double[][] invert(double[][] m) {
    int n = m.length;
    double[][] a = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], 0, a[i], 0, n);
      a[i][n + i] = 1;
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
          pivot = r;
        }
      }
      double[] t = a[c];
      a[c] = a[pivot];
      a[pivot] = t;
      double p = a[c][c];
      for (int j = 0; j < 2 * n; j++) {
        a[c][j] /= p;
      }
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = a[r][c];
          for (int j = 0; j < 2 * n; j++) {
            a[r][j] -= f * a[c][j];
          }
        }
      }
    }
    double[][] inv = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], n, inv[i], 0, n);
    }
    return inv;
  }
}
