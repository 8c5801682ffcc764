package io.emcee.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Buffered steps reach the file once due even when no further step is saved. */
class FileBackendFlushTimerTest {
  @TempDir Path dir;

  private static void save(FileBackend chain, int steps) {
    double[] x = new double[4];
    double[] lp = new double[2];
    for (int t = 0; t < steps; t++) {
      x[0] = t;
      chain.saveStep(x, lp, new double[0], new long[2], t + 1, new long[0]);
    }
  }

  private static int stored(Path file) {
    try (FileBackend reader = FileBackend.openReadOnly(file)) {
      return reader.isInitialized() ? reader.getIteration() : 0;
    }
  }

  @Test
  void stepsThatWaitedTheirIntervalAreWrittenWithoutAnotherSave() throws Exception {
    Path file = dir.resolve("idle.chain");
    try (FileBackend chain =
        FileBackend.open(
            file,
            FileBackend.Options.DEFAULT
                .withFlushEverySteps(1000)
                .withFlushInterval(Duration.ofMillis(20)))) {
      chain.reset(ChainMetadata.of(2, 2));
      save(chain, 3);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (stored(file) < 3) {
        assertTrue(System.nanoTime() < deadline, "the idle steps never reached the file");
        Thread.sleep(10);
      }
      assertEquals(3, stored(file), "one block of the three steps, not more");
    }
    assertEquals(3, stored(file));
  }

  @Test
  void stepsThatAreNotDueStayBufferedUntilClose() {
    Path file = dir.resolve("buffered.chain");
    try (FileBackend chain =
        FileBackend.open(
            file,
            FileBackend.Options.DEFAULT
                .withFlushEverySteps(1000)
                .withFlushInterval(Duration.ofHours(1)))) {
      chain.reset(ChainMetadata.of(2, 2));
      save(chain, 3);
      assertEquals(0, stored(file));
      assertEquals(3, chain.getIteration());
    }
    assertEquals(3, stored(file));
  }
}
