package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.model.BlobLogProbability;
import io.emcee.core.storage.FileBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python (Debian's python3 and numpy, with the repository's {@code python/emcee_jvm_reader.py})
 * follows a chain file while a Java run writes it.
 */
class PythonFollowTest {
  static final Path PYTHON = Path.of("/usr/bin/python3");

  @TempDir Path dir;

  /** The repository's Python folder (tests run in the module's folder). */
  static Path pythonFolder() {
    Path folder = Path.of("").toAbsolutePath().getParent().resolve("python");
    assertTrue(
        Files.isRegularFile(folder.resolve("emcee_jvm_reader.py")),
        "python/emcee_jvm_reader.py not found from " + Path.of("").toAbsolutePath());
    return folder;
  }

  /** Copies a script from the test resources to {@code dir}. */
  static Path script(Path dir, String name) throws IOException {
    assertTrue(
        Files.isExecutable(PYTHON),
        "the Python interop tests need Debian's python3 with python3-emcee and python3-h5py: run"
            + " bin/prerequisites (bin/test does)");
    Path script = dir.resolve(name);
    try (InputStream in = PythonFollowTest.class.getResourceAsStream("/" + name)) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    return script;
  }

  private static int seen(Path file) {
    try {
      return Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  @Test
  void pythonReadsAGrowingChainAndEveryReadIsAPrefixOfTheFinalChain() throws Exception {
    BlobLogProbability model = TestModels.normalWithBlobs();
    Path chainFile = dir.resolve("growing.chain");
    Path seen = dir.resolve("seen");
    int total = 400;
    int flushEvery = 50;
    List<Integer> waitedAt = List.of(100, 200, 300);
    String ours;
    try (ChildJvm python =
        ChildJvm.launch(
            List.of(
                PYTHON.toString(),
                script(dir, "emcee_follow.py").toString(),
                pythonFolder().toString(),
                chainFile.toString(),
                Integer.toString(total),
                seen.toString()),
            Map.of())) {
      try (FileBackend chain =
          FileBackend.open(
              chainFile,
              FileBackend.Options.DEFAULT
                  .withFlushEverySteps(flushEvery)
                  .withFlushInterval(Duration.ofHours(1)))) {
        Sampler sampler = Sampler.builder().seed(11).backend(chain).build();
        sampler.run(
            Ensemble.withBlobs(model, TestModels.BLOB_NAMES, FileChainMain.start()),
            total,
            step -> {
              int i = step.getIteration();
              if (waitedAt.contains(i)) {
                // The run is held here, mid-run, until Python has read the i steps on disk.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (seen(seen) < i) {
                  assertTrue(python.process().isAlive(), python.output());
                  assertTrue(System.nanoTime() < deadline, "Python did not read step " + i);
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                  }
                }
              }
              return true;
            });
        ours = ChainDigest.of(sampler);
      }
      assertEquals(0, python.waitFor(Duration.ofSeconds(120)), python.output());
      String out = python.output();
      assertTrue(out.contains("digest=" + ours), out);
      assertTrue(out.contains("blobs=(400, 24, 2)"), out);
      assertTrue(out.contains("damaged-copies=ok"), out);
      String reads =
          out.lines().filter(l -> l.startsWith("reads=")).findFirst().orElseThrow().substring(6);
      List<Integer> iterations = Arrays.stream(reads.split(",")).map(Integer::valueOf).toList();
      assertTrue(
          iterations.containsAll(waitedAt), "Python read at " + iterations + " while the run ran");
      System.out.println("[python follow] reads at iterations " + iterations);
      long during = iterations.stream().filter(i -> i > 0 && i < total).count();
      assertTrue(during >= 3, "reads during the run: " + iterations);
      for (int i : iterations) {
        assertEquals(0, i % flushEvery, "whole blocks only: " + iterations);
      }
    }
  }
}
