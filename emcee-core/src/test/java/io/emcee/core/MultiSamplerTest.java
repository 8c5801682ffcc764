package io.emcee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.api.RowFunction;
import io.emcee.core.diagnostics.ConvergenceSummary;
import io.emcee.core.model.LogProbabilityException;
import io.emcee.core.model.Model;
import io.emcee.core.moves.GaussianMove;
import io.emcee.core.moves.StretchMove;
import io.emcee.core.random.RandomStream;
import io.emcee.core.storage.FileBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** K independent ensembles: each chain is its single run's, and they share every map. */
class MultiSamplerTest {
  private static final int WALKERS = 16;
  private static final int DIM = 3;

  /** A 3-D Gaussian with unequal scales; a record so that it is one value. */
  record Gaussian() implements LogProbability {
    @Override
    public double logProbability(double[] x) {
      return -0.5 * (x[0] * x[0] + x[1] * x[1] / 4 + x[2] * x[2] / 9);
    }
  }

  /** Counts the maps and points a real pool is asked for. */
  static final class CountingPool implements Pool {
    final Pool inner;
    final AtomicInteger maps = new AtomicInteger();
    final AtomicInteger points = new AtomicInteger();
    final Set<Thread> callers = new HashSet<>();

    CountingPool(Pool inner) {
      this.inner = inner;
    }

    @Override
    public void map(
        RowFunction function, double[] in, int inWidth, int count, double[] out, int outWidth) {
      maps.incrementAndGet();
      points.addAndGet(count);
      synchronized (callers) {
        callers.add(Thread.currentThread());
      }
      inner.map(function, in, inWidth, count, out, outWidth);
    }

    @Override
    public String getName() {
      return "counting";
    }

    @Override
    public void close() {}
  }

  /** A pool of threads, each row on whichever thread takes it: results must not depend on it. */
  static final class ThreadsPool implements Pool {
    private final ExecutorService threads = Executors.newFixedThreadPool(3);

    @Override
    public void map(
        RowFunction function, double[] in, int inWidth, int count, double[] out, int outWidth) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int row = i;
        done.add(
            threads.submit(
                () -> {
                  double[] x = java.util.Arrays.copyOfRange(in, row * inWidth, (row + 1) * inWidth);
                  double[] y = new double[outWidth];
                  function.apply(x, y);
                  System.arraycopy(y, 0, out, row * outWidth, outWidth);
                }));
      }
      try {
        for (Future<?> f : done) {
          f.get();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String getName() {
      return "threads";
    }

    @Override
    public void close() {
      threads.shutdownNow();
    }
  }

  static List<double[][]> starts(int count, long seed) {
    RandomStream rng = new RandomStream(seed);
    List<double[][]> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      double[][] start = new double[WALKERS][DIM];
      for (double[] w : start) {
        for (int j = 0; j < DIM; j++) {
          w[j] = 3 * rng.nextGaussian();
        }
      }
      out.add(start);
    }
    return out;
  }

  static void assertSameChain(Chain expected, Chain actual, String what) {
    assertEquals(expected.getIteration(), actual.getIteration(), what + ": length");
    assertTrue(
        java.util.Arrays.deepEquals(expected.getCoords(), actual.getCoords()), what + ": coords");
    assertTrue(
        java.util.Arrays.deepEquals(expected.getLogProbability(), actual.getLogProbability()),
        what + ": log-probabilities");
    assertArrayEquals(
        expected.getAcceptanceFraction(), actual.getAcceptanceFraction(), what + ": acceptance");
  }

  @Test
  void eachEnsembleIsItsSingleRunAndTheyShareEveryMap() {
    int k = 3;
    int steps = 60;
    List<double[][]> starts = starts(k, 5);
    CountingPool pool = new CountingPool(Pools.serial());
    MultiSampler multi = MultiSampler.builder().ensembles(k).seed(42).build();
    multi.run(Model.of(new Gaussian(), pool), starts, steps);
    // The stretch move maps twice a step, and the start is evaluated once: for all K together.
    assertEquals(1 + 2 * steps, pool.maps.get());
    assertEquals(k * WALKERS * (1 + steps), pool.points.get());
    assertEquals(Set.of(Thread.currentThread()), pool.callers, "the pool is called from here");
    for (int e = 0; e < k; e++) {
      Sampler single = Sampler.builder().seed(MultiSampler.seedOf(42, e)).build();
      single.run(new Ensemble(new Gaussian(), starts.get(e)), steps);
      assertSameChain(single.getChain(), multi.getChains().get(e), "ensemble " + e);
    }
    assertNotEquals(
        multi.getChains().get(0).getCoords()[steps - 1][0][0],
        multi.getChains().get(1).getCoords()[steps - 1][0][0]);
  }

  @Test
  void aPoolOfThreadsGivesTheSameChains() {
    int k = 4;
    List<double[][]> starts = starts(k, 8);
    MultiSampler serial = MultiSampler.builder().ensembles(k).seed(3).build();
    serial.run(new Gaussian(), Pools.serial(), starts, 40);
    try (ThreadsPool threads = new ThreadsPool()) {
      MultiSampler multi = MultiSampler.builder().ensembles(k).seed(3).build();
      multi.run(new Gaussian(), threads, starts, 40);
      for (int e = 0; e < k; e++) {
        assertSameChain(serial.getChains().get(e), multi.getChains().get(e), "ensemble " + e);
      }
    }
  }

  @Test
  void movesThatMapDifferentlyStillShareTheMapsAndKeepEachChain() {
    // The stretch move maps twice a step, the Gaussian move once: the ensembles pick moves from
    // their own streams, so in one step some ask for one map and others for two.
    int k = 3;
    int steps = 80;
    List<double[][]> starts = starts(k, 11);
    CountingPool pool = new CountingPool(Pools.serial());
    MultiSampler multi =
        MultiSampler.builder()
            .ensembles(k)
            .seed(17)
            .samplers(
                e ->
                    Sampler.builder()
                        .move(new StretchMove(), 0.5)
                        .move(GaussianMove.isotropic(0.7), 0.5))
            .build();
    multi.run(Model.of(new Gaussian(), pool), starts, steps);
    int singleMaps = 0;
    int most = 0;
    for (int e = 0; e < k; e++) {
      CountingPool alone = new CountingPool(Pools.serial());
      Sampler single =
          Sampler.builder()
              .seed(MultiSampler.seedOf(17, e))
              .move(new StretchMove(), 0.5)
              .move(GaussianMove.isotropic(0.7), 0.5)
              .build();
      single.run(new Ensemble(new Gaussian(), starts.get(e), alone), steps);
      assertSameChain(single.getChain(), multi.getChains().get(e), "ensemble " + e);
      singleMaps += alone.maps.get();
      most = Math.max(most, alone.maps.get());
    }
    assertTrue(pool.maps.get() >= most && pool.maps.get() < singleMaps, pool.maps + " maps");
    assertTrue(pool.maps.get() <= 1 + 2 * steps, pool.maps + " maps");
  }

  @Test
  void fileBackendsPerEnsembleHoldTheChainsAndContinue(@TempDir Path dir) {
    int k = 2;
    List<double[][]> starts = starts(k, 2);
    List<FileBackend> files = new ArrayList<>();
    for (int e = 0; e < k; e++) {
      files.add(FileBackend.open(dir.resolve("run-" + e + ".chain")));
    }
    try {
      MultiSampler multi =
          MultiSampler.builder()
              .ensembles(k)
              .seed(9)
              .samplers(e -> Sampler.builder().backend(files.get(e)).parameterNames("a", "b", "c"))
              .build();
      multi.run(new Gaussian(), Pools.serial(), starts, 30);
      multi.run(20);
      assertEquals(50, multi.getIteration());
      for (int e = 0; e < k; e++) {
        assertEquals(50, files.get(e).getIteration());
        Sampler single = Sampler.builder().seed(MultiSampler.seedOf(9, e)).build();
        single.run(new Ensemble(new Gaussian(), starts.get(e)), 50);
        assertSameChain(single.getChain(), Chain.of(files.get(e)), "ensemble " + e);
      }
      List<ConvergenceSummary> summary = multi.getConvergence(10, 1);
      assertEquals(List.of("a", "b", "c"), summary.stream().map(ConvergenceSummary::name).toList());
    } finally {
      for (FileBackend f : files) {
        f.close();
      }
    }
  }

  @Test
  void aBatchModelStepsTheEnsemblesInTurn() {
    int k = 2;
    List<double[][]> starts = starts(k, 4);
    AtomicInteger calls = new AtomicInteger();
    Model batched =
        Model.batched(
            (x, n, ndim, out) -> {
              calls.incrementAndGet();
              for (int i = 0; i < n; i++) {
                double[] row = java.util.Arrays.copyOfRange(x, i * ndim, (i + 1) * ndim);
                out[i] = new Gaussian().logProbability(row);
              }
            });
    MultiSampler multi = MultiSampler.builder().ensembles(k).seed(6).build();
    multi.run(batched, starts, 25);
    for (int e = 0; e < k; e++) {
      Sampler single = Sampler.builder().seed(MultiSampler.seedOf(6, e)).build();
      single.run(new Ensemble(new Gaussian(), starts.get(e)), 25);
      assertSameChain(single.getChain(), multi.getChains().get(e), "ensemble " + e);
    }
    assertEquals(k * (1 + 2 * 25), calls.get());
  }

  @Test
  void aFailureNamesItsEnsembleAndWalkerAndTheRunCarriesOn() {
    int k = 3;
    List<double[][]> starts = starts(k, 13);
    // Fails once, at a point only ensemble 1's walker 5 reaches: its start.
    double[] bad = starts.get(1)[5].clone();
    AtomicInteger failures = new AtomicInteger();
    LogProbability flaky =
        x -> {
          if (java.util.Arrays.equals(x, bad) && failures.getAndIncrement() == 0) {
            throw new ArithmeticException("boom");
          }
          return new Gaussian().logProbability(x);
        };
    CountingPool pool = new CountingPool(Pools.serial());
    MultiSampler multi = MultiSampler.builder().ensembles(k).seed(1).build();
    LogProbabilityException e =
        assertThrows(
            LogProbabilityException.class, () -> multi.run(Model.of(flaky, pool), starts, 10));
    assertEquals("EMCEE-E001", e.getCode());
    assertTrue(e.getMessage().contains("ensemble 1: "), e.getMessage());
    assertTrue(e.getMessage().contains("walker 5"), e.getMessage());
    assertEquals(5, e.getWalker());
    assertArrayEquals(bad, e.getCoords());
    // The starts were never evaluated: nothing is stored, and a fresh run goes through.
    multi.run(Model.of(flaky, pool), starts, 10);
    assertEquals(10, multi.getIteration());
  }

  @Test
  void aFailureMidRunLeavesEveryCompletedStepAndTheNextRunLevelsTheChains() {
    int k = 3;
    List<double[][]> starts = starts(k, 21);
    AtomicInteger calls = new AtomicInteger();
    // The first map of the 4th step fails at a row of ensemble 1 (each half-step maps 8 rows of
    // each ensemble, ensemble by ensemble): every ensemble rolls that step back.
    int failAt = k * WALKERS * (1 + 3) + WALKERS / 2 + 3;
    LogProbability flaky =
        x -> {
          if (calls.incrementAndGet() == failAt) {
            throw new IllegalStateException("once");
          }
          return new Gaussian().logProbability(x);
        };
    MultiSampler multi = MultiSampler.builder().ensembles(k).seed(4).build();
    LogProbabilityException failure =
        assertThrows(
            LogProbabilityException.class,
            () -> multi.run(Model.of(flaky, new CountingPool(Pools.serial())), starts, 20));
    assertTrue(failure.getMessage().contains("ensemble 1: "), failure.getMessage());
    assertEquals(3, multi.getIteration());
    multi.run(17);
    for (int e = 0; e < k; e++) {
      assertEquals(20, multi.getSampler(e).getIteration());
      Sampler single = Sampler.builder().seed(MultiSampler.seedOf(4, e)).build();
      single.run(new Ensemble(new Gaussian(), starts.get(e)), 20);
      assertSameChain(single.getChain(), multi.getChains().get(e), "ensemble " + e);
    }
  }

  @Test
  void onTheSerialPoolTheEnsemblesStepInTurnAndAFailureNamesItsEnsemble() {
    int k = 2;
    List<double[][]> starts = starts(k, 31);
    double[] bad = starts.get(1)[2].clone();
    LogProbability failsAtOneStart =
        x -> {
          if (java.util.Arrays.equals(x, bad)) {
            throw new ArithmeticException("boom");
          }
          return new Gaussian().logProbability(x);
        };
    MultiSampler multi = MultiSampler.builder().ensembles(k).seed(2).build();
    LogProbabilityException e =
        assertThrows(
            LogProbabilityException.class,
            () -> multi.run(failsAtOneStart, Pools.serial(), starts, 5));
    assertTrue(e.getMessage().startsWith("[EMCEE-E001] ensemble 1: "), e.getMessage());
    assertEquals(2, e.getWalker());
  }

  @Test
  void derivedSeedsDifferAndEnsembleZeroKeepsTheSeed() {
    Set<Long> seeds = new HashSet<>();
    for (int e = 0; e < 100; e++) {
      seeds.add(MultiSampler.seedOf(42, e));
    }
    assertEquals(100, seeds.size());
    assertEquals(42, MultiSampler.seedOf(42, 0));
    assertEquals(
        MultiSampler.seedOf(42, 3),
        MultiSampler.builder().seed(42).build().getSampler(3).getSeed());
  }

  @Test
  void badSettingsAreRefused() {
    assertEquals(
        "EMCEE-I041",
        assertThrows(EmceeException.class, () -> MultiSampler.builder().ensembles(0)).getCode());
    InMemoryShared shared = new InMemoryShared();
    assertEquals(
        "EMCEE-I041",
        assertThrows(
                EmceeException.class,
                () ->
                    MultiSampler.builder()
                        .ensembles(2)
                        .samplers(e -> Sampler.builder().backend(shared.backend))
                        .build())
            .getCode());
    MultiSampler multi = MultiSampler.builder().ensembles(2).seed(1).build();
    assertEquals(
        "EMCEE-I041",
        assertThrows(
                EmceeException.class,
                () -> multi.run(new Gaussian(), Pools.serial(), starts(1, 1), 5))
            .getCode());
    assertEquals("EMCEE-I012", assertThrows(EmceeException.class, () -> multi.run(5)).getCode());
  }

  /** One backend handed to every ensemble, which the builder must refuse. */
  static final class InMemoryShared {
    final io.emcee.core.storage.ChainBackend backend =
        io.emcee.core.storage.ChainBackend.inMemory();
  }
}
