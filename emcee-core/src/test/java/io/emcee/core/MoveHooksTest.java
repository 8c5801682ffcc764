package io.emcee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.api.Pools;
import io.emcee.core.model.Model;
import io.emcee.core.moves.Move;
import io.emcee.core.moves.MoveContext;
import io.emcee.core.moves.RedBlueMove;
import io.emcee.core.moves.RedBlueOptions;
import io.emcee.core.moves.Split;
import io.emcee.core.moves.StretchMove;
import io.emcee.core.random.RandomStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * emcee's move hooks: {@code tune} after each step of a run that tunes (and never otherwise), with
 * the step's accepted walkers; {@code setup} at the start of every red-blue step, before the split,
 * with the walkers' current state. Modelled on emcee's proposal tests, which tune a move for {@code
 * ntune} steps, reset, and then check the chain's statistics.
 */
class MoveHooksTest {
  private static final LogProbability NORMAL =
      x -> {
        double s = 0;
        for (double v : x) {
          s += v * v;
        }
        return -0.5 * s;
      };

  /** A context as the sampler makes one, on {@code start}, with its step loop. */
  private static LiveContext context(double[][] start, long seed) {
    int n = start.length;
    int d = start[0].length;
    LiveContext ctx =
        new LiveContext(Model.of(NORMAL, Pools.serial()), List.of(), n, d, new RandomStream(seed));
    for (int w = 0; w < n; w++) {
      System.arraycopy(start[w], 0, ctx.coords(), w * d, d);
    }
    ctx.evaluateCurrent();
    return ctx;
  }

  private static void steps(LiveContext ctx, Move move, int steps) {
    for (int k = 0; k < steps; k++) {
      Arrays.fill(ctx.acceptedFlags(), false);
      ctx.setStepIndex(k);
      ctx.step(move);
    }
  }

  /** Records what tune sees: which walkers moved in the step, as their coordinates tell. */
  private static final class Recording implements Move {
    private final Move inner = new StretchMove();
    final List<Long> tunedSteps = new ArrayList<>();
    int mismatches;
    private double[] before = new double[0];
    private double[] after = new double[0];

    @Override
    public void propose(MoveContext ctx) {
      int size = ctx.getWalkerCount() * ctx.getDimension();
      if (before.length != size) {
        before = new double[size];
        after = new double[size];
      }
      ctx.copyCoords(before);
      inner.propose(ctx);
    }

    @Override
    public void tune(MoveContext ctx) {
      tunedSteps.add(ctx.getStepIndex());
      ctx.copyCoords(after);
      int d = ctx.getDimension();
      for (int w = 0; w < ctx.getWalkerCount(); w++) {
        boolean moved = !Arrays.equals(before, w * d, (w + 1) * d, after, w * d, (w + 1) * d);
        mismatches += moved == ctx.isAccepted(w) ? 0 : 1;
      }
    }
  }

  @Test
  void tuneFollowsEveryStepWithTheWalkersThatMovedWhenTheRunTunes() {
    LiveContext ctx = context(StretchMoveStatisticsTest.normalStart(20, 3, 4), 5);
    Recording move = new Recording();
    ctx.setTuning(true);
    steps(ctx, move, 50);
    List<Long> expected = new ArrayList<>();
    for (long k = 0; k < 50; k++) {
      expected.add(k);
    }
    assertEquals(expected, move.tunedSteps);
    assertEquals(0, move.mismatches, "walkers whose isAccepted disagrees with their move");
  }

  @Test
  void tuneIsNeverCalledWhenTheRunDoesNotTune() {
    LiveContext ctx = context(StretchMoveStatisticsTest.normalStart(20, 3, 4), 5);
    Recording move = new Recording();
    steps(ctx, move, 20);
    assertEquals(List.of(), move.tunedSteps);

    Recording inSampler = new Recording();
    Sampler sampler = Sampler.builder().seed(3).move(inSampler, 1).build();
    sampler.run(new Ensemble(NORMAL, StretchMoveStatisticsTest.normalStart(20, 3, 4)), 20);
    assertEquals(List.of(), inSampler.tunedSteps, "a sampler's run does not tune by default");
  }

  @Test
  void aMoveThatDoesNotTuneMakesTheSameChainWithTuningOn() {
    double[][] start = StretchMoveStatisticsTest.normalStart(20, 3, 4);
    LiveContext plain = context(start, 9);
    steps(plain, new StretchMove(), 30);
    LiveContext tuning = context(start, 9);
    tuning.setTuning(true);
    steps(tuning, new StretchMove(), 30);
    assertArrayEquals(plain.coords(), tuning.coords());
    assertArrayEquals(plain.logProbabilities(), tuning.logProbabilities());
  }

  /**
   * A Gaussian random walk whose scale tunes itself towards an acceptance of 0.35 (a Robbins-Monro
   * step on its logarithm), started far too wide.
   */
  private static final class AdaptiveWalk implements Move {
    double scale = 50;
    private int tuned;
    private double[] q = new double[0];
    private int[] rows = new int[0];

    @Override
    public void propose(MoveContext ctx) {
      int n = ctx.getWalkerCount();
      int d = ctx.getDimension();
      if (rows.length != n) {
        q = new double[n * d];
        rows = java.util.stream.IntStream.range(0, n).toArray();
      }
      ctx.copyCoords(q);
      for (int i = 0; i < n * d; i++) {
        q[i] += scale * ctx.getRandom().nextGaussian();
      }
      ctx.evaluate(q, rows, n);
      for (int w = 0; w < n; w++) {
        double delta = ctx.getProposalLogProbability(w) - ctx.getLogProbability(w);
        if (Math.log(ctx.getRandom().nextDouble()) < delta) {
          ctx.accept(w, w);
        }
      }
    }

    @Override
    public void tune(MoveContext ctx) {
      int moved = 0;
      for (int w = 0; w < ctx.getWalkerCount(); w++) {
        moved += ctx.isAccepted(w) ? 1 : 0;
      }
      double share = moved / (double) ctx.getWalkerCount();
      scale *= Math.exp((share - 0.35) / Math.sqrt(++tuned));
    }

    @Override
    public String describe() {
      return "AdaptiveWalk(scale=" + scale + ")";
    }
  }

  /**
   * emcee's {@code _test_normal} with a move that has {@code ntune}: tune for 2000 steps, then
   * sample N(0, 1) with the tuned move and check the acceptance, the mean within 4 standard errors
   * (counting tau), the variance within 5 % and the KS distance of the thinned chain.
   */
  @Test
  void aTunedMoveSamplesTheTarget() {
    double[][] start = StretchMoveStatisticsTest.normalStart(32, 1, 1234);
    AdaptiveWalk move = new AdaptiveWalk();
    LiveContext ctx = context(start, 1234);
    ctx.setTuning(true);
    steps(ctx, move, 2000);
    double tuned = move.scale;
    assertTrue(tuned > 1 && tuned < 5, "tuned scale " + tuned);

    Sampler sampler = Sampler.builder().seed(1234).move(move, 1).build();
    double[][] from = new double[32][1];
    for (int w = 0; w < 32; w++) {
      from[w][0] = ctx.getCoordinate(w, 0);
    }
    sampler.run(new Ensemble(NORMAL, from), 4000);
    assertEquals(tuned, move.scale, "no tuning in a run that does not tune");

    double[] acceptance = sampler.getAcceptanceFraction();
    double overall = Arrays.stream(acceptance).average().orElseThrow();
    assertTrue(overall > 0.3 && overall < 0.4, "acceptance " + overall + " after tuning");
    for (double a : acceptance) {
      assertTrue(a > 0.1 && a < 0.9, "acceptance " + Arrays.toString(acceptance));
    }
    double[] tau = sampler.getIntegratedAutocorrTime(0, 1);
    double[][] flat = sampler.getFlatCoords(0, 1);
    double mean = Stats.mean(flat, 0);
    double se = Math.sqrt(tau[0] / flat.length);
    assertTrue(Math.abs(mean) < 4 * se, "mean " + mean + ", standard error " + se);
    assertTrue(Math.abs(Stats.variance(flat, 0) - 1) < 0.05, "variance " + Stats.variance(flat, 0));
    double[][] thinned = sampler.getFlatCoords(0, (int) Math.ceil(tau[0]));
    double ks = Stats.ksDistance(Stats.column(thinned, 0), Stats::normalCdf);
    assertTrue(ks < 0.05, "KS distance " + ks + " over " + thinned.length);
  }

  /** Records setup's calls and checks that each step's proposals come after its setup. */
  private static final class SetupRecording extends RedBlueMove {
    final List<double[]> seen = new ArrayList<>();
    int halfStepsWithoutSetup;
    private int halfSteps;

    SetupRecording() {
      super(RedBlueOptions.DEFAULT);
    }

    @Override
    protected void setup(MoveContext ctx) {
      double[] coords = new double[ctx.getWalkerCount() * ctx.getDimension()];
      ctx.copyCoords(coords);
      seen.add(coords);
      halfSteps = 0;
    }

    @Override
    protected boolean propose(
        Split split, RandomStream random, double[] proposals, double[] factors) {
      halfStepsWithoutSetup += ++halfSteps > 2 ? 1 : 0;
      double[] x = split.getCoords();
      int d = split.getDimension();
      for (int k = 0; k < split.getActiveCount(); k++) {
        int w = split.getActive(k) * d;
        for (int j = 0; j < d; j++) {
          proposals[k * d + j] = x[w + j] + 0.5 * random.nextGaussian();
        }
        factors[k] = 0;
      }
      return false;
    }
  }

  @Test
  void setupSeesTheEnsembleAtTheStartOfEveryRedBlueStep() {
    SetupRecording move = new SetupRecording();
    Sampler sampler = Sampler.builder().seed(8).move(move, 1).build();
    double[][] start = StretchMoveStatisticsTest.normalStart(25, 2, 6);
    sampler.run(new Ensemble(NORMAL, start), 12);
    assertEquals(12, move.seen.size(), "one setup per step");
    assertEquals(0, move.halfStepsWithoutSetup, "a step's two half-steps follow its setup");
    double[][][] chain = sampler.getCoords();
    for (int step = 0; step < 12; step++) {
      double[][] expected = step == 0 ? start : chain[step - 1];
      double[] flat = new double[25 * 2];
      for (int w = 0; w < 25; w++) {
        System.arraycopy(expected[w], 0, flat, w * 2, 2);
      }
      assertArrayEquals(flat, move.seen.get(step), "the ensemble before step " + step);
    }
  }
}
