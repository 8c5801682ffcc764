package io.emcee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.core.model.LogProbabilityException;
import io.emcee.core.storage.FileBackend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-run options, runs that store nothing and runs without a step count, after emcee's {@code
 * test_sampler.py} ({@code test_thin_by}, {@code test_restart}, {@code test_infinite_iterations}).
 */
class RunOptionsTest {
  private static final int NWALKERS = 16;
  private static final int NDIM = 3;
  private static final RunOptions NO_STORE = RunOptions.DEFAULT.withStore(false);

  @TempDir Path dir;

  private static double gaussian(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return -0.5 * s;
  }

  private static Ensemble start() {
    return new Ensemble(
        RunOptionsTest::gaussian, StretchMoveStatisticsTest.normalStart(NWALKERS, NDIM, 3));
  }

  private static Sampler seeded(long seed) {
    return Sampler.builder().seed(seed).build();
  }

  @Test
  void aRunThatStoresNothingLeavesTheIterationAtZeroAndMovesTheEnsemble() {
    Sampler s = seeded(1);
    Ensemble e = start();
    Ensemble after = s.run(e, 10, NO_STORE);
    assertEquals(0, s.getIteration());
    assertFalse(Arrays.deepEquals(e.getCoords(), after.getCoords()));
    assertTrue(Arrays.deepEquals(after.getCoords(), s.getLastSample().getCoords()));
    assertEquals("EMCEE-I011", assertThrows(EmceeException.class, s::getCoords).getCode());
    assertEquals(
        "EMCEE-I011", assertThrows(EmceeException.class, s::getAcceptanceFraction).getCode());
    s.run(10); // emcee's run_mcmc(None, 10) after a run with store=False
    assertEquals(10, s.getIteration());
  }

  @Test
  void burnInWithoutStoringGivesTheChainOfBurnInThenReset() {
    Sampler a = seeded(2);
    a.run(start(), 40, NO_STORE);
    a.run(a.getLastSample(), 30);

    Sampler b = seeded(2);
    b.run(start(), 40);
    b.reset();
    b.run(b.getLastSample(), 30);

    assertEquals(30, a.getIteration());
    assertTrue(Arrays.deepEquals(b.getCoords(), a.getCoords()));
    assertTrue(Arrays.deepEquals(b.getLogProbability(), a.getLogProbability()));
    assertArrayEquals(b.getAcceptanceFraction(), a.getAcceptanceFraction());
  }

  @Test
  void unstoredStepsBetweenStoredRunsChangeNeitherTheChainNorItsAcceptance() {
    Sampler s = seeded(3);
    s.run(start(), 20);
    double[][][] chain = s.getCoords();
    double[] acceptance = s.getAcceptanceFraction();
    Ensemble moved = s.run(s.getLastSample(), 15, NO_STORE);
    assertEquals(20, s.getIteration());
    assertTrue(Arrays.deepEquals(chain, s.getCoords()));
    assertArrayEquals(acceptance, s.getAcceptanceFraction());
    s.run(moved, 5);
    assertEquals(25, s.getIteration());
    assertTrue(Arrays.deepEquals(chain, Arrays.copyOf(s.getCoords(), 20)));
  }

  @Test
  void sampleWithoutAStepCountStopsWhenTheLoopDoes() {
    Sampler endless = seeded(4);
    int n = 0;
    for (Step step : endless.sample(start())) {
      n++;
      assertEquals(n, step.getIteration());
      if (n == 25) {
        break;
      }
    }
    assertEquals(25, endless.getIteration());
    Sampler counted = seeded(4);
    counted.run(start(), 25);
    assertTrue(Arrays.deepEquals(counted.getCoords(), endless.getCoords()));
    assertArrayEquals(counted.getAcceptanceFraction(), endless.getAcceptanceFraction());
    // the loop that stopped released the sampler: it continues as any sampler
    endless.run(5);
    counted.run(5);
    assertTrue(Arrays.deepEquals(counted.getCoords(), endless.getCoords()));
  }

  @Test
  void sampleWithoutAStepCountOrStoringIsEmceesInfiniteIteration() {
    Sampler s = seeded(5);
    int n = 0;
    double[] last = null;
    for (Step step : s.sample(start(), NO_STORE)) {
      assertEquals(0, step.getIteration());
      last = step.getLogProbability();
      if (++n == 10) {
        break;
      }
    }
    assertEquals(0, s.getIteration());
    assertArrayEquals(last, s.getLastSample().getLogProbability());
  }

  @Test
  void anEndlessRunIntoAChainFileLeavesEveryYieldedStepInTheFile() {
    Path file = dir.resolve("endless.chain");
    try (FileBackend chain = FileBackend.open(file, FileBackend.Options.DEFAULT)) {
      Sampler s = Sampler.builder().seed(6).backend(chain).build();
      int n = 0;
      for (Step step : s.sample(start())) {
        if (++n == 37) {
          break;
        }
      }
    }
    Sampler reference = seeded(6);
    reference.run(start(), 37);
    try (FileBackend stored = FileBackend.openReadOnly(file)) {
      Chain chain = Chain.of(stored);
      assertEquals(37, chain.getIteration());
      assertTrue(Arrays.deepEquals(reference.getCoords(), chain.getCoords()));
      assertArrayEquals(reference.getAcceptanceFraction(), chain.getAcceptanceFraction());
    }
  }

  @Test
  void thinByPerRunStoresEveryNthStepOfTheUnthinnedChain() {
    int steps = 25;
    int thinBy = 3;
    Sampler every = seeded(7);
    every.run(start(), steps * thinBy);
    Sampler thinned = seeded(7);
    thinned.run(start(), steps, RunOptions.DEFAULT.withThinBy(thinBy));
    assertEquals(steps, thinned.getIteration());
    assertTrue(Arrays.deepEquals(every.getCoords(0, thinBy), thinned.getCoords()));
    assertTrue(Arrays.deepEquals(every.getLogProbability(0, thinBy), thinned.getLogProbability()));
    // the builder's thinBy is the default of runs given no options
    Sampler built = Sampler.builder().seed(7).thinBy(thinBy).build();
    built.run(start(), steps);
    assertTrue(Arrays.deepEquals(thinned.getCoords(), built.getCoords()));
    assertEquals(thinBy, built.getRunOptions().thinBy());
  }

  @Test
  void theInitialStateCheckCanBeSkippedForOneRun() {
    double[][] same = new double[NWALKERS][NDIM]; // all walkers at one point: dependent
    for (double[] row : same) {
      Arrays.fill(row, 0.5);
    }
    Sampler s = seeded(8);
    Ensemble e = new Ensemble(RunOptionsTest::gaussian, same);
    assertThrows(EmceeException.class, () -> s.run(e, 2));
    s.run(e, 2, s.getRunOptions().withSkipInitialStateCheck(true));
    assertEquals(2, s.getIteration());
  }

  @Test
  void aFailingStepOfARunThatStoresNothingRollsBackToTheLastCompletedStep() {
    int good = 7;
    AtomicInteger calls = new AtomicInteger();
    // the start costs NWALKERS calls, each step NWALKERS (two halves of NWALKERS / 2)
    int limit = NWALKERS * (1 + good) + NWALKERS / 2;
    Ensemble failing =
        new Ensemble(
            x -> {
              if (calls.incrementAndGet() == limit + 1) { // fails once
                throw new IllegalStateException("model down");
              }
              return gaussian(x);
            },
            StretchMoveStatisticsTest.normalStart(NWALKERS, NDIM, 3));
    Sampler s = seeded(9);
    assertThrows(LogProbabilityException.class, () -> s.run(failing, 20, NO_STORE));
    Sampler reference = seeded(9);
    Ensemble expected = reference.run(start(), good, NO_STORE);
    assertTrue(Arrays.deepEquals(expected.getCoords(), s.getLastSample().getCoords()));
    // and the random stream is where the reference's is: both go on to the same chain
    s.run(s.getLastSample(), 5);
    reference.run(reference.getLastSample(), 5);
    assertTrue(Arrays.deepEquals(reference.getCoords(), s.getCoords()));
  }

  /** A stretch move that counts the calls of its tune hook. */
  private static final class CountingTune implements io.emcee.core.moves.Move {
    private final io.emcee.core.moves.StretchMove stretch = new io.emcee.core.moves.StretchMove();
    int tuned;

    @Override
    public void propose(io.emcee.core.moves.MoveContext context) {
      stretch.propose(context);
    }

    @Override
    public void tune(io.emcee.core.moves.MoveContext context) {
      tuned++;
    }

    @Override
    public String describe() {
      return "CountingTune";
    }
  }

  @Test
  void movesTuneOnlyInRunsWhoseOptionsSaySo() {
    CountingTune move = new CountingTune();
    Sampler s = Sampler.builder().seed(11).move(move, 1).build();
    s.run(start(), 4);
    assertEquals(0, move.tuned);
    s.run(s.getLastSample(), 5, s.getRunOptions().withTune(true).withThinBy(2));
    assertEquals(10, move.tuned, "once per move, thinned moves included");
    s.run(s.getLastSample(), 3, s.getRunOptions().withTune(true).withStore(false));
    assertEquals(13, move.tuned);
    s.run(s.getLastSample(), 2);
    assertEquals(13, move.tuned);
  }

  @Test
  void badOptionsAreRefusedWithTheirCode() {
    assertEquals(
        "EMCEE-I008",
        assertThrows(EmceeException.class, () -> RunOptions.DEFAULT.withThinBy(0)).getCode());
    Sampler s = seeded(10);
    assertEquals(
        "EMCEE-I007",
        assertThrows(EmceeException.class, () -> s.sample(start(), 0, RunOptions.DEFAULT))
            .getCode());
    for (int steps : new int[] {-1, -2}) { // no count is the endless run's, only without one
      assertEquals(
          "EMCEE-I007",
          assertThrows(EmceeException.class, () -> s.run(start(), steps, NO_STORE)).getCode());
      assertEquals(
          "EMCEE-I007",
          assertThrows(EmceeException.class, () -> s.sample(start(), steps, NO_STORE)).getCode());
    }
  }
}
