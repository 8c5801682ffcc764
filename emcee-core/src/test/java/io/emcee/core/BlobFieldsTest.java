package io.emcee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.core.model.BatchBlobLogProbability;
import io.emcee.core.model.BlobField;
import io.emcee.core.model.BlobLayout;
import io.emcee.core.model.BlobLogProbability;
import io.emcee.core.model.LogProbabilityException;
import io.emcee.core.model.Model;
import io.emcee.core.storage.FileBackend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blob fields with a shape and a kind, after emcee's {@code tests/unit/test_blobs.py}: a scalar, an
 * array of k, integers and a mix of them come back from the chain with their shape, per walker and
 * batched, through memory and a chain file; and the mistakes a model can make are refused with
 * their code.
 */
class BlobFieldsTest {
  private static final int NWALKERS = 16;
  private static final int NDIM = 3;
  private static final int STEPS = 30;

  @TempDir Path dir;

  private static double[][] start() {
    return StretchMoveStatisticsTest.normalStart(NWALKERS, NDIM, 42);
  }

  private static double gaussian(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return -0.5 * s;
  }

  /**
   * The mixed fields: emcee's {@code [("a", float), ("b", float, 3), ("n", int), ("c", int, 2)]}.
   */
  private static final List<BlobField> MIXED =
      List.of(
          BlobField.of("a"),
          BlobField.array("b", NDIM),
          BlobField.integer("n"),
          BlobField.integers("c", 2));

  /** An integer whose low bits come from x: exactly a long, large enough to need 2^40. */
  private static long count(double[] x, int from) {
    return (long) Math.floor(x[from] * 1e6) * (1L << 20) + 7;
  }

  private static final BlobLogProbability MIXED_MODEL =
      (x, blobs) -> {
        blobs.set("a", x[0] + x[1]);
        blobs.set("b", x);
        blobs.set("n", count(x, 0));
        blobs.set("c", 0, count(x, 1));
        blobs.set("c", 1, -count(x, 2));
        return gaussian(x);
      };

  /** The same blobs written by a batch model into the flat buffer, at the layout's offsets. */
  private static final BatchBlobLogProbability MIXED_BATCH =
      (x, count, ndim, lp, blobs) -> {
        BlobLayout layout = BlobLayout.of(MIXED);
        int width = layout.width();
        int b = layout.offset("b");
        int n = layout.offset("n");
        int c = layout.offset("c");
        double[] row = new double[ndim];
        for (int i = 0; i < count; i++) {
          System.arraycopy(x, i * ndim, row, 0, ndim);
          lp[i] = gaussian(row);
          blobs[i * width] = row[0] + row[1];
          System.arraycopy(row, 0, blobs, i * width + b, ndim);
          blobs[i * width + n] = count(row, 0);
          blobs[i * width + c] = count(row, 1);
          blobs[i * width + c + 1] = -count(row, 2);
        }
      };

  private static void assertMixedBlobs(Chain chain) {
    assertEquals(MIXED, chain.getBlobFields());
    assertEquals(
        List.of("a", "b[0]", "b[1]", "b[2]", "n:int64", "c[0]:int64", "c[1]:int64"),
        chain.getBlobNames());
    double[][][] coords = chain.getCoords(0, 1);
    double[][] a = chain.getBlob("a", 0, 1);
    double[][][] b = chain.getBlobArray("b", 0, 1);
    long[][] n = chain.getLongBlob("n", 0, 1);
    long[][][] c = chain.getLongBlobArray("c", 0, 1);
    assertEquals(STEPS, a.length);
    assertEquals(NWALKERS, a[0].length);
    assertEquals(STEPS, b.length);
    assertEquals(NWALKERS, b[0].length);
    assertEquals(NDIM, b[0][0].length);
    assertEquals(2, c[0][0].length);
    for (int t = 0; t < STEPS; t++) {
      for (int w = 0; w < NWALKERS; w++) {
        double[] x = coords[t][w];
        assertEquals(x[0] + x[1], a[t][w]);
        assertArrayEquals(x, b[t][w]);
        assertEquals(count(x, 0), n[t][w]);
        assertArrayEquals(new long[] {count(x, 1), -count(x, 2)}, c[t][w]);
      }
    }
    // the column readers of plain blobs still work, an integer field also by its own name
    double[] flatN = chain.getFlatBlob("n", 0, 1);
    assertEquals((double) n[STEPS - 1][NWALKERS - 1], flatN[flatN.length - 1]);
    assertEquals(b[4][5][2], chain.getFlatBlob("b[2]", 0, 1)[4 * NWALKERS + 5]);
    assertEquals(7, chain.getBlobs(0, 1)[0][0].length);
  }

  @Test
  void scalarArrayAndIntegerFieldsComeBackWithTheirShape() {
    Sampler sampler = Sampler.builder().seed(3).build();
    Ensemble start = Ensemble.withBlobFields(MIXED_MODEL, MIXED, start());
    assertEquals(MIXED, start.getBlobFields());
    sampler.run(start, STEPS);
    assertMixedBlobs(sampler.getChain());
  }

  @Test
  void fieldsChangeNothingOfTheChainItself() {
    Sampler with = Sampler.builder().seed(9).build();
    with.run(Ensemble.withBlobFields(MIXED_MODEL, MIXED, start()), STEPS);
    Sampler without = Sampler.builder().seed(9).build();
    without.run(new Ensemble(BlobFieldsTest::gaussian, start()), STEPS);
    assertTrue(Arrays.deepEquals(with.getCoords(), without.getCoords()));
    assertTrue(Arrays.deepEquals(with.getLogProbability(), without.getLogProbability()));
  }

  @Test
  void aBatchedModelWritesTheSameBlobsAsOnePointAtATime() {
    Sampler perWalker = Sampler.builder().seed(4).build();
    perWalker.run(Ensemble.withBlobFields(MIXED_MODEL, MIXED, start()), STEPS);
    Sampler batched = Sampler.builder().seed(4).build();
    Ensemble start = Ensemble.batched(MIXED_BATCH, MIXED, start());
    assertTrue(start.getModel().isBatched());
    batched.run(start, STEPS);
    assertMixedBlobs(batched.getChain());
    assertTrue(Arrays.deepEquals(perWalker.getCoords(), batched.getCoords()));
    assertTrue(Arrays.deepEquals(perWalker.getBlobs(0, 1), batched.getBlobs(0, 1)));
  }

  @Test
  void aBatchedModelMayLeaveTheBlobsOfARowAtMinusInfinity() {
    BatchBlobLogProbability boxed =
        (x, count, ndim, lp, blobs) -> {
          for (int i = 0; i < count; i++) {
            double x0 = x[i * ndim];
            if (Math.abs(x0) > 1) {
              lp[i] = Double.NEGATIVE_INFINITY;
              continue;
            }
            lp[i] = -0.5 * x0 * x0;
            blobs[i * 2] = x0;
            blobs[i * 2 + 1] = Math.round(x0 * 100);
          }
        };
    double[][] start = start();
    start[0][0] = 5;
    Sampler sampler = Sampler.builder().seed(6).build();
    sampler.run(
        Ensemble.batched(boxed, List.of(BlobField.of("x0"), BlobField.integer("k")), start), 40);
    double[] flat = sampler.getChain().getFlatBlob("x0", 0, 1);
    long[][] k = sampler.getChain().getLongBlob("k", 0, 1);
    double[][] coords = sampler.getFlatCoords(0, 1);
    int inside = 0;
    for (int i = 0; i < flat.length; i++) {
      long ki = k[i / NWALKERS][i % NWALKERS];
      if (Math.abs(coords[i][0]) <= 1) {
        assertEquals(coords[i][0], flat[i]);
        assertEquals(Math.round(coords[i][0] * 100), ki);
        inside++;
      } else {
        assertTrue(Double.isNaN(flat[i]), "row " + i);
        assertEquals(Long.MIN_VALUE, ki, "an unset integer reads as Long.MIN_VALUE");
      }
    }
    assertTrue(inside > flat.length / 2, inside + " of " + flat.length);
    assertTrue(inside < flat.length, "walker 0 stays outside for a while");
  }

  @Test
  void aChainFileKeepsTheFieldsAndAResumedRunContinuesThem() {
    Path file = dir.resolve("fields.chain");
    try (FileBackend backend = FileBackend.open(file)) {
      Sampler sampler = Sampler.builder().seed(8).backend(backend).build();
      sampler.run(Ensemble.withBlobFields(MIXED_MODEL, MIXED, start()), STEPS / 2);
    }
    try (FileBackend backend = FileBackend.open(file)) {
      Sampler sampler = Sampler.builder().seed(8).backend(backend).build();
      sampler.run(
          sampler.resume(Model.withBlobFields(MIXED_MODEL, MIXED, io.emcee.api.Pools.serial())),
          STEPS / 2);
    }
    try (FileBackend read = FileBackend.openReadOnly(file)) {
      assertMixedBlobs(Chain.of(read));
    }
    // a model whose integer is declared a double is another model: the columns differ
    try (FileBackend backend = FileBackend.open(file)) {
      Sampler sampler = Sampler.builder().seed(8).backend(backend).build();
      List<BlobField> other =
          List.of(
              BlobField.of("a"),
              BlobField.array("b", NDIM),
              BlobField.of("n"),
              BlobField.integers("c", 2));
      EmceeException e =
          assertThrows(
              EmceeException.class,
              () ->
                  sampler.resume(
                      Model.withBlobFields(MIXED_MODEL, other, io.emcee.api.Pools.serial())));
      assertTrue(e.getMessage().contains("n:int64"), e.getMessage());
    }
  }

  @Test
  void plainNamesAreDoubleFieldsAsBefore() {
    Ensemble e =
        Ensemble.withBlobs(
            (x, b) -> {
              b.set("r", 1);
              b.set("s[0]", 2.5);
              return 0;
            },
            List.of("r", "s[0]"),
            start());
    assertEquals(List.of("r", "s[0]"), e.getBlobNames());
    assertEquals(List.of(BlobField.of("r"), BlobField.of("s[0]")), e.getBlobFields());
    assertArrayEquals(new double[] {1, 2.5}, e.getBlobs()[0]);
  }

  @Test
  void theColumnsOfAStoredChainReadBackAsFields() {
    assertEquals(MIXED, BlobLayout.fromColumns(BlobLayout.of(MIXED).columns()).fields());
    // a lone "x[1]" is no array, and a plain name stays a double
    assertEquals(
        List.of(BlobField.of("x[1]"), BlobField.of("y"), BlobField.array("z", 1)),
        BlobLayout.fromColumns(List.of("x[1]", "y", "z[0]")).fields());
    assertEquals(BlobLayout.NONE, BlobLayout.fromColumns(List.of()));
  }

  // ------------------------------------------------------------------ errors

  @Test
  void anArrayOfTheWrongLengthIsRefusedWithTheWalker() {
    BlobLogProbability shortArray =
        (x, blobs) -> {
          blobs.set("b", new double[] {x[0], x[1]});
          return gaussian(x);
        };
    LogProbabilityException e =
        assertThrows(
            LogProbabilityException.class,
            () ->
                Ensemble.withBlobFields(shortArray, List.of(BlobField.array("b", 3)), start())
                    .getLogProbability());
    assertEquals("EMCEE-I086", e.getCode());
    assertTrue(e.getMessage().contains("walker 0"), e.getMessage());
    assertTrue(e.getMessage().contains("'b' holds 3 values but 2 were given"), e.getMessage());
    BlobLogProbability pastTheEnd =
        (x, blobs) -> {
          blobs.set("b", 3, 1.0);
          return 0;
        };
    assertEquals(
        "EMCEE-I086",
        assertThrows(
                LogProbabilityException.class,
                () ->
                    Ensemble.withBlobFields(pastTheEnd, List.of(BlobField.array("b", 3)), start())
                        .getLogProbability())
            .getCode());
  }

  @Test
  void aNameDeclaredTwiceIsRefused() {
    EmceeException twice =
        assertThrows(
            EmceeException.class,
            () ->
                Ensemble.withBlobFields(
                    MIXED_MODEL, List.of(BlobField.of("a"), BlobField.integer("a")), start()));
    assertEquals("EMCEE-I084", twice.getCode());
    assertTrue(twice.getMessage().contains("'a' is declared twice"), twice.getMessage());
    // an array's column taken by a scalar of that name
    EmceeException column =
        assertThrows(
            EmceeException.class,
            () -> BlobLayout.of(List.of(BlobField.array("b", 2), BlobField.of("b[1]"))));
    assertEquals("EMCEE-I084", column.getCode());
    assertTrue(column.getMessage().contains("'b[1]'"), column.getMessage());
  }

  @Test
  void namesThatWouldReadBackAsAnotherFieldAreRefused() {
    for (List<BlobField> bad :
        List.of(
            List.of(BlobField.array("b[0]", 2)),
            List.of(BlobField.integer("n]")),
            List.of(BlobField.of("n:int64")))) {
      EmceeException e = assertThrows(EmceeException.class, () -> BlobLayout.of(bad));
      assertEquals("EMCEE-I083", e.getCode(), e.getMessage());
    }
    EmceeException plain =
        assertThrows(
            EmceeException.class,
            () -> Ensemble.withBlobs((x, b) -> 0, List.of("n:int64"), start()));
    assertEquals("EMCEE-I083", plain.getCode());
    assertEquals(
        "EMCEE-I083", assertThrows(EmceeException.class, () -> BlobField.array("b", 0)).getCode());
    assertEquals(
        "EMCEE-I083",
        assertThrows(EmceeException.class, () -> new BlobField(" ", BlobField.Kind.DOUBLE, 0))
            .getCode());
  }

  @Test
  void anIntegerBeyondTwoToThe53IsRefused() {
    long limit = BlobField.MAX_INTEGER;
    List<BlobField> n = List.of(BlobField.integer("n"));
    // the limit itself is exact and stored
    Ensemble ok =
        Ensemble.withBlobFields(
            (x, b) -> {
              b.set("n", -limit);
              return 0;
            },
            n,
            start());
    assertEquals((double) -limit, ok.getBlobs()[3][0]);
    for (BlobLogProbability bad :
        List.<BlobLogProbability>of(
            (x, b) -> {
              b.set("n", limit + 1);
              return 0;
            },
            (x, b) -> {
              b.set("n", Long.MIN_VALUE);
              return 0;
            },
            (x, b) -> {
              b.set("n", 0.5);
              return 0;
            },
            (x, b) -> {
              b.set(0, 1e300);
              return 0;
            })) {
      LogProbabilityException e =
          assertThrows(
              LogProbabilityException.class,
              () -> Ensemble.withBlobFields(bad, n, start()).getLogProbability());
      assertEquals("EMCEE-I085", e.getCode(), e.getMessage());
      assertTrue(e.getMessage().contains("walker 0"), e.getMessage());
      assertTrue(e.getMessage().contains("2^53"), e.getMessage());
    }
    // a batched model is checked after its call, naming the walker of the bad row
    BatchBlobLogProbability batch =
        (x, count, ndim, lp, blobs) -> {
          for (int i = 0; i < count; i++) {
            lp[i] = 0;
            blobs[i] = i == 5 ? 0x1p60 : i;
          }
        };
    LogProbabilityException e =
        assertThrows(
            LogProbabilityException.class,
            () -> Ensemble.batched(batch, n, start()).getLogProbability());
    assertEquals("EMCEE-I085", e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains("walker 5"), e.getMessage());
    // and so are given blobs
    double[][] given = new double[NWALKERS][];
    for (int w = 0; w < NWALKERS; w++) {
      given[w] = new double[] {w == 2 ? 2.5 : w};
    }
    EmceeException known =
        assertThrows(
            EmceeException.class,
            () ->
                Ensemble.withBlobFields((x, b) -> 0, n, start())
                    .withLogProbability(new double[NWALKERS], given));
    assertEquals("EMCEE-I085", known.getCode());
    assertTrue(known.getMessage().contains("walker 2"), known.getMessage());
  }

  @Test
  void aFieldReadAsAnotherKindOrShapeIsRefused() {
    Sampler sampler = Sampler.builder().seed(3).build();
    sampler.run(Ensemble.withBlobFields(MIXED_MODEL, MIXED, start()), 5);
    Chain chain = sampler.getChain();
    EmceeException longAsDouble =
        assertThrows(EmceeException.class, () -> chain.getBlob("n", 0, 1));
    assertEquals("EMCEE-I087", longAsDouble.getCode());
    assertTrue(longAsDouble.getMessage().contains("getLongBlob"), longAsDouble.getMessage());
    assertEquals(
        "EMCEE-I087",
        assertThrows(EmceeException.class, () -> chain.getBlobArray("a", 0, 1)).getCode());
    assertEquals(
        "EMCEE-I087",
        assertThrows(EmceeException.class, () -> chain.getLongBlobArray("b", 0, 1)).getCode());
    assertEquals(
        "EMCEE-I040",
        assertThrows(EmceeException.class, () -> chain.getBlob("zz", 0, 1)).getCode());
  }
}
