package io.emcee.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.model.BlobField;
import io.emcee.core.model.BlobLogProbability;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model with blob fields travels to grid workers as bytes through the allow-list (its layout with
 * it) and gives the serial pool's chain and blobs, bit for bit.
 */
class BlobFieldsOnAGridTest {
  private static final List<BlobField> FIELDS =
      List.of(BlobField.array("x", 2), BlobField.integer("n"));

  private static final BlobLogProbability MODEL =
      (x, blobs) -> {
        blobs.set("x", x);
        blobs.set("n", Math.round(x[0] * 1e6));
        return -0.5 * (x[0] * x[0] + x[1] * x[1]);
      };

  private static double[][] start() {
    double[][] s = new double[12][2];
    for (int w = 0; w < s.length; w++) {
      s[w][0] = Math.sin(w + 0.5);
      s[w][1] = Math.cos(2 * w + 0.5);
    }
    return s;
  }

  @Test
  void blobFieldsOnAGridAreTheSerialPoolsBitForBit() {
    Sampler serial = Sampler.builder().seed(17).build();
    serial.run(Ensemble.withBlobFields(MODEL, FIELDS, start(), Pools.serial()), 30);
    try (ThreadGridPool grid = new ThreadGridPool(true, 3)) {
      Sampler onGrid = Sampler.builder().seed(17).build();
      onGrid.run(Ensemble.withBlobFields(MODEL, FIELDS, start(), grid), 30);
      assertTrue(Arrays.deepEquals(serial.getCoords(), onGrid.getCoords()));
      assertTrue(Arrays.deepEquals(serial.getBlobs(0, 1), onGrid.getBlobs(0, 1)));
      assertEquals(FIELDS, onGrid.getChain().getBlobFields());
      assertTrue(
          Arrays.deepEquals(
              serial.getChain().getLongBlob("n", 0, 1), onGrid.getChain().getLongBlob("n", 0, 1)));
    }
  }
}
