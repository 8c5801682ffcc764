package io.emcee.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.core.Chain;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.random.RandomStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A chain in a temporary file (emcee's {@code TempHDFBackend}), after emcee's {@code
 * test_backends.py}: it holds what an in-memory chain holds, and its file is gone once closed.
 */
class TemporaryBackendTest {
  private static Ensemble start() {
    RandomStream r = new RandomStream(2);
    double[][] s = new double[10][3];
    for (double[] w : s) {
      for (int j = 0; j < 3; j++) {
        w[j] = r.nextGaussian();
      }
    }
    return new Ensemble(x -> -0.5 * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]), s);
  }

  @Test
  void aTemporaryChainHoldsTheRunAndItsFileIsDeletedOnClose() {
    Sampler memory = Sampler.builder().seed(5).build();
    memory.run(start(), 30);
    Path path;
    try (FileBackend temporary =
        FileBackend.openTemporary(FileBackend.Options.DEFAULT.withFlushEverySteps(7))) {
      path = temporary.getPath();
      assertTrue(temporary.isTemporary());
      assertTrue(path.getFileName().toString().startsWith("emcee-"), path.toString());
      Sampler s = Sampler.builder().seed(5).backend(temporary).build();
      s.run(start(), 30);
      assertTrue(Arrays.deepEquals(memory.getCoords(), s.getCoords()));
      assertArrayEquals(memory.getAcceptanceFraction(), s.getAcceptanceFraction());
      try (FileBackend reader = FileBackend.openReadOnly(path)) {
        assertEquals(28, Chain.of(reader).getIteration(), "written blocks are readable meanwhile");
      }
    }
    assertFalse(Files.exists(path), path + " was deleted");
  }

  @Test
  void twoTemporaryChainsHaveTheirOwnFiles() {
    try (FileBackend a = FileBackend.openTemporary();
        FileBackend b = FileBackend.openTemporary()) {
      assertFalse(a.getPath().equals(b.getPath()));
    }
  }
}
