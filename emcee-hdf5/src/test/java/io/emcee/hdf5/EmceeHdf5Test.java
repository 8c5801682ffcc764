package io.emcee.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.core.Chain;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.model.BlobField;
import io.emcee.core.random.RandomStream;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.InMemoryBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmceeHdf5Test {
  @TempDir Path dir;

  private static double[][] start(int nwalkers, int ndim) {
    RandomStream r = new RandomStream(2);
    double[][] s = new double[nwalkers][ndim];
    for (double[] w : s) {
      for (int j = 0; j < ndim; j++) {
        w[j] = r.nextGaussian();
      }
    }
    return s;
  }

  private static void assertSame(ChainBackend a, ChainBackend b) {
    assertEquals(a.getIteration(), b.getIteration());
    assertEquals(a.getMetadata().blobNames(), b.getMetadata().blobNames());
    int n = a.getWalkerCount();
    for (int t = 0; t < a.getIteration(); t++) {
      double[] x = new double[n * a.getDimension()];
      double[] y = new double[n * a.getDimension()];
      a.readCoords(t, x, 0);
      b.readCoords(t, y, 0);
      assertArrayEquals(x, y);
      double[] lx = new double[n];
      double[] ly = new double[n];
      a.readLogProbability(t, lx, 0);
      b.readLogProbability(t, ly, 0);
      assertArrayEquals(lx, ly);
      double[] bx = new double[n * a.getBlobCount()];
      double[] by = new double[n * a.getBlobCount()];
      a.readBlobs(t, bx, 0);
      b.readBlobs(t, by, 0);
      assertArrayEquals(bx, by);
    }
    assertArrayEquals(a.getAccepted(), b.getAccepted());
  }

  /** A chain with emcee's {@code blobs_dtype} of a double, an array, an integer and integers. */
  static Sampler fieldChain(int steps, boolean minusInfinity) {
    List<BlobField> fields =
        List.of(
            BlobField.of("a"),
            BlobField.array("b", 3),
            BlobField.integer("n"),
            BlobField.integers("c", 2));
    Sampler s = Sampler.builder().seed(12).build();
    s.run(
        Ensemble.withBlobFields(
            (x, bl) -> {
              if (minusInfinity && x[0] > 1.5) {
                return Double.NEGATIVE_INFINITY;
              }
              bl.set("a", x[0] * x[1]);
              bl.set("b", x);
              bl.set("n", (long) Math.floor(x[0] * 1e9) << 20);
              bl.set("c", 0, 7L);
              bl.set("c", 1, -(1L << 53));
              return -0.5 * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
            },
            fields,
            start(10, 3)),
        steps);
    return s;
  }

  @Test
  void blobFieldsRoundTripAsACompoundDataset() {
    Sampler s = fieldChain(40, true);
    for (EmceeHdf5.ExportOptions options :
        List.of(
            EmceeHdf5.ExportOptions.DEFAULT, EmceeHdf5.ExportOptions.DEFAULT.withCompression(3))) {
      Path file = dir.resolve("fields-" + options.compression() + ".h5");
      EmceeHdf5.write(s.getBackend(), file, options);
      InMemoryBackend back = EmceeHdf5.read(file);
      assertSame(s.getBackend(), back);
      Chain chain = Chain.of(back);
      assertEquals(s.getChain().getBlobFields(), chain.getBlobFields());
      long[][] n = chain.getLongBlob("n", 0, 1);
      assertTrue(
          java.util.Arrays.stream(n)
              .flatMapToLong(java.util.Arrays::stream)
              .anyMatch(v -> v == Long.MIN_VALUE),
          "a walker at -Infinity left its integer unset, and it reads back as unset");
      assertTrue(java.util.Arrays.deepEquals(s.getChain().getLongBlob("n", 0, 1), n));
    }
    // float32 rounds the doubles, never the integers
    Path f32 = dir.resolve("fields-f32.h5");
    EmceeHdf5.write(s.getBackend(), f32, EmceeHdf5.ExportOptions.DEFAULT.withFloat32(true));
    Chain single = Chain.of(EmceeHdf5.read(f32));
    assertTrue(
        java.util.Arrays.deepEquals(
            s.getChain().getLongBlobArray("c", 0, 1), single.getLongBlobArray("c", 0, 1)));
    double[][][] b = s.getChain().getBlobArray("b", 0, 1);
    double[][][] b32 = single.getBlobArray("b", 0, 1);
    assertEquals((double) (float) b[7][3][2], b32[7][3][2]);
  }

  @Test
  void aChainRoundTripsThroughEmceesLayout() {
    for (List<String> blobs : List.of(List.<String>of(), List.of("r2"), List.of("r2", "x0"))) {
      Sampler s = Sampler.builder().seed(4).parameterNames("m", "b").fingerprint("line v1").build();
      Ensemble e =
          blobs.isEmpty()
              ? new Ensemble(x -> -0.5 * (x[0] * x[0] + x[1] * x[1]), start(8, 2))
              : Ensemble.withBlobs(
                  (x, bl) -> {
                    double r2 = x[0] * x[0] + x[1] * x[1];
                    bl.set(0, r2);
                    if (blobs.size() > 1) {
                      bl.set(1, x[0]);
                    }
                    return -0.5 * r2;
                  },
                  blobs,
                  start(8, 2));
      s.run(e, 25);
      Path file = dir.resolve("chain-" + blobs.size() + ".h5");
      EmceeHdf5.write(s.getBackend(), file);
      InMemoryBackend back = EmceeHdf5.read(file);
      assertSame(s.getBackend(), back);
      assertEquals(List.of("m", "b"), back.getMetadata().parameterNames());
      assertEquals("line v1", back.getMetadata().fingerprint());
      assertEquals(25, back.getProposals());
    }
  }

  @Test
  void filesThatAreNotInEmceesLayoutAreClearErrors() throws Exception {
    EmceeException missing =
        assertThrows(EmceeException.class, () -> EmceeHdf5.read(dir.resolve("none.h5")));
    assertEquals("EMCEE-H002", missing.getCode());
    Path file = dir.resolve("chain.h5");
    Sampler s = Sampler.builder().seed(4).build();
    s.run(new Ensemble(x -> -0.5 * x[0] * x[0], start(4, 1)), 3);
    EmceeHdf5.write(s.getBackend(), file);
    EmceeException group = assertThrows(EmceeException.class, () -> EmceeHdf5.read(file, "other"));
    assertTrue(group.getMessage().contains("has no group 'other'"), group.getMessage());
    Path text = dir.resolve("text.h5");
    Files.writeString(text, "not hdf5");
    EmceeException notHdf = assertThrows(EmceeException.class, () -> EmceeHdf5.read(text));
    assertEquals("EMCEE-H002", notHdf.getCode());
  }

  @Test
  void aFolderOrAFileWithFewerRowsThanItsIterationIsNamed() throws Exception {
    EmceeException folder = assertThrows(EmceeException.class, () -> EmceeHdf5.read(dir));
    assertEquals("EMCEE-H002", folder.getCode());
    assertTrue(folder.getMessage().contains("is a folder"), folder.getMessage());
    Sampler s = Sampler.builder().seed(4).build();
    s.run(new Ensemble(x -> -0.5 * x[0] * x[0], start(4, 1)), 3);
    Path file = dir.resolve("short.h5");
    try (io.jhdf.WritableHdfFile out = io.jhdf.HdfFile.write(file)) {
      io.jhdf.api.WritableGroup g = out.putGroup("mcmc");
      g.putAttribute("nwalkers", 4);
      g.putAttribute("ndim", 1);
      g.putAttribute("has_blobs", false);
      g.putAttribute("iteration", 5);
      g.putDataset("accepted", new double[4]);
      g.putDataset("chain", new double[3][4][1]);
      g.putDataset("log_prob", new double[3][4]);
    }
    EmceeException rows = assertThrows(EmceeException.class, () -> EmceeHdf5.read(file));
    assertEquals("EMCEE-H003", rows.getCode());
    assertTrue(
        rows.getMessage().contains("says 5 steps but the datasets hold 3 rows"), rows.getMessage());
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndAChainIsNeverReplaced() throws Exception {
    Sampler s = Sampler.builder().seed(4).build();
    s.run(new Ensemble(x -> -0.5 * x[0] * x[0], start(4, 1)), 3);
    Path file = dir.resolve("keep.h5");
    EmceeHdf5.write(s.getBackend(), file);
    byte[] good = Files.readAllBytes(file);
    EmceeException empty =
        assertThrows(EmceeException.class, () -> EmceeHdf5.write(new InMemoryBackend(), file));
    assertEquals("EMCEE-I022", empty.getCode());
    InMemoryBackend noSteps = new InMemoryBackend();
    noSteps.reset(io.emcee.core.storage.ChainMetadata.of(4, 1));
    EmceeException zero = assertThrows(EmceeException.class, () -> EmceeHdf5.write(noSteps, file));
    assertEquals("EMCEE-H001", zero.getCode());
    assertArrayEquals(good, Files.readAllBytes(file), "the old export is intact");
    Path chainFile = dir.resolve("run.chain");
    try (io.emcee.core.storage.FileBackend chain =
        io.emcee.core.storage.FileBackend.open(chainFile)) {
      Sampler w = Sampler.builder().seed(4).backend(chain).build();
      w.run(new Ensemble(x -> -0.5 * x[0] * x[0], start(4, 1)), 3);
      chain.flush();
      byte[] chainBytes = Files.readAllBytes(chainFile);
      EmceeException live =
          assertThrows(EmceeException.class, () -> EmceeHdf5.write(chain, chainFile));
      assertEquals("EMCEE-F009", live.getCode());
      assertArrayEquals(chainBytes, Files.readAllBytes(chainFile));
      w.run(w.getLastSample(), 2);
    }
    try (io.emcee.core.storage.FileBackend read =
        io.emcee.core.storage.FileBackend.openReadOnly(chainFile)) {
      assertEquals(5, read.getIteration());
    }
  }

  /** A chain of {@code steps} generated steps: 8 walkers x 2 dims, one blob. */
  private static InMemoryBackend generated(int steps) {
    InMemoryBackend b = new InMemoryBackend();
    b.reset(new io.emcee.core.storage.ChainMetadata(8, 2, List.of(), List.of("r"), "m", "f"));
    double[] x = new double[16];
    double[] lp = new double[8];
    double[] blob = new double[8];
    long[] acc = new long[8];
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < 16; i++) {
        x[i] = (t * 16 + i) / 7.0;
      }
      for (int w = 0; w < 8; w++) {
        lp[w] = -(t * 8 + w) / 3.0;
        blob[w] = Math.sqrt(t + w);
        acc[w] = t / 2 + w % 2;
      }
      b.saveStep(x, lp, blob, acc, t + 1, new long[] {t, 1, 2, 3, 4, 5});
    }
    return b;
  }

  @Test
  void manyChunksDeflatedOrFloat32RoundTrip() {
    // 128 bytes a step: 8192 steps a chunk, so 20 000 steps are two whole chunks and an edge one.
    InMemoryBackend chain = generated(20_000);
    Path plain = dir.resolve("plain.h5");
    Path gzip = dir.resolve("gzip.h5");
    Path f32 = dir.resolve("f32.h5");
    EmceeHdf5.write(chain, plain);
    EmceeHdf5.write(chain, gzip, EmceeHdf5.ExportOptions.DEFAULT.withCompression(6));
    EmceeHdf5.write(
        chain, f32, EmceeHdf5.ExportOptions.DEFAULT.withFloat32(true).withGroup("other"));
    assertSame(chain, EmceeHdf5.read(plain));
    assertSame(chain, EmceeHdf5.read(gzip));
    assertTrue(sizeOf(gzip) < sizeOf(plain) / 2, sizeOf(gzip) + " vs " + sizeOf(plain));
    InMemoryBackend single = EmceeHdf5.read(f32, "other");
    assertEquals(20_000, single.getIteration());
    double[] x = new double[16];
    double[] y = new double[16];
    double[] b = new double[8];
    double[] c = new double[8];
    for (int t : new int[] {0, 8191, 8192, 19_999}) {
      chain.readCoords(t, x, 0);
      single.readCoords(t, y, 0);
      chain.readBlobs(t, b, 0);
      single.readBlobs(t, c, 0);
      for (int i = 0; i < 16; i++) {
        assertEquals((double) (float) x[i], y[i], 0.0, "float32 rounds to nearest");
      }
      for (int w = 0; w < 8; w++) {
        assertEquals((double) (float) b[w], c[w], 0.0);
      }
    }
    assertArrayEquals(chain.getAccepted(), single.getAccepted());
    assertArrayEquals(chain.getRandomState(), single.getRandomState());
    assertEquals(20_000, single.getProposals());
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anImportedChainResumesAsTheOriginalWouldHave() {
    Sampler original = Sampler.builder().seed(4).thinBy(2).build();
    Ensemble e = new Ensemble(x -> -0.5 * (x[0] * x[0] + x[1] * x[1]), start(8, 2));
    original.run(e, 30);
    Path file = dir.resolve("resume.h5");
    EmceeHdf5.write(
        original.getBackend(), file, EmceeHdf5.ExportOptions.DEFAULT.withCompression(1));
    try (io.emcee.core.storage.FileBackend into =
        io.emcee.core.storage.FileBackend.open(dir.resolve("resume.chain"))) {
      EmceeHdf5.read(file, "mcmc", into);
      assertEquals(60, into.getProposals(), "two proposals a stored step with thinBy(2)");
      Sampler resumed = Sampler.builder().seed(999).thinBy(2).backend(into).build();
      resumed.run(
          resumed.resume(x -> -0.5 * (x[0] * x[0] + x[1] * x[1]), io.emcee.api.Pools.serial()), 20);
      original.run(original.getLastSample(), 20);
      assertSame(original.getBackend(), into);
    }
  }

  @Test
  void exportOptionsOutsideEmceesAreRefused() {
    for (Runnable bad :
        List.<Runnable>of(
            () -> EmceeHdf5.ExportOptions.DEFAULT.withCompression(10),
            () -> EmceeHdf5.ExportOptions.DEFAULT.withCompression(-1),
            () -> EmceeHdf5.ExportOptions.DEFAULT.withGroup(" "),
            () -> EmceeHdf5.ExportOptions.DEFAULT.withGroup("a/b"))) {
      EmceeException e = assertThrows(EmceeException.class, bad::run);
      assertEquals("EMCEE-H004", e.getCode());
    }
  }

  @Test
  void aNumpyRandomStateIsWrittenAndReadBack() {
    long[] keys = new long[624];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = 0xFFFFFFFFL - i * 7919L;
    }
    EmceeHdf5.EmceeRandomState state =
        new EmceeHdf5.EmceeRandomState("MT19937", keys, 624, 1, -0.25);
    Path file = dir.resolve("numpy.h5");
    EmceeHdf5.write(generated(3), file, EmceeHdf5.ExportOptions.DEFAULT.withRandomState(state));
    assertEquals(state, EmceeHdf5.readRandomState(file, "mcmc"));
    Path none = dir.resolve("none.h5");
    EmceeHdf5.write(generated(3), none);
    assertEquals(null, EmceeHdf5.readRandomState(none, "mcmc"));
  }
}
