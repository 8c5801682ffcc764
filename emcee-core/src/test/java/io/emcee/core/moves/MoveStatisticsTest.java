package io.emcee.core.moves;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.Stats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * emcee's statistical tests, for every move: N(0, 1) in 1-D, N(0, I) in 3-D, a uniform box and a
 * correlated 5-D Gaussian. With fixed seeds, each case checks the mean of every coordinate within 4
 * standard errors (counting the integrated autocorrelation time), the covariance within 10 % (of
 * {@code sqrt(C_ii C_jj)}), each marginal within KS distance 0.05 after thinning by tau, and the
 * acceptance fraction of every walker within emcee's range for the move. The red-blue moves run
 * again with odd walker counts (25 and 51), whose sets differ in size by one.
 */
class MoveStatisticsTest {

  private record Case(
      String move,
      Supplier<Sampler.Builder> sampler,
      Target target,
      int steps,
      double minAcceptance,
      double maxAcceptance) {
    @Override
    public String toString() {
      return move + " on " + target.name();
    }
  }

  private static Supplier<Sampler.Builder> moves(Move... moves) {
    return () -> Sampler.builder().moves(moves);
  }

  static Stream<Arguments> cases() {
    List<Case> cases = new ArrayList<>();
    // Red-blue moves: every target, 32 walkers (64 for the KDE move, which needs many).
    Object[][] redBlue = {
      {"StretchMove", moves(new StretchMove()), 32},
      {"WalkMove", moves(new WalkMove()), 32},
      {"WalkMove(s=4)", moves(new WalkMove(4)), 32},
      {"DEMove", moves(new DEMove()), 32},
      {"DESnookerMove", moves(new DESnookerMove()), 32},
      {"KDEMove", moves(new KDEMove()), 64},
      {"KDEMove(callable 0.8 Scott)", moves(new KDEMove(data -> 0.8 * data.scottFactor())), 64},
      {
        "DEMove 0.8 + DESnookerMove 0.2",
        (Supplier<Sampler.Builder>)
            () -> Sampler.builder().move(new DEMove(), 0.8).move(new DESnookerMove(), 0.2),
        32
      },
    };
    for (Object[] m : redBlue) {
      String name = (String) m[0];
      @SuppressWarnings("unchecked")
      Supplier<Sampler.Builder> sampler = (Supplier<Sampler.Builder>) m[1];
      int nwalkers = (int) m[2];
      cases.add(new Case(name, sampler, Target.standardNormal(1, nwalkers), 4000, 0.1, 0.9));
      cases.add(new Case(name, sampler, Target.standardNormal(3, nwalkers), 6000, 0.1, 0.9));
      cases.add(new Case(name, sampler, Target.uniformBox(2, nwalkers), 4000, 0.1, 0.9));
      cases.add(new Case(name, sampler, Target.correlatedGaussian(nwalkers), 10000, 0.05, 0.9));
    }
    // Odd walker counts, split as emcee splits them (13 + 12 and 26 + 25 for two sets; 7 + 6 + 6 +
    // 6 and 13 + 13 + 13 + 12 for the snooker's four): the same checks as for even counts.
    Object[][] odd = {
      {"StretchMove", moves(new StretchMove())},
      {
        "StretchMove(nsplits=3, in walker order)",
        moves(new StretchMove(2, RedBlueOptions.DEFAULT.withNsplits(3).withRandomizeSplit(false)))
      },
      {"WalkMove", moves(new WalkMove())},
      {"DEMove", moves(new DEMove())},
      {"DESnookerMove", moves(new DESnookerMove())},
      {"KDEMove", moves(new KDEMove())},
      {
        "DEMove 0.8 + DESnookerMove 0.2",
        (Supplier<Sampler.Builder>)
            () -> Sampler.builder().move(new DEMove(), 0.8).move(new DESnookerMove(), 0.2)
      },
    };
    for (Object[] m : odd) {
      @SuppressWarnings("unchecked")
      Supplier<Sampler.Builder> sampler = (Supplier<Sampler.Builder>) m[1];
      cases.add(
          new Case(m[0] + ", 25 walkers", sampler, Target.standardNormal(3, 25), 8000, 0.1, 0.9));
      cases.add(
          new Case(m[0] + ", 51 walkers", sampler, Target.correlatedGaussian(51), 8000, 0.05, 0.9));
    }
    // Metropolis moves: emcee's Gaussian proposals (variance 0.5) on the normal and uniform
    // targets in every mode, and a full covariance matched to the correlated target.
    for (GaussianMove.Mode mode : GaussianMove.Mode.values()) {
      cases.add(
          new Case(
              "GaussianMove(0.5, " + mode + ")",
              moves(GaussianMove.isotropic(0.5).withMode(mode)),
              Target.standardNormal(3, 32),
              8000,
              0.1,
              0.95));
      cases.add(
          new Case(
              "GaussianMove(diagonal 0.5, " + mode + ", factor 2)",
              moves(GaussianMove.diagonal(0.5, 0.5, 0.5).withMode(mode).withFactor(2)),
              Target.standardNormal(3, 32),
              8000,
              0.1,
              0.95));
    }
    cases.add(
        new Case(
            "GaussianMove(0.5)",
            moves(GaussianMove.isotropic(0.5)),
            Target.uniformBox(1, 32),
            4000,
            0.1,
            0.9));
    Target correlated = Target.correlatedGaussian(32);
    double[][] scaled = new double[5][5];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        scaled[i][j] = correlated.covariance()[i][j] * 2.38 * 2.38 / 5;
      }
    }
    cases.add(
        new Case(
            "GaussianMove(full, tuned)",
            moves(GaussianMove.full(scaled)),
            correlated,
            12000,
            0.1,
            0.9));
    cases.add(
        new Case(
            "MHMove(user random walk)",
            moves(
                new MHMove(
                    (x, n, ndim, rng, q, f) -> {
                      for (int i = 0; i < n * ndim; i++) {
                        q[i] = x[i] + 0.8 * rng.nextGaussian();
                      }
                    })),
            Target.standardNormal(1, 32),
            4000,
            0.1,
            0.9));
    return cases.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void samplesTheTarget(Case c) {
    Target t = c.target();
    Sampler sampler = c.sampler().get().seed(1234).build();
    sampler.run(new Ensemble(t.logProbability(), t.start()), c.steps());
    String where = c.toString();

    double[] acceptance = sampler.getAcceptanceFraction();
    for (double a : acceptance) {
      assertTrue(
          a > c.minAcceptance() && a < c.maxAcceptance(),
          where + ": acceptance " + Arrays.toString(acceptance));
    }

    int discard = c.steps() / 10;
    double[] tau = sampler.getIntegratedAutocorrTime(discard, 1);
    double[][] flat = sampler.getFlatCoords(discard, 1);
    double[][] cov = t.covariance();
    for (int i = 0; i < t.ndim(); i++) {
      double mean = Stats.mean(flat, i);
      double standardError = Math.sqrt(cov[i][i] * tau[i] / flat.length);
      double m = mean - t.mean()[i];
      assertTrue(
          Math.abs(m) < 4 * standardError,
          where + ", dim " + i + ": mean off by " + m + ", standard error " + standardError);
      for (int j = 0; j <= i; j++) {
        double scale = Math.sqrt(cov[i][i] * cov[j][j]);
        double diff = Stats.covariance(flat, i, j) - cov[i][j];
        assertTrue(
            Math.abs(diff) < 0.1 * scale,
            where + ": covariance[" + i + "][" + j + "] off by " + diff / scale + " of scale");
      }
    }

    int thin = (int) Math.ceil(Arrays.stream(tau).max().orElseThrow());
    double[][] thinned = sampler.getFlatCoords(discard, thin);
    for (int i = 0; i < t.ndim(); i++) {
      double ks = Stats.ksDistance(Stats.column(thinned, i), t.marginalCdf()[i]);
      assertTrue(
          ks < 0.05, where + ", dim " + i + ": KS distance " + ks + " over " + thinned.length);
    }
  }
}
