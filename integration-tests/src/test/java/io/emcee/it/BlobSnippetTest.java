package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.model.BlobField;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The README's blob lines ("Moves, blobs, batches") run as a user copies them, one after the other
 * on one sampler: plain named blobs, then blob fields with an array and an integer.
 */
class BlobSnippetTest {
  private static double lp(double[] x) {
    return -0.5 * (x[0] * x[0] + x[1] * x[1]);
  }

  /** How many coordinates are positive: an integer blob. */
  private static long count(double[] x) {
    return (x[0] > 0 ? 1 : 0) + (x[1] > 0 ? 1 : 0);
  }

  private static double[][] start() {
    Random random = new Random(20261206);
    double[][] start = new double[32][2];
    for (double[] w : start) {
      w[0] = random.nextGaussian();
      w[1] = random.nextGaussian();
    }
    return start;
  }

  /** The README's lines, from the plain blobs to the integer reader. */
  private static final List<String> README_LINES =
      List.of(
          "Ensemble e = Ensemble.withBlobs((x, blobs) -> { blobs.set(\"r\", Math.hypot(x[0],"
              + " x[1])); return lp(x); },",
          "sampler.run(e, 5000);",
          "double[][][] r = sampler.getBlobs(1000, 1);",
          "Ensemble f = Ensemble.withBlobFields((x, blobs) -> { blobs.set(\"x\", x);"
              + " blobs.set(\"n\", count(x)); return lp(x); },",
          "List.of(BlobField.array(\"x\", 2), BlobField.integer(\"n\")), start, pool);",
          "sampler.reset();",
          "sampler.run(f, 5000);",
          "double[][][] xs = sampler.getChain().getBlobArray(\"x\", 1000, 1);",
          "long[][] n = sampler.getChain().getLongBlob(\"n\", 1000, 1);");

  @Test
  void theReadmeStillShowsTheseLines() throws Exception {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.exists(here.resolve("README.md")) ? here : here.getParent();
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    for (String line : README_LINES) {
      assertTrue(readme.contains(line), "the README no longer shows: " + line);
    }
  }

  @Test
  void theBlobLinesRunAsWritten() {
    double[][] start = start();
    try (Pool pool = Pools.load("local")) {
      Sampler sampler = Sampler.builder().seed(11).build();
      // spotless:off
      Ensemble e = Ensemble.withBlobs((x, blobs) -> { blobs.set("r", Math.hypot(x[0], x[1])); return lp(x); },
                                      List.of("r"), start, pool);
      sampler.run(e, 5000);
      double[][][] r = sampler.getBlobs(1000, 1);
      Ensemble f = Ensemble.withBlobFields((x, blobs) -> { blobs.set("x", x); blobs.set("n", count(x)); return lp(x); },
                                           List.of(BlobField.array("x", 2), BlobField.integer("n")), start, pool);
      sampler.reset();
      sampler.run(f, 5000);
      double[][][] xs = sampler.getChain().getBlobArray("x", 1000, 1);
      long[][] n = sampler.getChain().getLongBlob("n", 1000, 1);
      // spotless:on
      assertEquals(4000, r.length);
      assertEquals(1, r[0][0].length);
      double[][][] coords = sampler.getCoords(1000, 1);
      assertEquals(4000, xs.length);
      for (int s = 0; s < xs.length; s++) {
        for (int w = 0; w < 32; w++) {
          // the blobs are those of the stored point: the array its coordinates, n their count
          assertEquals(coords[s][w][0], xs[s][w][0]);
          assertEquals(coords[s][w][1], xs[s][w][1]);
          assertEquals(count(coords[s][w]), n[s][w]);
        }
      }
    }
  }

  @Test
  void withoutTheResetTheMessageSaysWhatToDo() {
    double[][] start = start();
    try (Pool pool = Pools.load("local")) {
      Sampler sampler = Sampler.builder().seed(11).build();
      sampler.run(
          Ensemble.withBlobs(
              (x, blobs) -> {
                blobs.set("r", Math.hypot(x[0], x[1]));
                return lp(x);
              },
              List.of("r"),
              start,
              pool),
          10);
      Ensemble f =
          Ensemble.withBlobFields(
              (x, blobs) -> {
                blobs.set("x", x);
                blobs.set("n", count(x));
                return lp(x);
              },
              List.of(BlobField.array("x", 2), BlobField.integer("n")),
              start,
              pool);
      EmceeException error = assertThrows(EmceeException.class, () -> sampler.run(f, 10));
      assertEquals("EMCEE-I010", error.getCode());
      assertTrue(error.getMessage().contains("call reset()"), error.getMessage());
    }
  }
}
