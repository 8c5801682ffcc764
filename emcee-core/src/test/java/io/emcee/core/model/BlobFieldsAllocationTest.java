package io.emcee.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pools;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Blob fields cost no allocation per walker: a model writing a double, an array and integers, per
 * walker and batched, evaluates a million walkers in less than 64 KB in all (the JIT's own work;
 * one object per walker would be 16 MB).
 */
class BlobFieldsAllocationTest {
  private static final int COUNT = 32;
  private static final int NDIM = 3;
  private static final List<BlobField> FIELDS =
      List.of(
          BlobField.of("a"),
          BlobField.array("b", NDIM),
          BlobField.integer("n"),
          BlobField.integers("c", 2));

  private static long evaluate(Model model, double[] points, double[] out, int calls) {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      model.evaluate(points, COUNT, NDIM, out);
      sum += (long) out[out.length - 1];
    }
    return sum;
  }

  private static long allocatedIn(Model model) {
    double[] points = new double[COUNT * NDIM];
    for (int i = 0; i < points.length; i++) {
      points[i] = Math.sin(i);
    }
    double[] out = new double[COUNT * (1 + model.getBlobCount())];
    evaluate(model, points, out, 5_000);
    long reading = 0;
    for (int i = 0; i < 100; i++) {
      long a = ParameterNamesTest.allocatedBytes();
      reading = ParameterNamesTest.allocatedBytes() - a;
    }
    long before = ParameterNamesTest.allocatedBytes();
    long sum = evaluate(model, points, out, 1_000_000 / COUNT);
    long allocated = ParameterNamesTest.allocatedBytes() - before - reading;
    assertEquals(-2 * (1_000_000 / COUNT), sum, "the last walker's c[1] is -2");
    return allocated;
  }

  @Test
  void perWalkerFieldsAllocateNothing() {
    BlobLogProbability f =
        (x, blobs) -> {
          blobs.set("a", x[0] * x[1]);
          blobs.set("b", x);
          blobs.set("n", 7L);
          blobs.set("c", 0, 1L);
          blobs.set("c", 1, -2L);
          return -0.5 * x[0] * x[0];
        };
    long allocated = allocatedIn(Model.withBlobFields(f, FIELDS, Pools.serial()));
    assertTrue(allocated < 64 * 1024, allocated + " bytes for a million walkers");
  }

  @Test
  void batchedFieldsAllocateNothing() {
    BlobLayout layout = BlobLayout.of(FIELDS);
    int width = layout.width();
    int b = layout.offset("b");
    int n = layout.offset("n");
    int c = layout.offset("c");
    BatchBlobLogProbability f =
        (x, count, ndim, lp, blobs) -> {
          for (int i = 0; i < count; i++) {
            lp[i] = -0.5 * x[i * ndim] * x[i * ndim];
            blobs[i * width] = x[i * ndim] * x[i * ndim + 1];
            System.arraycopy(x, i * ndim, blobs, i * width + b, ndim);
            blobs[i * width + n] = 7;
            blobs[i * width + c] = 1;
            blobs[i * width + c + 1] = -2;
          }
        };
    long allocated = allocatedIn(Model.batchedWithBlobs(f, FIELDS));
    assertTrue(allocated < 64 * 1024, allocated + " bytes for a million walkers");
  }
}
