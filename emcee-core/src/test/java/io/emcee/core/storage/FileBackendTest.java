package io.emcee.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.model.BlobLogProbability;
import io.emcee.core.model.Model;
import io.emcee.core.moves.DEMove;
import io.emcee.core.random.RandomStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBackendTest {
  private static final int NWALKERS = 10;
  private static final int NDIM = 3;
  private static final List<String> BLOBS = List.of("r2", "x0");

  @TempDir Path dir;

  private static final BlobLogProbability MODEL =
      (x, blobs) -> {
        double r2 = 0;
        for (double v : x) {
          r2 += v * v;
        }
        blobs.set(0, r2);
        blobs.set(1, x[0]);
        return -0.5 * r2;
      };

  private static Model model() {
    return Model.withBlobs(MODEL, BLOBS, Pools.serial());
  }

  private static double[][] start() {
    RandomStream r = new RandomStream(8);
    double[][] s = new double[NWALKERS][NDIM];
    for (double[] w : s) {
      for (int j = 0; j < NDIM; j++) {
        w[j] = r.nextGaussian();
      }
    }
    return s;
  }

  private static Sampler.Builder builder() {
    return Sampler.builder().seed(31).fingerprint("gauss v1").parameterNames("a", "b", "c");
  }

  private static Sampler reference(int steps) {
    Sampler s = builder().build();
    s.run(new Ensemble(model(), start()), steps);
    return s;
  }

  private static FileBackend.Options every(int steps) {
    return FileBackend.Options.DEFAULT.withFlushEverySteps(steps);
  }

  /** Every stored step, log-probability and blob equal, and the bookkeeping at the last step. */
  private static void assertSameChain(ChainBackend expected, ChainBackend actual, int steps) {
    assertEquals(steps, actual.getIteration());
    int n = expected.getWalkerCount();
    double[] a = new double[n * NDIM];
    double[] b = new double[n * NDIM];
    double[] la = new double[n];
    double[] lb = new double[n];
    double[] ba = new double[n * 2];
    double[] bb = new double[n * 2];
    for (int t = 0; t < steps; t++) {
      expected.readCoords(t, a, 0);
      actual.readCoords(t, b, 0);
      assertArrayEquals(a, b, "coords of step " + t);
      expected.readLogProbability(t, la, 0);
      actual.readLogProbability(t, lb, 0);
      assertArrayEquals(la, lb, "log-probability of step " + t);
      expected.readBlobs(t, ba, 0);
      actual.readBlobs(t, bb, 0);
      assertArrayEquals(ba, bb, "blobs of step " + t);
    }
  }

  @Test
  void aChainWrittenToAFileReadsBackExactly() {
    Path file = dir.resolve("chain.emcee");
    Sampler reference = reference(95);
    try (FileBackend backend = FileBackend.open(file, every(7))) {
      Sampler s = builder().backend(backend).build();
      s.run(new Ensemble(model(), start()), 95);
      assertSameChain(reference.getBackend(), backend, 95);
      assertArrayEquals(reference.getAcceptanceFraction(), s.getAcceptanceFraction());
      assertArrayEquals(
          reference.getIntegratedAutocorrTime(10, 2, true),
          s.getIntegratedAutocorrTime(10, 2, true));
    }
    try (FileBackend read = FileBackend.openReadOnly(file)) {
      assertSameChain(reference.getBackend(), read, 95);
      ChainMetadata m = read.getMetadata();
      assertEquals(List.of("a", "b", "c"), m.parameterNames());
      assertEquals(BLOBS, m.blobNames());
      assertEquals("gauss v1", m.fingerprint());
      assertTrue(m.moves().contains("StretchMove(a=2.0)"), m.moves());
      assertArrayEquals(reference.getBackend().getAccepted(), read.getAccepted());
      assertEquals(95, read.getProposals());
      assertEquals("end of file", read.getRecovery().reason());
    }
  }

  @Test
  void aCrashLosesOnlyTheUnwrittenStepsAndResumingGivesTheUninterruptedChain() throws IOException {
    Path file = dir.resolve("crash.emcee");
    Path copy = dir.resolve("crash-copy.emcee");
    try (FileBackend backend = FileBackend.open(file, every(10))) {
      Sampler s = builder().backend(backend).build();
      s.run(new Ensemble(model(), start()), 47);
      // What a killed process leaves: the file as it is now (47 steps, 40 written).
      Files.copy(file, copy);
    }
    Sampler reference = reference(120);
    try (FileBackend resumed = FileBackend.open(copy, every(10))) {
      assertEquals(40, resumed.getIteration(), "the last written block ends at step 40");
      Sampler s = builder().backend(resumed).build();
      s.run(s.resume(model()), 80);
      assertSameChain(reference.getBackend(), resumed, 120);
      assertArrayEquals(reference.getAcceptanceFraction(), s.getAcceptanceFraction());
    }
  }

  @Test
  void resumingAgainstAnotherProblemOrMoveSetIsRefusedUnlessAllowed() {
    Path file = dir.resolve("check.emcee");
    try (FileBackend backend = FileBackend.open(file)) {
      builder().backend(backend).build().run(new Ensemble(model(), start()), 5);
    }
    try (FileBackend backend = FileBackend.open(file)) {
      EmceeException f =
          assertThrows(
              EmceeException.class,
              () -> builder().fingerprint("gauss v2").backend(backend).build());
      assertEquals("EMCEE-F010", f.getCode());
      assertTrue(f.getMessage().contains("'gauss v1' but this sampler's is 'gauss v2'"));
      EmceeException m =
          assertThrows(
              EmceeException.class, () -> builder().move(new DEMove(), 1).backend(backend).build());
      assertEquals("EMCEE-F011", m.getCode());
      Sampler allowed =
          builder().fingerprint("gauss v2").allowResumeMismatch(true).backend(backend).build();
      allowed.run(allowed.resume(model()), 3);
      assertEquals(8, backend.getIteration());
    }
  }

  @Test
  void aReaderFollowsAChainWhileItIsWritten() {
    Path file = dir.resolve("live.emcee");
    try (FileBackend writer = FileBackend.open(file, every(10))) {
      Sampler s = builder().backend(writer).build();
      Ensemble last = s.run(new Ensemble(model(), start()), 30);
      try (FileBackend reader = FileBackend.openReadOnly(file)) {
        assertEquals(30, reader.getIteration());
        s.run(last, 25); // 20 more written, 5 still buffered
        assertEquals(30, reader.getIteration());
        reader.refresh();
        assertEquals(50, reader.getIteration());
        assertSameChain(writer, reader, 50);
        assertThrows(EmceeException.class, () -> reader.reset(ChainMetadata.of(2, 2)));
      }
    }
  }

  @Test
  void truncatedOrCorruptedFilesOpenToTheirLastGoodBlockOrFailClearly() throws IOException {
    Path file = dir.resolve("good.emcee");
    try (FileBackend backend = FileBackend.open(file, every(10))) {
      builder().backend(backend).build().run(new Ensemble(model(), start()), 200);
    }
    byte[] original = Files.readAllBytes(file);
    // 20 blocks of 10 steps: 20-byte block header, 10 steps of (30 coords + 10 log-probs + 20
    // blobs) doubles, then 10 acceptance counts, the proposals and 6 longs of random state, CRC.
    int blockBytes = 20 + 10 * 8 * 60 + 8 * 17 + 4;
    int header = original.length - 20 * blockBytes;
    assertTrue(header > 8 && header < 1000, "header of " + header + " bytes");
    Sampler reference = reference(200);
    // The bookkeeping the reference had after each stored step, to compare recovered tails.
    RandomStream r = new RandomStream(20261124);
    int opened = 0;
    int refused = 0;
    for (int c = 0; c < 120; c++) {
      byte[] bytes = original.clone();
      int mode = c % 3;
      int at = r.nextInt(bytes.length);
      String what;
      if (mode == 0) {
        bytes = Arrays.copyOf(bytes, at);
        what = "cut at " + at;
      } else if (mode == 1) {
        bytes[at] ^= (byte) (1 + r.nextInt(255));
        what = "byte " + at + " flipped";
      } else {
        int len = 1 + r.nextInt(64);
        for (int i = at; i < Math.min(bytes.length, at + len); i++) {
          bytes[i] = (byte) r.nextInt(256);
        }
        what = len + " random bytes at " + at;
      }
      Path damaged = dir.resolve("damaged-" + c + ".emcee");
      Files.write(damaged, bytes);
      FileBackend read;
      try {
        read = FileBackend.openReadOnly(damaged);
      } catch (EmceeException e) {
        assertTrue(
            List.of("EMCEE-F001", "EMCEE-F002", "EMCEE-F003").contains(e.getCode()),
            what + ": " + e.getMessage());
        refused++;
        continue;
      }
      try (read) {
        int steps = read.getIteration();
        assertEquals(0, steps % 10, what + ": recovered " + steps + " steps, not whole blocks");
        if (mode == 0) {
          // A cut keeps exactly the blocks that end before it.
          assertEquals(Math.min(200, Math.max(0, (at - header) / blockBytes) * 10), steps, what);
        }
        assertSameChain(reference.getBackend(), read, steps);
        if (steps > 0) {
          assertEquals(steps, read.getProposals(), what);
        }
        opened++;
      }
    }
    assertTrue(opened > 80 && refused > 0, "opened " + opened + ", refused " + refused);
  }

  @Test
  void notAChainFileIsAClearError() throws IOException {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "this is not a chain, just some notes about one");
    EmceeException e = assertThrows(EmceeException.class, () -> FileBackend.openReadOnly(text));
    assertEquals("EMCEE-F001", e.getCode());
    assertTrue(e.getMessage().contains("not an emcee-jvm chain file"), e.getMessage());
    EmceeException missing =
        assertThrows(EmceeException.class, () -> FileBackend.openReadOnly(dir.resolve("none")));
    assertEquals("EMCEE-F004", missing.getCode());
  }

  @Test
  void anInterruptedThreadStillWritesItsLastSteps() {
    // After Ctrl-C the sampling thread's interrupt flag is set while the program closes its
    // chain; the write must not be lost (a FileChannel would close itself here).
    Path file = dir.resolve("interrupted.emcee");
    try (FileBackend backend = FileBackend.open(file, every(1000))) {
      Sampler s = builder().backend(backend).build();
      s.run(new Ensemble(model(), start()), 12);
      Thread.currentThread().interrupt();
      backend.flush();
      assertTrue(Thread.interrupted(), "the flag is left as it was");
    }
    try (FileBackend read = FileBackend.openReadOnly(file)) {
      assertEquals(12, read.getIteration());
    }
  }

  @Test
  void csvAndNpzExportsHoldTheChain() throws IOException {
    Sampler s = reference(30);
    Path csv = dir.resolve("chain.csv");
    ChainExport.writeCsv(s.getBackend(), csv, 10, 5);
    List<String> lines = Files.readAllLines(csv);
    assertEquals("step,walker,a,b,c,log_prob,r2,x0", lines.get(0));
    assertEquals(1 + 4 * NWALKERS, lines.size());
    String[] first = lines.get(1).split(",");
    double[] coords = new double[NWALKERS * NDIM];
    s.getBackend().readCoords(14, coords, 0);
    assertEquals("14", first[0]);
    assertEquals(coords[0], Double.parseDouble(first[2]));
    Path npz = Path.of(System.getProperty("java.io.tmpdir"), "chain-export-test.npz");
    ChainExport.writeNpz(s.getBackend(), npz);
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(npz.toFile())) {
      byte[] chain = zip.getInputStream(zip.getEntry("chain.npy")).readAllBytes();
      String header = new String(chain, 10, (chain[8] & 0xff) | (chain[9] & 0xff) << 8);
      assertTrue(header.contains("'shape': (30, 10, 3)"), header);
      assertEquals(0, (10 + header.length()) % 64, "numpy pads headers to 64 bytes");
      java.nio.ByteBuffer data =
          java.nio.ByteBuffer.wrap(chain, 10 + header.length(), chain.length - 10 - header.length())
              .slice()
              .order(java.nio.ByteOrder.LITTLE_ENDIAN);
      assertEquals(30 * NWALKERS * NDIM * 8, data.remaining());
      s.getBackend().readCoords(29, coords, 0);
      assertEquals(coords[5], data.getDouble(8 * (29 * NWALKERS * NDIM + 5)));
      for (String name : List.of("log_prob.npy", "blobs.npy", "accepted.npy", "iteration.npy")) {
        assertTrue(zip.getEntry(name) != null, name);
      }
    }
  }
}
