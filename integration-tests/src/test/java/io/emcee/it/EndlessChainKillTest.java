package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pools;
import io.emcee.core.Chain;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.storage.FileBackend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run without a step count into a chain file, killed (SIGKILL) while it samples, leaves every
 * written block, and the chain resumes to the one an uninterrupted run gives.
 */
class EndlessChainKillTest {
  @TempDir Path dir;

  private static void killWhenSampling(Path file) throws Exception {
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false),
            Map.of(),
            List.of(),
            EndlessChainMain.class,
            file.toString())) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!child.output().contains("sampling") && System.nanoTime() < deadline) {
        assertTrue(child.process().isAlive(), child.output());
        Thread.sleep(20);
      }
      assertTrue(child.output().contains("sampling"), child.output());
      child.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aKilledEndlessRunLeavesItsWrittenStepsAndResumesToTheUninterruptedChain() throws Exception {
    Path file = dir.resolve("endless.chain");
    killWhenSampling(file);
    int first;
    try (FileBackend stored = FileBackend.openReadOnly(file)) {
      first = stored.getIteration();
      assertTrue(first >= 12 && first % 3 == 0, first + " steps, in blocks of 3");
    }
    killWhenSampling(file); // the second process continues the stored chain
    try (FileBackend stored = FileBackend.openReadOnly(file)) {
      Chain chain = Chain.of(stored);
      int steps = chain.getIteration();
      assertTrue(steps > first, steps + " steps after " + first);
      Sampler reference = FileChainMain.sampler().build();
      reference.run(
          new Ensemble(FileChainMain.model(0), FileChainMain.start(), Pools.serial()), steps);
      assertTrue(Arrays.deepEquals(reference.getCoords(), chain.getCoords()));
      assertTrue(Arrays.equals(reference.getAcceptanceFraction(), chain.getAcceptanceFraction()));
      assertEquals(1, chain.getSegments().size(), "the resumed run continued the one segment");
    }
  }
}
