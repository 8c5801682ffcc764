package io.emcee.benchmarks;

import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.random.RandomStream;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.FileBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What the file backend costs on the README example (10-D, 100 walkers, log p = -½|x|²): time per
 * step against the in-memory backend, with and without fsync, and bytes on disk per sample against
 * the raw doubles. Run: {@code bin/benchmark StorageCostMain}.
 */
public final class StorageCostMain {
  private StorageCostMain() {}

  /**
   * Time per step for each backend, measured in interleaved rounds (so all see the same machine)
   * after two warm-up rounds; the best of the measured rounds for each.
   */
  private static double[] perStep(List<Supplier<ChainBackend>> backends, int steps) {
    RandomStream r = new RandomStream(1);
    double[][] start = new double[100][10];
    for (double[] w : start) {
      for (int j = 0; j < 10; j++) {
        w[j] = r.nextGaussian();
      }
    }
    double[] best = new double[backends.size()];
    java.util.Arrays.fill(best, Double.MAX_VALUE);
    for (int round = 0; round < 2 + ROUNDS; round++) {
      for (int i = 0; i < backends.size(); i++) {
        try (ChainBackend b = backends.get(i).get()) {
          Sampler s = Sampler.builder().seed(round).backend(b).build();
          long t0 = System.nanoTime();
          s.run(new Ensemble(GaussianModel.STANDARD_NORMAL, start, Pools.serial()), steps);
          b.flush();
          double t = (System.nanoTime() - t0) / 1e3 / steps;
          if (round >= 2) {
            best[i] = Math.min(best[i], t);
          }
        }
      }
    }
    return best;
  }

  private static final int ROUNDS = 3;

  /**
   * Runs the comparison.
   *
   * @param args ignored
   * @throws IOException when the temporary file cannot be made
   */
  public static void main(String[] args) throws IOException {
    int steps = 20_000;
    Path file = Files.createTempFile("emcee-storage-cost", ".chain");
    try {
      double[] times =
          perStep(
              List.of(
                  ChainBackend::inMemory,
                  () -> reopen(file, FileBackend.Options.DEFAULT),
                  () ->
                      reopen(
                          file,
                          FileBackend.Options.DEFAULT
                              .withFlushEverySteps(100)
                              .withFlushInterval(Duration.ofSeconds(5))
                              .withSync(true)),
                  () -> reopen(file, FileBackend.Options.DEFAULT)), // leaves the file to measure
              steps);
      double memory = times[0];
      double fileDefault = times[1];
      double fileSync = times[2];
      long bytes = Files.size(file);
      double perSample = (double) bytes / (steps * 100.0);
      System.out.println(
          "# README example: 10-D, 100 walkers, 20 000 steps; best of 3 interleaved rounds after 2 of warm-up");
      System.out.println("| backend | µs per step | vs in-memory |");
      System.out.println("|---|---|---|");
      System.out.printf(Locale.ROOT, "| in-memory | %.2f | 1.00× |%n", memory);
      System.out.printf(
          Locale.ROOT,
          "| file (write every 1000 steps) | %.2f | %.2f× |%n",
          fileDefault,
          fileDefault / memory);
      System.out.printf(
          Locale.ROOT,
          "| file (write and fsync every 100 steps) | %.2f | %.2f× |%n",
          fileSync,
          fileSync / memory);
      System.out.printf(
          Locale.ROOT,
          "%nfile size: %d bytes for %d samples = %.2f bytes per sample; raw doubles of the"
              + " coordinates: 80 bytes, with the log-probability: 88 bytes (%.3f× that)%n",
          bytes,
          steps * 100L,
          perSample,
          perSample / 88.0);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static ChainBackend reopen(Path file, FileBackend.Options options) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return FileBackend.open(file, options);
  }
}
