package io.emcee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.api.RunInterruptedException;
import io.emcee.core.model.LogProbabilityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reproducibility, chain slicing, iteration, and recovery from interrupts and failures. */
class SamplerTest {
  private static final int NWALKERS = 16;
  private static final int NDIM = 3;

  private static double gaussian(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return -0.5 * s;
  }

  private static double[][] start() {
    return StretchMoveStatisticsTest.normalStart(NWALKERS, NDIM, 3);
  }

  private static Sampler seeded(long seed) {
    return Sampler.builder().seed(seed).build();
  }

  @Test
  void sameSeedGivesTheSameChainBitForBit() {
    Sampler a = seeded(5);
    Sampler b = seeded(5);
    a.run(new Ensemble(SamplerTest::gaussian, start()), 200);
    b.run(new Ensemble(SamplerTest::gaussian, start()), 200);
    assertTrue(java.util.Arrays.deepEquals(a.getCoords(), b.getCoords()));
    assertTrue(java.util.Arrays.deepEquals(a.getLogProbability(), b.getLogProbability()));
    assertArrayEquals(a.getAcceptanceFraction(), b.getAcceptanceFraction());

    Sampler c = seeded(6);
    c.run(new Ensemble(SamplerTest::gaussian, start()), 200);
    assertFalse(java.util.Arrays.deepEquals(a.getCoords(), c.getCoords()));
  }

  @Test
  void chainStoresLogProbabilitiesOfTheStoredCoordinates() {
    Sampler s = seeded(1);
    s.run(new Ensemble(SamplerTest::gaussian, start()), 50);
    double[][][] coords = s.getCoords();
    double[][] lp = s.getLogProbability();
    for (int t = 0; t < coords.length; t++) {
      for (int w = 0; w < NWALKERS; w++) {
        assertEquals(gaussian(coords[t][w]), lp[t][w]);
      }
    }
  }

  @Test
  void slicingFollowsEmcee() {
    Sampler s = seeded(2);
    List<double[][]> steps = new ArrayList<>();
    for (Step step : s.sample(new Ensemble(SamplerTest::gaussian, start()), 30)) {
      assertEquals(steps.size() + 1, step.getIteration());
      steps.add(step.getCoords());
    }
    assertEquals(30, s.getIteration());
    // emcee: chain[discard + thin - 1 : iteration : thin]
    double[][][] sliced = s.getCoords(4, 5);
    assertEquals((30 - 4) / 5, sliced.length);
    for (int i = 0; i < sliced.length; i++) {
      assertTrue(java.util.Arrays.deepEquals(steps.get(4 + 5 - 1 + i * 5), sliced[i]));
    }
    double[][] flat = s.getFlatCoords(4, 5);
    assertEquals(sliced.length * NWALKERS, flat.length);
    assertArrayEquals(sliced[1][3], flat[NWALKERS + 3]);
    double[] flatLp = s.getFlatLogProbability(4, 5);
    assertEquals(gaussian(flat[NWALKERS + 3]), flatLp[NWALKERS + 3]);
  }

  @Test
  void sampleAndRunGiveTheSameChain() {
    Sampler a = seeded(8);
    Sampler b = seeded(8);
    a.run(new Ensemble(SamplerTest::gaussian, start()), 40);
    int count = 0;
    for (Step step : b.sample(new Ensemble(SamplerTest::gaussian, start()), 40)) {
      count++;
      assertEquals(NWALKERS, step.getAccepted().length);
    }
    assertEquals(40, count);
    assertTrue(java.util.Arrays.deepEquals(a.getCoords(), b.getCoords()));
  }

  @Test
  void continuingARunAppendsToTheSameChain() {
    Sampler whole = seeded(9);
    whole.run(new Ensemble(SamplerTest::gaussian, start()), 60);
    Sampler parts = seeded(9);
    Ensemble last = parts.run(new Ensemble(SamplerTest::gaussian, start()), 25);
    parts.run(last, 20);
    parts.run(15);
    assertEquals(60, parts.getIteration());
    assertTrue(java.util.Arrays.deepEquals(whole.getCoords(), parts.getCoords()));
  }

  @Test
  void thinByStoresEveryNthStep() {
    Sampler thinned = Sampler.builder().seed(4).thinBy(3).build();
    thinned.run(new Ensemble(SamplerTest::gaussian, start()), 10);
    Sampler full = seeded(4);
    full.run(new Ensemble(SamplerTest::gaussian, start()), 30);
    assertEquals(10, thinned.getIteration());
    double[][][] everyThird = full.getCoords(0, 3);
    assertTrue(java.util.Arrays.deepEquals(everyThird, thinned.getCoords()));
    assertArrayEquals(full.getAcceptanceFraction(), thinned.getAcceptanceFraction());
  }

  @Test
  void interruptKeepsCompletedStepsAndResumesToTheUninterruptedChain() {
    Sampler reference = seeded(11);
    reference.run(new Ensemble(SamplerTest::gaussian, start()), 100);

    AtomicInteger calls = new AtomicInteger();
    LogProbability interrupting =
        x -> {
          if (calls.incrementAndGet() == 1000) {
            Thread.currentThread().interrupt();
          }
          return gaussian(x);
        };
    Sampler sampler = seeded(11);
    RunInterruptedException e =
        assertThrows(
            RunInterruptedException.class,
            () -> sampler.run(new Ensemble(interrupting, start()), 100));
    assertTrue(Thread.interrupted(), "the interrupt flag must stay set");
    assertEquals("EMCEE-R001", e.getCode());
    int kept = sampler.getIteration();
    assertTrue(kept > 0 && kept < 100, "kept " + kept);
    sampler.run(sampler.getLastSample(), 100 - kept);
    assertTrue(java.util.Arrays.deepEquals(reference.getCoords(), sampler.getCoords()));
    assertArrayEquals(reference.getAcceptanceFraction(), sampler.getAcceptanceFraction());
  }

  @Test
  void failureInTheMiddleOfAStepRollsBackAndResumesExactly() {
    Sampler reference = seeded(12);
    reference.run(new Ensemble(SamplerTest::gaussian, start()), 80);

    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean armed = new AtomicBoolean(true);
    LogProbability failing =
        x -> {
          // Fails in the second half-step of a step, after the first half has been accepted.
          if (armed.get() && calls.incrementAndGet() == 16 + 40 * NWALKERS + 12) {
            throw new IllegalStateException("model blew up");
          }
          return gaussian(x);
        };
    Sampler sampler = seeded(12);
    LogProbabilityException e =
        assertThrows(
            LogProbabilityException.class, () -> sampler.run(new Ensemble(failing, start()), 80));
    assertEquals("EMCEE-E001", e.getCode());
    assertTrue(e.getMessage().contains("model blew up"), e.getMessage());
    assertTrue(e.getMessage().contains("walker " + e.getWalker()), e.getMessage());
    assertEquals(40, sampler.getIteration());
    armed.set(false);
    sampler.run(sampler.getLastSample(), 40);
    assertTrue(java.util.Arrays.deepEquals(reference.getCoords(), sampler.getCoords()));
  }

  @Test
  void acceptanceCountsEveryStep() {
    Sampler s = seeded(13);
    s.run(new Ensemble(SamplerTest::gaussian, start()), 500);
    double[] acc = s.getAcceptanceFraction();
    assertEquals(NWALKERS, acc.length);
    double mean = java.util.Arrays.stream(acc).average().orElseThrow();
    // 3-D Gaussian with the stretch move: emcee reports about 0.6.
    assertTrue(mean > 0.5 && mean < 0.75, "mean acceptance " + mean);
    s.reset();
    assertEquals(0, s.getIteration());
  }

  @Test
  void initialLogProbabilityIsEvaluatedOnceAndCarriedByTheReturnedEnsemble() {
    AtomicInteger calls = new AtomicInteger();
    LogProbability counting =
        x -> {
          calls.incrementAndGet();
          return gaussian(x);
        };
    Ensemble last = seeded(1).run(new Ensemble(counting, start()), 3);
    assertEquals(NWALKERS + 3 * NWALKERS, calls.get());
    double[][] coords = last.getCoords();
    double[] lp = last.getLogProbability();
    assertEquals(NWALKERS + 3 * NWALKERS, calls.get(), "no re-evaluation");
    for (int w = 0; w < NWALKERS; w++) {
      assertEquals(gaussian(coords[w]), lp[w]);
    }
  }

  @Test
  void autocorrelationTimeReadsExactlyTheSelectedSteps() {
    Sampler s = seeded(21);
    s.run(new Ensemble(SamplerTest::gaussian, start()), 3000);
    int discard = 100;
    int thin = 3;
    double[][][] selected = s.getCoords(discard, thin);
    double[] flat = new double[selected.length * NWALKERS * NDIM];
    int i = 0;
    for (double[][] step : selected) {
      for (double[] walker : step) {
        for (double v : walker) {
          flat[i++] = v;
        }
      }
    }
    double[] expected =
        io.emcee.core.diagnostics.Autocorrelation.integratedTime(
            flat, selected.length, NWALKERS, NDIM, 5, 50, true);
    double[] tau = s.getIntegratedAutocorrTime(discard, thin, true);
    for (int d = 0; d < NDIM; d++) {
      assertEquals(expected[d] * thin, tau[d], 1e-12 * tau[d]);
    }
  }
}
