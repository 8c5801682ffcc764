package io.emcee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pools;
import io.emcee.core.model.LogProbabilityException;
import io.emcee.core.model.Model;
import io.emcee.core.moves.DEMove;
import io.emcee.core.moves.GaussianMove;
import io.emcee.core.moves.Move;
import io.emcee.core.moves.MoveContext;
import io.emcee.core.moves.RedBlueOptions;
import io.emcee.core.moves.StretchMove;
import io.emcee.core.storage.ChainBackend;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every bad input a careless or unlucky user gives gets a clear error with a stable code. */
class BadInputTest {
  private static final LogProbability GAUSSIAN =
      x -> {
        double s = 0;
        for (double v : x) {
          s += v * v;
        }
        return -0.5 * s;
      };

  private static EmceeException expect(String code, String fragment, Executable action) {
    EmceeException e = assertThrows(EmceeException.class, action);
    assertEquals(code, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().startsWith("[" + code + "] "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), () -> "missing '" + fragment + "' in: " + e);
    return e;
  }

  private static double[][] start(int nwalkers, int ndim) {
    return StretchMoveStatisticsTest.normalStart(nwalkers, ndim, 1);
  }

  private static Sampler sampler() {
    return Sampler.builder().seed(1).build();
  }

  @Test
  void tooFewWalkersForTheDimension() {
    expect(
        "EMCEE-I004",
        "needs at least 2 * ndim = 10 walkers for 5 dimensions, but the ensemble has 8",
        () -> sampler().run(new Ensemble(GAUSSIAN, start(8, 5)), 10));
  }

  @Test
  void liveDangerouslyAllowsTooFewWalkers() {
    Sampler s = new Sampler(new StretchMove(2.0, RedBlueOptions.DEFAULT.withLiveDangerously(true)));
    s.run(new Ensemble(GAUSSIAN, start(8, 5)), 5);
    assertEquals(5, s.getIteration());
  }

  @Test
  void anOddNumberOfWalkersRunsAsEmceeRunsIt() {
    Sampler s = sampler();
    s.run(new Ensemble(GAUSSIAN, start(33, 3)), 10);
    assertEquals(10, s.getIteration());
    assertEquals(33, s.getAcceptanceFraction().length);
  }

  @Test
  void anOddNumberOfWalkersStillNeedsEnoughInTheSmallestSet() {
    expect(
        "EMCEE-I004",
        "7 walkers leave 1 in the smallest",
        () -> new DEMove(1e-5, null, RedBlueOptions.DEFAULT.withNsplits(4)).validate(7, 1));
  }

  @Test
  void emptyCoordinates() {
    expect("EMCEE-I001", "empty", () -> new Ensemble(GAUSSIAN, new double[0][]));
    expect(
        "EMCEE-I001",
        "walker 0 has no coordinates",
        () -> new Ensemble(GAUSSIAN, new double[4][0]));
  }

  @Test
  void raggedCoordinates() {
    double[][] ragged = start(10, 3);
    ragged[7] = new double[2];
    expect(
        "EMCEE-I002",
        "walker 0 has 3 dimensions but walker 7 has 2",
        () -> new Ensemble(GAUSSIAN, ragged));
    double[][] withNull = start(10, 3);
    withNull[4] = null;
    expect("EMCEE-I002", "walker 4 has none (null)", () -> new Ensemble(GAUSSIAN, withNull));
  }

  @Test
  void nonFiniteStart() {
    double[][] nan = start(10, 3);
    nan[6][2] = Double.NaN;
    expect(
        "EMCEE-I003", "walker 6 starts at NaN in dimension 2", () -> new Ensemble(GAUSSIAN, nan));
    double[][] inf = start(10, 3);
    inf[1][0] = Double.NEGATIVE_INFINITY;
    expect(
        "EMCEE-I003",
        "walker 1 starts at -Infinity in dimension 0",
        () -> new Ensemble(GAUSSIAN, inf));
  }

  @Test
  void walkersThatAreNotLinearlyIndependent() {
    double[][] same = start(10, 3);
    for (double[] w : same) {
      w[1] = 2.5;
    }
    expect(
        "EMCEE-I006",
        "every walker starts at the same value 2.5 in dimension 1",
        () -> sampler().run(new Ensemble(GAUSSIAN, same), 10));

    double[][] onALine = start(10, 3);
    for (double[] w : onALine) {
      w[2] = 3 * w[0] - w[1];
    }
    expect(
        "EMCEE-I006",
        "not linearly independent",
        () -> sampler().run(new Ensemble(GAUSSIAN, onALine), 10));
    Sampler skipping = Sampler.builder().seed(1).skipInitialStateCheck(true).build();
    skipping.run(new Ensemble(GAUSSIAN, onALine), 2);
    assertEquals(2, skipping.getIteration());
  }

  @Test
  void nanLogProbabilityNamesTheWalkerAndItsCoordinates() {
    double[][] start = start(10, 2);
    LogProbability nanAtWalker3 =
        x -> x[0] == start[3][0] ? Double.NaN : GAUSSIAN.logProbability(x);
    EmceeException e =
        expect(
            "EMCEE-E002",
            "returned NaN for walker 3 at [",
            () -> sampler().run(new Ensemble(nanAtWalker3, start), 5));
    assertTrue(e.getMessage().contains("return Double.NEGATIVE_INFINITY outside the support"));
    LogProbabilityException lpe = (LogProbabilityException) e;
    assertEquals(3, lpe.getWalker());
    assertEquals(start[3][0], lpe.getCoords()[0]);
  }

  @Test
  void positiveInfiniteLogProbability() {
    double[][] start = start(10, 2);
    LogProbability infAtWalker8 =
        x -> x[1] == start[8][1] ? Double.POSITIVE_INFINITY : GAUSSIAN.logProbability(x);
    expect(
        "EMCEE-E003",
        "returned +Infinity for walker 8",
        () -> sampler().run(new Ensemble(infAtWalker8, start), 5));
  }

  @Test
  void exceptionInTheLogProbabilityNamesTheWalker() {
    double[][] start = start(10, 2);
    LogProbability throwing =
        x -> {
          if (x[0] == start[5][0]) {
            throw new ArithmeticException("negative variance");
          }
          return GAUSSIAN.logProbability(x);
        };
    expect(
        "EMCEE-E001",
        "the log-probability threw for walker 5 at [",
        () -> sampler().run(new Ensemble(throwing, start), 5));
  }

  /**
   * A failure at a proposal (not at the start) on the serial path, where proposals go to the
   * function without a copy: the error names the walker and the proposed point, and the chain keeps
   * every completed step.
   */
  @Test
  void failureAtAProposalNamesTheWalkerAndTheProposedPoint() {
    double[][] start = start(10, 2);
    for (double[] w : start) {
      w[0] = Math.max(-1, Math.min(1, w[0]));
    }
    LogProbability throwsFar =
        x -> {
          if (x[0] > 2.5) {
            throw new ArithmeticException("too far");
          }
          return GAUSSIAN.logProbability(x);
        };
    LogProbability nanFar = x -> x[0] > 2.5 ? Double.NaN : GAUSSIAN.logProbability(x);
    for (LogProbability lp : java.util.List.of(throwsFar, nanFar)) {
      Sampler s = sampler();
      EmceeException e =
          assertThrows(EmceeException.class, () -> s.run(new Ensemble(lp, start), 100_000));
      LogProbabilityException lpe = (LogProbabilityException) e;
      assertEquals(lp == throwsFar ? "EMCEE-E001" : "EMCEE-E002", e.getCode(), e.getMessage());
      assertTrue(lpe.getCoords()[0] > 2.5, "the proposed point: " + e.getMessage());
      assertTrue(e.getMessage().contains("for walker " + lpe.getWalker() + " at ["));
      assertTrue(s.getIteration() > 0 && s.getIteration() < 100_000);
      double[][][] chain = s.getCoords(0, 1);
      for (double[][] step : chain) {
        for (double[] w : step) {
          assertTrue(w[0] <= 2.5, "a stored step holds only evaluated points");
        }
      }
    }
  }

  @Test
  void everyWalkerOutsideTheSupport() {
    expect(
        "EMCEE-I009",
        "every walker starts where the log-probability is -Infinity",
        () -> sampler().run(new Ensemble(x -> Double.NEGATIVE_INFINITY, start(10, 2)), 5));
  }

  @Test
  void stepsMustBePositive() {
    expect(
        "EMCEE-I007",
        "steps = 0 but a run needs at least 1 step",
        () -> sampler().run(new Ensemble(GAUSSIAN, start(10, 2)), 0));
    expect(
        "EMCEE-I007",
        "steps = -5",
        () -> sampler().sample(new Ensemble(GAUSSIAN, start(10, 2)), -5));
  }

  @Test
  void discardAndThinOutOfRange() {
    Sampler s = sampler();
    expect("EMCEE-I011", "the chain is empty", () -> s.getCoords(0, 1));
    expect("EMCEE-I011", "the chain is empty", s::getAcceptanceFraction);
    s.run(new Ensemble(GAUSSIAN, start(10, 2)), 100);
    expect(
        "EMCEE-I008",
        "discard = 100 but the chain holds 100 steps; discard must be between 0 and 99",
        () -> s.getFlatCoords(100, 1));
    expect("EMCEE-I008", "discard = -1", () -> s.getCoords(-1, 1));
    expect("EMCEE-I008", "thin = 0 but must be at least 1", () -> s.getLogProbability(0, 0));
    expect(
        "EMCEE-I008",
        "thin = 60 selects no step from the 50 left after discarding 50",
        () -> s.getIntegratedAutocorrTime(50, 60));
    expect("EMCEE-I008", "thinBy = 0", () -> Sampler.builder().thinBy(0));
  }

  @Test
  void invalidMoveSettings() {
    expect("EMCEE-M002", "a = 0.5", () -> new StretchMove(0.5));
    expect("EMCEE-M001", "nsplits is 1", () -> RedBlueOptions.DEFAULT.withNsplits(1));
    expect(
        "EMCEE-M003",
        "is -1.0 but must be positive and finite",
        () -> Sampler.builder().move(new StretchMove(), -1));
  }

  @Test
  void ensembleOfAnotherShapeCannotExtendAChain() {
    Sampler s = sampler();
    s.run(new Ensemble(GAUSSIAN, start(10, 2)), 5);
    expect(
        "EMCEE-I010",
        "the chain holds 10 walkers x 2 dims but this ensemble has 12 walkers x 2 dims",
        () -> s.run(new Ensemble(GAUSSIAN, start(12, 2)), 5));
    expect("EMCEE-I012", "has not run yet", () -> sampler().getLastSample());
  }

  @Test
  void parameterNamesMustFitTheEnsemble() {
    expect(
        "EMCEE-I014", "distinct and non-blank", () -> Sampler.builder().parameterNames("m", "m"));
    Sampler s = Sampler.builder().seed(1).parameterNames("m", "b", "f").build();
    expect(
        "EMCEE-I014",
        "3 parameter names [m, b, f] were given but the ensemble has 2 dimensions",
        () -> s.run(new Ensemble(GAUSSIAN, start(10, 2)), 5));
  }

  @Test
  void nullArgumentsToAnEnsemble() {
    expect("EMCEE-I030", "initial coordinates are null", () -> new Ensemble(GAUSSIAN, null));
    expect(
        "EMCEE-I030",
        "log-probability (or model) is null",
        () -> new Ensemble((LogProbability) null, start(8, 2)));
    expect(
        "EMCEE-I030",
        "log-probability (or model) is null",
        () -> new Ensemble((Model) null, start(8, 2)));
  }

  @Test
  void anAssertionErrorInTheModelIsWrappedOnTheSerialPoolAsOnTheOthers() {
    LogProbability failing =
        x -> {
          if (x[0] > 0.5) {
            throw new AssertionError("model invariant broken");
          }
          return GAUSSIAN.logProbability(x);
        };
    EmceeException plain =
        expect(
            "EMCEE-E001",
            "java.lang.AssertionError: model invariant broken",
            () -> sampler().run(new Ensemble(failing, start(8, 2)), 100));
    assertTrue(plain.getMessage().contains("for walker"), plain.getMessage());
    assertTrue(plain instanceof LogProbabilityException);
    expect(
        "EMCEE-E001",
        "java.lang.AssertionError: model invariant broken",
        () ->
            sampler()
                .run(
                    Ensemble.withBlobs(
                        (x, blobs) -> {
                          blobs.set("b", 1);
                          return failing.logProbability(x);
                        },
                        List.of("b"),
                        start(8, 2)),
                    100));
  }

  @Test
  void anInMemoryRunThatCannotFitIsRefusedBeforeAllocating() {
    expect(
        "EMCEE-I033",
        "MB more on the heap",
        () -> sampler().run(new Ensemble(GAUSSIAN, start(8, 2)), Integer.MAX_VALUE));
  }

  @Test
  void anEnsembleTooLargeForOneArrayIsRefused() {
    double[] row = new double[50_000];
    for (int j = 0; j < row.length; j++) {
      row[j] = j;
    }
    double[][] coords = new double[50_000][];
    java.util.Arrays.fill(coords, row); // one shared row: the check must come before copying
    expect(
        "EMCEE-I032",
        "50000 walkers x 50000 dims = 2500000000 coordinates",
        () -> new Ensemble(GAUSSIAN, coords));
  }

  @Test
  void anEmptyFullCovarianceIsRefusedAtOnce() {
    expect("EMCEE-M010", "the covariance is empty", () -> GaussianMove.full(new double[0][0]));
  }

  @Test
  void aNullMoveIsRefused() {
    expect("EMCEE-M021", "a move is null", () -> new Sampler((Move) null));
    expect("EMCEE-M021", "the moves are null", () -> new Sampler((Move[]) null));
    expect(
        "EMCEE-M021",
        "a move is null (at position 1)",
        () -> Sampler.builder().move(new StretchMove(), 1).move(null, 1));
  }

  @Test
  void resumingWithAModelOfAnotherDimensionNamesTheDimensions() {
    ChainBackend backend = ChainBackend.inMemory();
    Sampler.builder().seed(1).backend(backend).build().run(new Ensemble(GAUSSIAN, start(8, 2)), 5);
    LogProbability threeDims = x -> -0.5 * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
    Sampler resumed = Sampler.builder().seed(1).backend(backend).build();
    expect(
        "EMCEE-I034",
        "the stored chain has 2 dimensions",
        () -> resumed.resume(threeDims, Pools.serial()));
  }

  /** Counts the steps it makes, then makes a stretch move. */
  private static final class CountingMove implements Move {
    private final StretchMove stretch = new StretchMove();
    private int count;

    @Override
    public void propose(MoveContext context) {
      count++;
      stretch.propose(context);
    }
  }

  @Test
  void twoWeightsOfTheLargestDoubleShareTheStepsEvenly() {
    CountingMove a = new CountingMove();
    CountingMove b = new CountingMove();
    Sampler s =
        Sampler.builder().seed(3).move(a, Double.MAX_VALUE).move(b, Double.MAX_VALUE).build();
    s.run(new Ensemble(GAUSSIAN, start(8, 2)), 400);
    assertEquals(400, a.count + b.count);
    // Binomial(400, 1/2): 5 standard deviations are 50 steps.
    assertEquals(200, a.count, 50, "steps of the first move");
  }

  @Test
  void aContinuedChainIsNotCheckedAgainButANewStartIs() {
    // Walkers on the line y = 2x: a stretch move keeps them on it, so every later state is
    // degenerate too.
    double[][] line = new double[8][];
    for (int w = 0; w < 8; w++) {
      line[w] = new double[] {0.1 * w, 0.2 * w};
    }
    ChainBackend backend = ChainBackend.inMemory();
    Sampler.builder()
        .seed(1)
        .backend(backend)
        .skipInitialStateCheck(true)
        .build()
        .run(new Ensemble(GAUSSIAN, line), 3);
    Sampler checking = Sampler.builder().seed(1).backend(backend).build();
    checking.run(checking.resume(GAUSSIAN, Pools.serial()), 2);
    checking.run(2);
    assertEquals(7, checking.getIteration());
    double[][] otherLine = new double[8][];
    for (int w = 0; w < 8; w++) {
      otherLine[w] = new double[] {0.3 * w, 0.6 * w};
    }
    expect(
        "EMCEE-I006",
        "not linearly independent",
        () -> checking.run(new Ensemble(GAUSSIAN, otherLine), 2));
  }

  @Test
  void aMoveThatEvaluatesTooFewCoordinatesIsToldWhatItGave() {
    Move shortArray = ctx -> ctx.evaluate(new double[3], new int[] {0, 1}, 2);
    expect(
        "EMCEE-M022",
        "2 proposals with 3 coordinates",
        () -> new Sampler(shortArray).run(new Ensemble(GAUSSIAN, start(8, 2)), 1));
    Move badWalker = ctx -> ctx.evaluate(new double[2], new int[] {8}, 1);
    expect(
        "EMCEE-M022",
        "walker 8, but the walkers are 0 to 7",
        () -> new Sampler(badWalker).run(new Ensemble(GAUSSIAN, start(8, 2)), 1));
  }
}
