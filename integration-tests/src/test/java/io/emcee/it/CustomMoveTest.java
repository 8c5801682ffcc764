package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.moves.Move;
import io.emcee.core.moves.MoveContext;
import io.emcee.core.moves.RedBlueMove;
import io.emcee.core.moves.RedBlueOptions;
import io.emcee.core.moves.Split;
import io.emcee.core.moves.StretchMove;
import io.emcee.core.random.RandomStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Moves written outside the library, as a user writes them, against the public move contract. */
class CustomMoveTest {
  private static final LogProbability GAUSSIAN =
      x -> {
        double s = 0;
        for (double v : x) {
          s += v * v;
        }
        return -0.5 * s;
      };

  /** A Gaussian random-walk Metropolis move for every walker at once, on MoveContext alone. */
  static final class RandomWalk implements Move {
    private final double scale;
    private double[] proposals = new double[0];
    private int[] walkers = new int[0];

    RandomWalk(double scale) {
      this.scale = scale;
    }

    @Override
    public void propose(MoveContext ctx) {
      int n = ctx.getWalkerCount();
      int ndim = ctx.getDimension();
      if (walkers.length != n) { // buffers once per shape, not per step
        proposals = new double[n * ndim];
        walkers = new int[n];
        for (int w = 0; w < n; w++) {
          walkers[w] = w;
        }
      }
      RandomStream random = ctx.getRandom();
      ctx.copyCoords(proposals);
      for (int i = 0; i < n * ndim; i++) {
        proposals[i] += scale * random.nextGaussian();
      }
      ctx.evaluate(proposals, walkers, n);
      for (int w = 0; w < n; w++) {
        double delta = ctx.getProposalLogProbability(w) - ctx.getLogProbability(w);
        if (Math.log(random.nextDouble()) < delta) {
          ctx.accept(w, w);
        }
      }
    }

    @Override
    public String describe() {
      return "RandomWalk(scale=" + scale + ")";
    }
  }

  /** The stretch move written again outside the library, with the serial fast path. */
  static final class MyStretch extends RedBlueMove {
    MyStretch() {
      super(RedBlueOptions.DEFAULT);
    }

    @Override
    protected boolean propose(
        Split split, RandomStream random, double[] proposals, double[] factors) {
      double[] coords = split.getCoords();
      int ndim = split.getDimension();
      double[][] rows = split.proposalRows();
      for (int k = 0; k < split.getActiveCount(); k++) {
        double root = random.nextDouble() + 1; // a = 2
        double z = root * root * 0.5;
        factors[k] = z;
        int x = split.getActive(k) * ndim;
        int c = split.getComplement(random.nextInt(split.getComplementCount())) * ndim;
        double[] target = rows != null ? rows[k] : proposals;
        int q = rows != null ? 0 : k * ndim;
        for (int j = 0; j < ndim; j++) {
          double cj = coords[c + j];
          target[q + j] = cj - (cj - coords[x + j]) * z;
        }
      }
      return true;
    }

    @Override
    protected int ratioPower(int ndim) {
      return ndim - 1;
    }

    @Override
    protected boolean writesRows() {
      return true;
    }
  }

  private static double[][] start(int nwalkers, int ndim) {
    Random r = new Random(3);
    double[][] start = new double[nwalkers][ndim];
    for (double[] w : start) {
      for (int j = 0; j < ndim; j++) {
        w[j] = r.nextGaussian();
      }
    }
    return start;
  }

  @Test
  void aRandomWalkWrittenOnThePublicContextSamplesAGaussian() {
    Sampler sampler = Sampler.builder().seed(11).move(new RandomWalk(1.0), 1.0).build();
    sampler.run(new Ensemble(GAUSSIAN, start(32, 2)), 3000);
    double[][] flat = sampler.getFlatCoords(500, 1);
    double[] tau = sampler.getIntegratedAutocorrTime(500, 1);
    for (int d = 0; d < 2; d++) {
      double mean = 0;
      double ss = 0;
      for (double[] x : flat) {
        mean += x[d];
        ss += x[d] * x[d];
      }
      mean /= flat.length;
      double variance = ss / flat.length - mean * mean;
      double effective = flat.length / tau[d];
      assertEquals(0, mean, 5 / Math.sqrt(effective), "mean of x" + d);
      assertEquals(1, variance, 5 * Math.sqrt(2 / effective), "variance of x" + d);
    }
    double acceptance = sampler.getSummary(500, 1).meanAcceptance();
    assertTrue(acceptance > 0.2 && acceptance < 0.8, "acceptance " + acceptance);
    assertEquals("RandomWalk(scale=1.0) weight 1.0", sampler.getBackend().getMetadata().moves());
  }

  @Test
  void aUsersRedBlueMoveGetsTheSerialFastPathAndTheBuiltInChain() {
    Sampler builtIn = Sampler.builder().seed(5).move(new StretchMove(2.0), 1.0).build();
    Sampler mine = Sampler.builder().seed(5).move(new MyStretch(), 1.0).build();
    builtIn.run(new Ensemble(GAUSSIAN, start(16, 4)), 200);
    mine.run(new Ensemble(GAUSSIAN, start(16, 4)), 200);
    double[][] expected = builtIn.getFlatCoords();
    double[][] actual = mine.getFlatCoords();
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], 0.0, "sample " + i);
    }
  }
}
