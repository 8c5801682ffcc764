package io.emcee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.api.EvaluationException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.RowFunction;
import io.emcee.core.model.BatchLogProbability;
import io.emcee.core.model.BlobLogProbability;
import io.emcee.core.model.LogProbabilityException;
import io.emcee.core.moves.DEMove;
import io.emcee.core.moves.GaussianMove;
import io.emcee.core.moves.MHMove;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Blobs, batch log-probabilities, parameter names, weighted mixtures and listeners. */
class BlobsAndBatchTest {
  private static final int NWALKERS = 12;
  private static final int NDIM = 3;

  private static double gaussian(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return -0.5 * s;
  }

  private static double[][] start() {
    return StretchMoveStatisticsTest.normalStart(NWALKERS, NDIM, 7);
  }

  /** Blobs: the squared radius and the first coordinate. */
  private static final BlobLogProbability WITH_BLOBS =
      (x, blobs) -> {
        double r2 = 0;
        for (double v : x) {
          r2 += v * v;
        }
        blobs.set("r2", r2);
        blobs.set(1, x[0]);
        return -0.5 * r2;
      };

  @Test
  void blobsRoundTripThroughRunSampleAndGetBlobs() {
    Sampler sampler = Sampler.builder().seed(3).build();
    Ensemble start = Ensemble.withBlobs(WITH_BLOBS, List.of("r2", "x0"), start());
    assertEquals(List.of("r2", "x0"), start.getBlobNames());
    List<double[][]> fromSteps = new ArrayList<>();
    for (Step step : sampler.sample(start, 20)) {
      fromSteps.add(step.getBlobs());
    }
    Ensemble last = sampler.run(40);
    assertEquals(List.of("r2", "x0"), sampler.getBlobNames());
    double[][][] coords = sampler.getCoords();
    double[][][] blobs = sampler.getBlobs(0, 1);
    double[][] lp = sampler.getLogProbability();
    assertEquals(60, blobs.length);
    for (int t = 0; t < 60; t++) {
      for (int w = 0; w < NWALKERS; w++) {
        double[] x = coords[t][w];
        assertEquals(-2 * lp[t][w], blobs[t][w][0], 1e-12);
        assertEquals(x[0], blobs[t][w][1]);
      }
    }
    for (int t = 0; t < 20; t++) {
      assertTrue(Arrays.deepEquals(fromSteps.get(t), blobs[t]), "step " + t);
    }
    assertTrue(Arrays.deepEquals(blobs[59], last.getBlobs()));
    double[][] flat = sampler.getFlatBlobs(10, 5);
    assertEquals((60 - 10) / 5 * NWALKERS, flat.length);
    assertArrayEquals(blobs[10 + 5 - 1][2], flat[2]);
  }

  @Test
  void blobsAreTheSameChainAsWithoutBlobs() {
    Sampler with = Sampler.builder().seed(5).build();
    with.run(Ensemble.withBlobs(WITH_BLOBS, List.of("r2", "x0"), start()), 50);
    Sampler without = Sampler.builder().seed(5).build();
    without.run(new Ensemble(BlobsAndBatchTest::gaussian, start()), 50);
    assertTrue(Arrays.deepEquals(with.getCoords(), without.getCoords()));
  }

  @Test
  void aMissingBlobIsRefusedWithTheWalker() {
    BlobLogProbability sometimesMissing =
        (x, blobs) -> {
          blobs.set("a", 1);
          if (x[0] > 0.5) {
            blobs.set("b", 2); // the shape of the blobs would change between calls
          }
          return gaussian(x);
        };
    LogProbabilityException e =
        assertThrows(
            LogProbabilityException.class,
            () ->
                Sampler.builder()
                    .seed(1)
                    .build()
                    .run(Ensemble.withBlobs(sometimesMissing, List.of("a", "b"), start()), 10));
    assertEquals("EMCEE-E004", e.getCode());
    assertTrue(
        e.getMessage().contains("did not set blob(s) [b] of the declared [a, b]"), e.getMessage());
    assertTrue(e.getMessage().contains("walker " + e.getWalker()), e.getMessage());
    EmceeException unknown =
        assertThrows(
            EmceeException.class,
            () ->
                Ensemble.withBlobs(
                        (x, b) -> {
                          b.set("c", 1);
                          return 0;
                        },
                        List.of("a"),
                        start())
                    .getLogProbability());
    assertTrue(unknown.getMessage().contains("no blob is named 'c'"), unknown.getMessage());
    EmceeException names =
        assertThrows(
            EmceeException.class, () -> Ensemble.withBlobs(WITH_BLOBS, List.of("a", "a"), start()));
    assertEquals("EMCEE-I015", names.getCode());
  }

  @Test
  void minusInfinityBeforeTheBlobsStoresNaNForThem() {
    // emcee's pattern: outside the support, return -inf before computing the blobs.
    BlobLogProbability boxed =
        (x, blobs) -> {
          if (Math.abs(x[0]) > 1) {
            return Double.NEGATIVE_INFINITY;
          }
          blobs.set("x0", x[0]);
          blobs.set("r2", x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
          return gaussian(x);
        };
    double[][] start = start();
    start[0][0] = 5; // one walker starts outside the box
    Sampler sampler = Sampler.builder().seed(11).build();
    Ensemble first = Ensemble.withBlobs(boxed, List.of("x0", "r2"), start);
    assertTrue(Double.isNaN(first.getBlobs()[0][0]) && Double.isNaN(first.getBlobs()[0][1]));
    assertEquals(start[1][0], first.getBlobs()[1][0]);
    sampler.run(first, 200);
    double[][] flat = sampler.getFlatBlobs(0, 1);
    double[][] coords = sampler.getFlatCoords(0, 1);
    int stored = 0;
    for (int i = 0; i < flat.length; i++) {
      if (Math.abs(coords[i][0]) <= 1) {
        assertEquals(coords[i][0], flat[i][0], "a finite point keeps its blob");
        stored++;
      } else {
        assertTrue(Double.isNaN(flat[i][0]) && Double.isNaN(flat[i][1]), "row " + i);
      }
    }
    assertTrue(stored > flat.length / 2, stored + " of " + flat.length);
  }

  @Test
  void aFiniteValueWithMissingBlobsIsRefusedWithoutSayingThrew() {
    BlobLogProbability forgetful = (x, blobs) -> gaussian(x);
    LogProbabilityException e =
        assertThrows(
            LogProbabilityException.class,
            () -> Ensemble.withBlobs(forgetful, List.of("r"), start()).getLogProbability());
    assertEquals("EMCEE-E004", e.getCode());
    String message = e.getMessage();
    assertTrue(message.startsWith("[EMCEE-E004] walker 0 at ["), message);
    assertTrue(message.contains("did not set blob(s) [r] of the declared [r]"), message);
    assertTrue(message.contains("although it returned " + gaussian(start()[0])), message);
    assertTrue(!message.contains("threw"), message);
    assertEquals(message.indexOf("EMCEE-E004"), message.lastIndexOf("EMCEE-E004"), message);
    // NaN with missing blobs is an error as well: only -Infinity may leave them unset.
    BlobLogProbability nan = (x, blobs) -> Double.NaN;
    LogProbabilityException n =
        assertThrows(
            LogProbabilityException.class,
            () -> Ensemble.withBlobs(nan, List.of("r"), start()).getLogProbability());
    assertEquals("EMCEE-E004", n.getCode());
  }

  @Test
  void missingBlobsFromAnotherProcessAreWordedAsHere() {
    // A remote pool brings back only the description of what failed on its member.
    Pool remote =
        new Pool() {
          @Override
          public void map(
              RowFunction function,
              double[] inputs,
              int inputWidth,
              int count,
              double[] outputs,
              int outputWidth) {
            double[] in = new double[inputWidth];
            double[] out = new double[outputWidth];
            for (int i = 0; i < count; i++) {
              System.arraycopy(inputs, i * inputWidth, in, 0, inputWidth);
              try {
                function.apply(in, out);
              } catch (RuntimeException e) {
                throw new EvaluationException(
                    i, "member m1", EvaluationException.describe(e), null);
              }
              System.arraycopy(out, 0, outputs, i * outputWidth, outputWidth);
            }
          }

          @Override
          public String getName() {
            return "remote";
          }

          @Override
          public void close() {}
        };
    BlobLogProbability forgetful = (x, blobs) -> gaussian(x);
    LogProbabilityException e =
        assertThrows(
            LogProbabilityException.class,
            () -> Ensemble.withBlobs(forgetful, List.of("r"), start(), remote).getLogProbability());
    assertEquals("EMCEE-E004", e.getCode());
    assertTrue(
        e.getMessage().startsWith("[EMCEE-E004] walker 0 at [")
            && e.getMessage()
                .contains(" (on member m1): the log-probability did not set blob(s) [r]"),
        e.getMessage());
    assertEquals(e.getMessage().indexOf("EMCEE-E004"), e.getMessage().lastIndexOf("EMCEE-E004"));
  }

  @Test
  void batchLogProbabilityGivesTheSameChainAsPerWalker() {
    AtomicInteger calls = new AtomicInteger();
    BatchLogProbability batch =
        (x, n, ndim, out) -> {
          calls.incrementAndGet();
          for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < ndim; j++) {
              s += x[i * ndim + j] * x[i * ndim + j];
            }
            out[i] = -0.5 * s;
          }
        };
    Sampler batched = Sampler.builder().seed(8).build();
    batched.run(Ensemble.batched(batch, start()), 30);
    Sampler single = Sampler.builder().seed(8).build();
    single.run(new Ensemble(BlobsAndBatchTest::gaussian, start()), 30);
    assertTrue(Arrays.deepEquals(batched.getCoords(), single.getCoords()));
    assertTrue(Arrays.deepEquals(batched.getLogProbability(), single.getLogProbability()));
    // One call for the start, then one per half-step: the pool is bypassed.
    assertEquals(1 + 30 * 2, calls.get());
  }

  @Test
  void batchNaNNamesTheWalker() {
    double[][] start = start();
    BatchLogProbability nanForWalker4 =
        (x, n, ndim, out) -> {
          for (int i = 0; i < n; i++) {
            out[i] = x[i * ndim] == start[4][0] ? Double.NaN : 0;
          }
        };
    LogProbabilityException e =
        assertThrows(
            LogProbabilityException.class,
            () -> Sampler.builder().seed(1).build().run(Ensemble.batched(nanForWalker4, start), 3));
    assertEquals(4, e.getWalker());
    assertEquals("EMCEE-E002", e.getCode());
  }

  @Test
  void parameterNamesAppearInErrorsAndSummaries() {
    double[][] start = start();
    LogProbability failing =
        x -> {
          if (x[1] == start[2][1]) {
            throw new IllegalArgumentException("negative mass");
          }
          return gaussian(x);
        };
    LogProbabilityException e =
        assertThrows(
            LogProbabilityException.class,
            () ->
                Sampler.builder()
                    .seed(1)
                    .parameterNames("m", "b", "lnf")
                    .build()
                    .run(new Ensemble(failing, start), 3));
    assertTrue(e.getMessage().contains("walker 2 at [m="), e.getMessage());
    assertTrue(
        e.getMessage().contains(", b=") && e.getMessage().contains(", lnf="), e.getMessage());

    Sampler s = Sampler.builder().seed(2).parameterNames("m", "b", "lnf").build();
    s.run(new Ensemble(BlobsAndBatchTest::gaussian, start), 2000);
    ChainSummary summary = s.getSummary(200, 1);
    assertEquals(
        List.of("m", "b", "lnf"), summary.parameters().stream().map(p -> p.name()).toList());
    assertTrue(summary.toString().contains("lnf"), summary::toString);
    for (ChainSummary.Parameter p : summary.parameters()) {
      assertTrue(p.q16() < p.q50() && p.q50() < p.q84(), p::toString);
      assertEquals(1.0, p.std(), 0.2, p::toString);
    }
  }

  @Test
  void weightsChooseMovesInProportion() {
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    MHMove.ProposalFunction stay = (x, n, d, rng, q, f) -> System.arraycopy(x, 0, q, 0, n * d);
    Sampler s =
        Sampler.builder()
            .seed(11)
            .move(
                new MHMove(
                    (x, n, d, rng, q, f) -> {
                      first.incrementAndGet();
                      stay.propose(x, n, d, rng, q, f);
                    }),
                3)
            .move(
                new MHMove(
                    (x, n, d, rng, q, f) -> {
                      second.incrementAndGet();
                      stay.propose(x, n, d, rng, q, f);
                    }),
                1)
            .build();
    int steps = 4000;
    s.run(new Ensemble(BlobsAndBatchTest::gaussian, start()), steps);
    assertEquals(steps, first.get() + second.get());
    // Binomial(4000, 0.75): standard deviation 27.4; 4 of them is 110.
    assertEquals(3000, first.get(), 110);
  }

  @Test
  void aListenerSeesEveryStepAndCanStopEarly() {
    Sampler s = Sampler.builder().seed(4).build();
    List<Integer> seen = new ArrayList<>();
    Ensemble last =
        s.run(
            new Ensemble(BlobsAndBatchTest::gaussian, start()),
            100,
            step -> {
              seen.add(step.getIteration());
              return step.getIteration() < 25;
            });
    assertEquals(25, s.getIteration());
    assertEquals(25, seen.size());
    assertTrue(Arrays.deepEquals(s.getCoords()[24], last.getCoords()));
  }

  @Test
  void movesThatCannotRunAreRefusedNamingTheMoveAndValue() {
    EmceeException de =
        assertThrows(
            EmceeException.class,
            () ->
                new Sampler(new DEMove())
                    .run(
                        new Ensemble(
                            BlobsAndBatchTest::gaussian,
                            StretchMoveStatisticsTest.normalStart(4, 1, 1)),
                        5));
    assertEquals("EMCEE-I004", de.getCode());
    assertTrue(
        de.getMessage()
            .startsWith(
                "[EMCEE-I004] DEMove needs at least 3 walkers in each of its 2 sets, but 4 walkers leave 2"),
        de.getMessage());

    EmceeException notPd =
        assertThrows(
            EmceeException.class, () -> GaussianMove.full(new double[][] {{1, 2}, {2, 1}}));
    assertEquals("EMCEE-M010", notPd.getCode());
    assertTrue(notPd.getMessage().contains("[[1.0, 2.0], [2.0, 1.0]] is not positive definite"));

    EmceeException weight =
        assertThrows(EmceeException.class, () -> Sampler.builder().move(new DEMove(), -0.5));
    assertTrue(weight.getMessage().contains("the weight of DEMove"), weight.getMessage());
    assertTrue(weight.getMessage().contains("is -0.5"), weight.getMessage());

    EmceeException wrongDim =
        assertThrows(
            EmceeException.class,
            () ->
                new Sampler(GaussianMove.diagonal(0.5, 0.5))
                    .run(new Ensemble(BlobsAndBatchTest::gaussian, start()), 5));
    assertEquals("EMCEE-M009", wrongDim.getCode());
    assertTrue(
        wrongDim
            .getMessage()
            .contains("GaussianMove is written for 2 dimensions but the ensemble has 3"));

    EmceeException fullRandom =
        assertThrows(
            EmceeException.class,
            () -> GaussianMove.full(new double[][] {{1}}).withMode(GaussianMove.Mode.RANDOM));
    assertTrue(
        fullRandom.getMessage().contains("mode RANDOM needs an isotropic or diagonal covariance"));
  }
}
