package io.emcee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.api.LogProbability;
import io.emcee.core.random.RandomStream;
import io.emcee.core.storage.FileBackend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start state given with its log-probabilities and blobs, and the random state set from a stored
 * one, after emcee's {@code State(coords, log_prob, blobs, random_state)} ({@code test_state.py})
 * and {@code log_prob0}, {@code blobs0}, {@code rstate0}.
 */
class KnownStateTest {
  private static final int NWALKERS = 12;
  private static final int NDIM = 2;

  @TempDir Path dir;

  private static double gaussian(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return -0.5 * s;
  }

  private static double[][] coords() {
    return StretchMoveStatisticsTest.normalStart(NWALKERS, NDIM, 11);
  }

  private static double[] logProbabilities(double[][] coords) {
    double[] lp = new double[coords.length];
    for (int w = 0; w < lp.length; w++) {
      lp[w] = gaussian(coords[w]);
    }
    return lp;
  }

  private static void expect(String code, Executable action) {
    assertEquals(code, assertThrows(EmceeException.class, action).getCode());
  }

  @Test
  void givenLogProbabilitiesAreUsedWithoutEvaluatingTheStart() {
    AtomicInteger calls = new AtomicInteger();
    LogProbability counting =
        x -> {
          calls.incrementAndGet();
          return gaussian(x);
        };
    double[][] start = coords();
    Ensemble known = new Ensemble(counting, start).withLogProbability(logProbabilities(start));
    assertArrayEquals(logProbabilities(start), known.getLogProbability());
    assertEquals(0, calls.get(), "reading the given values evaluates nothing");

    Sampler s = Sampler.builder().seed(1).build();
    s.run(known, 5);
    assertEquals(5 * NWALKERS, calls.get(), "one evaluation per walker and step, none at start");

    Sampler evaluated = Sampler.builder().seed(1).build();
    evaluated.run(new Ensemble(KnownStateTest::gaussian, start), 5);
    assertTrue(Arrays.deepEquals(evaluated.getCoords(), s.getCoords()));
    assertTrue(Arrays.deepEquals(evaluated.getLogProbability(), s.getLogProbability()));
  }

  @Test
  void givenBlobsAreWhatAWalkerThatNeverMovedStores() {
    double[][] start = coords();
    Ensemble model =
        Ensemble.withBlobs(
            (x, blobs) -> {
              blobs.set("r", Math.hypot(x[0], x[1]));
              return gaussian(x);
            },
            List.of("r"),
            start);
    double[][] marked = new double[NWALKERS][];
    for (int w = 0; w < NWALKERS; w++) {
      marked[w] = new double[] {-7 - w}; // no radius is negative: these can only be the given ones
    }
    Sampler s = Sampler.builder().seed(2).build();
    s.run(model.withLogProbability(logProbabilities(start), marked), 1);
    double[][] firstStep = s.getBlobs(0, 1)[0];
    double[][] stepCoords = s.getCoords(0, 1)[0];
    int stayed = 0;
    for (int w = 0; w < NWALKERS; w++) {
      if (Arrays.equals(stepCoords[w], start[w])) {
        assertEquals(-7 - w, firstStep[w][0], "walker " + w + " kept its given blob");
        stayed++;
      } else {
        assertEquals(Math.hypot(stepCoords[w][0], stepCoords[w][1]), firstStep[w][0]);
      }
    }
    assertTrue(stayed > 0 && stayed < NWALKERS, stayed + " walkers rejected their proposal");
  }

  @Test
  void givenValuesAreCheckedLikeTheModelsOwn() {
    double[][] start = coords();
    Ensemble e = new Ensemble(KnownStateTest::gaussian, start);
    expect("EMCEE-I050", () -> e.withLogProbability(new double[NWALKERS - 1]));
    double[] nan = logProbabilities(start);
    nan[3] = Double.NaN;
    expect("EMCEE-I051", () -> e.withLogProbability(nan));
    double[] inf = logProbabilities(start);
    inf[0] = Double.POSITIVE_INFINITY;
    expect("EMCEE-I051", () -> e.withLogProbability(inf));
    double[] outside = new double[NWALKERS];
    Arrays.fill(outside, Double.NEGATIVE_INFINITY);
    expect("EMCEE-I009", () -> e.withLogProbability(outside));
    double[] someOutside = logProbabilities(start);
    someOutside[1] = Double.NEGATIVE_INFINITY;
    assertEquals(
        Double.NEGATIVE_INFINITY, e.withLogProbability(someOutside).getLogProbability()[1]);
    expect("EMCEE-I052", () -> e.withLogProbability(logProbabilities(start), new double[1][1]));

    Ensemble withBlobs = Ensemble.withBlobs((x, blobs) -> gaussian(x), List.of("a", "b"), start);
    expect("EMCEE-I052", () -> withBlobs.withLogProbability(logProbabilities(start)));
    expect(
        "EMCEE-I052",
        () -> withBlobs.withLogProbability(logProbabilities(start), new double[NWALKERS][1]));
    expect(
        "EMCEE-I052",
        () -> withBlobs.withLogProbability(logProbabilities(start), new double[2][2]));
  }

  @Test
  void aRandomStateSetFromAnEarlierRunGivesThatRunsChainBitForBit() {
    Sampler original = Sampler.builder().seed(3).build();
    Ensemble middle = original.run(new Ensemble(KnownStateTest::gaussian, coords()), 20);
    long[] state = original.getRandomState();
    assertEquals(RandomStream.STATE_LENGTH, state.length);
    original.run(middle, 30);

    Sampler other = Sampler.builder().seed(99).build();
    other.setRandomState(state);
    other.run(middle, 30);
    assertTrue(Arrays.deepEquals(original.getCoords(20, 1), other.getCoords()));
    assertTrue(Arrays.deepEquals(original.getLogProbability(20, 1), other.getLogProbability()));
    assertArrayEquals(original.getRandomState(), other.getRandomState());
  }

  @Test
  void aStoredRandomStateAndStoredStepRebuildTheRestOfAChainInAnotherSampler() {
    Path file = dir.resolve("first.chain");
    Sampler whole = Sampler.builder().seed(4).build();
    whole.run(new Ensemble(KnownStateTest::gaussian, coords()), 40);

    try (FileBackend chain = FileBackend.open(file)) {
      Sampler first = Sampler.builder().seed(4).backend(chain).build();
      first.run(new Ensemble(KnownStateTest::gaussian, coords()), 25);
    }
    double[][] last;
    double[] lastLp;
    long[] state;
    try (FileBackend stored = FileBackend.openReadOnly(file)) {
      Chain chain = Chain.of(stored);
      last = chain.getCoords(24, 1)[0];
      lastLp = chain.getLogProbability(24, 1)[0];
      state = stored.getRandomState();
    }
    Sampler rest = Sampler.builder().seed(5).build(); // another seed: the state decides
    rest.setRandomState(state);
    rest.run(
        new Ensemble(KnownStateTest::gaussian, last).withLogProbability(lastLp),
        15,
        rest.getRunOptions().withSkipInitialStateCheck(true));
    assertTrue(Arrays.deepEquals(whole.getCoords(25, 1), rest.getCoords()));
  }

  @Test
  void aStateThatIsNoneIsRefused() {
    Sampler s = Sampler.builder().seed(6).build();
    expect("EMCEE-I020", () -> s.setRandomState(new long[3]));
    expect("EMCEE-I020", () -> s.setRandomState(new long[RandomStream.STATE_LENGTH]));
  }
}
