package io.emcee.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
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
}
