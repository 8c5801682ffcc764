package io.emcee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.api.LogProbability;
import io.emcee.core.diagnostics.AutocorrException;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.FileBackend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain view reads any backend, with no sampler and no resume settings. */
class ChainTest {
  private static final LogProbability GAUSSIAN =
      x -> {
        double s = 0;
        for (double v : x) {
          s += v * v;
        }
        return -0.5 * s;
      };

  @TempDir Path dir;

  private static void assertSame2d(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], 0.0, "row " + i);
    }
  }

  private static Sampler run(Sampler.Builder builder) {
    Sampler sampler =
        builder.seed(4).fingerprint("some problem").parameterNames("a", "b", "c").build();
    sampler.run(
        Ensemble.withBlobs(
            (x, blobs) -> {
              blobs.set("norm", x[0] * x[0]);
              return GAUSSIAN.logProbability(x);
            },
            List.of("norm"),
            StretchMoveStatisticsTest.normalStart(12, 3, 2)),
        300);
    return sampler;
  }

  @Test
  void aStoredChainIsReadWithoutASamplerAndMatchesTheSamplersReaders() {
    Path file = dir.resolve("run.chain");
    try (FileBackend backend = FileBackend.open(file)) {
      run(Sampler.builder().backend(backend));
    }
    // The same seed in memory: the chain the file holds, read through the sampler's getters.
    Sampler sampler = run(Sampler.builder());
    try (FileBackend stored = FileBackend.openReadOnly(file)) {
      Chain chain = Chain.of(stored);
      assertEquals(300, chain.getIteration());
      assertEquals(List.of("a", "b", "c"), chain.getParameterNames());
      assertEquals(List.of("norm"), chain.getBlobNames());
      assertSame2d(sampler.getFlatCoords(50, 3), chain.getFlatCoords(50, 3));
      assertSame2d(sampler.getLogProbability(7, 2), chain.getLogProbability(7, 2));
      assertArrayEquals(
          sampler.getFlatLogProbability(0, 5), chain.getFlatLogProbability(0, 5), 0.0);
      assertSame2d(sampler.getFlatBlobs(10, 1), chain.getFlatBlobs(10, 1));
      assertArrayEquals(sampler.getAcceptanceFraction(), chain.getAcceptanceFraction(), 0.0);
      assertArrayEquals(
          sampler.getIntegratedAutocorrTime(0, 1, true),
          chain.getIntegratedAutocorrTime(0, 1, true),
          0.0);
      assertEquals(sampler.getSummary(100, 1).toString(), chain.getSummary(100, 1).toString());
      double[][][] steps = chain.getCoords(20, 4);
      double[] values = chain.getValues(Chain.Field.COORDS, 20, 4);
      int k = 0;
      for (double[][] step : steps) {
        for (double[] walker : step) {
          for (double v : walker) {
            assertEquals(v, values[k++], 0.0);
          }
        }
      }
      assertEquals(values.length, k);
      assertEquals((300 - 20) / 4 * 12, chain.getValues(Chain.Field.LOG_PROBABILITY, 20, 4).length);
    }
  }

  @Test
  void anEmptyBackendSaysSoAndASelectionOutOfRangeIsRefused() {
    Chain empty = Chain.of(ChainBackend.inMemory());
    assertEquals(0, empty.getIteration());
    EmceeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            EmceeException.class, () -> empty.getFlatCoords());
    assertEquals("EMCEE-I011", e.getCode());
    Sampler sampler = Sampler.builder().seed(1).build();
    sampler.run(new Ensemble(GAUSSIAN, StretchMoveStatisticsTest.normalStart(8, 2, 1)), 10);
    Chain chain = sampler.getChain();
    assertEquals(
        "EMCEE-I008",
        org.junit.jupiter.api.Assertions.assertThrows(
                EmceeException.class, () -> chain.getValues(Chain.Field.BLOBS, 10, 1))
            .getCode());
  }

  @Test
  void autocorrTimeTakesEmceesWindowConstantAndLengthFactor() {
    Sampler sampler = run(Sampler.builder());
    Chain chain = sampler.getChain();
    double[] defaults = chain.getIntegratedAutocorrTime(0, 1, true);
    assertArrayEquals(defaults, chain.getIntegratedAutocorrTime(0, 1, 5.0, 50.0, true), 0.0);
    assertArrayEquals(defaults, sampler.getIntegratedAutocorrTime(0, 1, 5.0, 50.0, true), 0.0);
    // A tighter window gives another estimate; a length factor of a chain longer than 300 steps
    // makes a loud estimate throw.
    double[] narrow = chain.getIntegratedAutocorrTime(0, 1, 1.0, 50.0, true);
    assertFalse(Arrays.equals(defaults, narrow));
    assertThrows(
        AutocorrException.class, () -> chain.getIntegratedAutocorrTime(0, 1, 5.0, 1e6, false));
    chain.getIntegratedAutocorrTime(0, 1, 5.0, 1.0, false); // a 1-tau chain is long enough
  }

  @Test
  void aBlobIsReadByNameFlatInTheOrderOfTheFlatCoords() {
    Sampler sampler = run(Sampler.builder());
    double[] norm = sampler.getFlatBlob("norm", 100, 5);
    double[][] coords = sampler.getFlatCoords(100, 5);
    double[][] blobs = sampler.getFlatBlobs(100, 5);
    assertEquals(coords.length, norm.length);
    for (int k = 0; k < norm.length; k++) {
      assertEquals(coords[k][0] * coords[k][0], norm[k], 0.0, "sample " + k);
      assertEquals(blobs[k][0], norm[k], 0.0);
    }
    EmceeException e =
        assertThrows(EmceeException.class, () -> sampler.getChain().getFlatBlob("nrm", 0, 1));
    assertEquals("EMCEE-I040", e.getCode());
    assertTrue(e.getMessage().contains("the chain's blobs are [norm]"), e.getMessage());
  }
}
