package io.emcee.core.moves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.Stats;
import io.emcee.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * Our snooker update samples the target; the update of emcee 3.1.4–3.1.6 (fixed upstream by dfm/
 * emcee PR #531) does not. The faulty update, reproduced here only as a test fixture, also shows
 * that the statistics checks of {@link MoveStatisticsTest} catch a subtly wrong move.
 */
class SnookerRegressionTest {

  /** emcee 3.1.4's snooker: divides by sqrt|x - z| and halves the exponent of the factor. */
  static final class Emcee314Snooker extends RedBlueMove {
    Emcee314Snooker() {
      super(RedBlueOptions.DEFAULT.withNsplits(4));
    }

    @Override
    protected boolean propose(Split split, RandomStream random, double[] q, double[] factors) {
      double[] c = split.getCoords();
      int d = split.getDimension();
      int[] p = new int[3];
      for (int k = 0; k < split.getActiveCount(); k++) {
        for (int j = 0; j < 3; j++) {
          p[j] = split.getSetMember(j, random.nextInt(split.getSetSize(j))) * d;
        }
        for (int i = 2; i > 0; i--) {
          int j = random.nextInt(i + 1);
          int t = p[i];
          p[i] = p[j];
          p[j] = t;
        }
        int x = split.getActive(k) * d;
        double norm = 0;
        for (int j = 0; j < d; j++) {
          norm += (c[x + j] - c[p[0] + j]) * (c[x + j] - c[p[0] + j]);
        }
        norm = Math.sqrt(norm);
        double proj = 0;
        for (int j = 0; j < d; j++) {
          proj += (c[x + j] - c[p[0] + j]) / Math.sqrt(norm) * (c[p[1] + j] - c[p[2] + j]);
        }
        double dist = 0;
        for (int j = 0; j < d; j++) {
          double u = (c[x + j] - c[p[0] + j]) / Math.sqrt(norm);
          q[k * d + j] = c[x + j] + 1.7 * proj * u;
          dist += (q[k * d + j] - c[p[0] + j]) * (q[k * d + j] - c[p[0] + j]);
        }
        factors[k] = 0.5 * (d - 1.0) * (0.5 * Math.log(dist) - Math.log(norm));
      }
      return false;
    }
  }

  private static double meanVariance(Move move) {
    Target t = Target.standardNormal(5, 40);
    Sampler sampler = Sampler.builder().seed(99).moves(move).build();
    sampler.run(new Ensemble(t.logProbability(), t.start()), 20000);
    double[][] flat = sampler.getFlatCoords(2000, 1);
    double v = 0;
    for (int d = 0; d < 5; d++) {
      v += Stats.variance(flat, d);
    }
    return v / 5;
  }

  @Test
  void ourSnookerHasTheTargetsVarianceAndEmcee314sIsTooNarrow() {
    double ours = meanVariance(new DESnookerMove());
    double emcee314 = meanVariance(new Emcee314Snooker());
    assertEquals(1.0, ours, 0.1, "variance of N(0, I) under our snooker");
    // Standard deviations about 0.82 of the target's, as reported with PR #531.
    double widthRatio = Math.sqrt(emcee314);
    System.out.println("snooker variance ours " + ours + ", emcee 3.1.4 width ratio " + widthRatio);
    assertTrue(widthRatio < 0.9, "emcee 3.1.4's snooker width ratio " + widthRatio);
  }
}
