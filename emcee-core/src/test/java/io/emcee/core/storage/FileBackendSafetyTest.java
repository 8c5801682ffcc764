package io.emcee.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.core.random.RandomStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening never destroys, one writer per file, exports that cannot spoil their target. */
class FileBackendSafetyTest {
  private static final int BLOCK = 10;

  @TempDir Path dir;

  private int blockBytes() {
    return (int)
        ChainFormat.blockBytes(
            ChainFormat.payloadLength(ChainFiles.metadata(), BLOCK, ChainFormat.VERSION));
  }

  private Path chain(String name, int steps) {
    Path file = dir.resolve(name);
    ChainFiles.create(file, steps, BLOCK);
    return file;
  }

  private int headerBytes(Path file) throws IOException {
    return (int) (Files.size(file) - 30L * blockBytes());
  }

  @Test
  void aDamagedBlockIsRefusedForWritingAndNothingChanges() throws IOException {
    Path file = chain("run.chain", 300);
    int damagedAt = headerBytes(file) + blockBytes() + 100; // inside block 1
    byte[] bytes = Files.readAllBytes(file);
    bytes[damagedAt] ^= 1;
    Files.write(file, bytes);
    EmceeException e = assertThrows(EmceeException.class, () -> FileBackend.open(file));
    assertEquals("EMCEE-F007", e.getCode());
    String msg = e.getMessage();
    assertTrue(msg.contains("damaged at byte " + (headerBytes(file) + blockBytes())), msg);
    assertTrue(msg.contains("the 10 steps before it are intact"), msg);
    assertTrue(msg.contains("28 intact block(s) hold steps 20 to 299"), msg);
    assertTrue(msg.contains("FileBackend.recover(path)"), msg);
    assertArrayEquals(bytes, Files.readAllBytes(file), "the refused open changed nothing");
    try (FileBackend read = FileBackend.openReadOnly(file)) {
      ChainFiles.assertKnownPrefix(read, 10, "read-only");
      assertTrue(read.getRecovery().reason().contains("checksum mismatch"));
    }
    assertArrayEquals(bytes, Files.readAllBytes(file));
  }

  @Test
  void recoveryKeepsEveryCutByteBesideTheFileAndTheChainGoesOn() throws IOException {
    Path file = chain("run.chain", 300);
    int cut = headerBytes(file) + 2 * blockBytes();
    byte[] bytes = Files.readAllBytes(file);
    Arrays.fill(bytes, cut, cut + 20, (byte) 0); // a zeroed block header
    Files.write(file, bytes);
    FileBackend.Recovery r = FileBackend.recover(file);
    assertEquals(20, r.steps());
    assertEquals(cut, r.goodBytes());
    assertEquals(bytes.length - cut, r.discardedBytes());
    Path copy = r.savedTo();
    assertNotNull(copy);
    assertTrue(copy.getFileName().toString().startsWith("run.chain.damaged-"), copy.toString());
    assertTrue(r.reason().contains("27 intact block(s) after it, steps 30 to 299"), r.reason());
    byte[] kept = Files.readAllBytes(file);
    byte[] cutBytes = Files.readAllBytes(copy);
    assertArrayEquals(Arrays.copyOf(bytes, cut), kept);
    assertArrayEquals(Arrays.copyOfRange(bytes, cut, bytes.length), cutBytes);
    try (FileBackend resumed = FileBackend.open(file)) {
      ChainFiles.assertKnownPrefix(resumed, 20, "recovered");
      ChainFiles.write(resumed, 20, 300);
    }
    try (FileBackend read = FileBackend.openReadOnly(file)) {
      ChainFiles.assertKnownPrefix(read, 300, "resumed to the end");
    }
    FileBackend.Recovery again = FileBackend.recover(file);
    assertNull(again.savedTo(), "nothing to cut in a clean file");
    assertEquals("end of file", again.reason());
  }

  @Test
  void theRecoverOptionRecoversOnOpening() throws IOException {
    Path file = chain("auto.chain", 100);
    Files.write(
        file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, java.nio.file.StandardOpenOption.APPEND);
    assertEquals(
        "EMCEE-F007", assertThrows(EmceeException.class, () -> FileBackend.open(file)).getCode());
    try (FileBackend chain =
        FileBackend.open(file, FileBackend.Options.DEFAULT.withRecoverDamaged(true))) {
      ChainFiles.assertKnownPrefix(chain, 100, "auto-recovered");
      assertEquals(9, chain.getRecovery().discardedBytes());
      assertEquals(9, Files.size(chain.getRecovery().savedTo()));
    }
  }

  @Test
  void aTornLastBlockOpensForWritingUntouchedAndIsReplacedByTheNextWrite() throws IOException {
    Path file = chain("torn.chain", 100);
    byte[] whole = Files.readAllBytes(file);
    for (int keep : new int[] {3, 19, 20, 500}) {
      byte[] torn = Arrays.copyOf(whole, whole.length - blockBytes() + keep);
      Files.write(file, torn);
      try (FileBackend chain = FileBackend.open(file)) {
        ChainFiles.assertKnownPrefix(chain, 90, "torn " + keep);
      }
      assertArrayEquals(torn, Files.readAllBytes(file), "opening and closing changed nothing");
      try (FileBackend chain = FileBackend.open(file)) {
        ChainFiles.write(chain, 90, 100);
      }
      assertArrayEquals(
          whole, Files.readAllBytes(file), "the rewritten block replaced the torn one");
    }
  }

  @Test
  void oneWriterPerFileInThisJvmAndReadersAreUnaffected() throws IOException {
    Path file = chain("locked.chain", 30);
    try (FileBackend writer = FileBackend.open(file)) {
      EmceeException e = assertThrows(EmceeException.class, () -> FileBackend.open(file));
      assertEquals("EMCEE-F008", e.getCode());
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      Path other = dir.resolve(".").resolve("locked.chain");
      assertEquals(
          "EMCEE-F008",
          assertThrows(EmceeException.class, () -> FileBackend.open(other)).getCode());
      assertEquals(
          "EMCEE-F008",
          assertThrows(EmceeException.class, () -> FileBackend.recover(file)).getCode());
      try (FileBackend reader = FileBackend.openReadOnly(file)) {
        ChainFiles.assertKnownPrefix(reader, 30, "reader beside the writer");
      }
      for (int i = 0; i < 50; i++) { // a monitor polling the chain beside its writer
        try (FileBackend poll = FileBackend.openReadOnly(file)) {
          assertEquals(30, poll.getIteration());
        }
      }
      // Closing them would drop the writer's OS lock; they are kept, but not one per poll.
      assertEquals(1, ChainLocks.parked(file));
      ChainFiles.write(writer, 30, 40);
    }
    assertEquals(0, ChainLocks.parked(file));
    try (FileBackend next = FileBackend.open(file)) {
      ChainFiles.assertKnownPrefix(next, 40, "the next writer");
    }
  }

  @Test
  void theSeriesCacheTellsApartSelectionsAFoldedKeyMixedUp() {
    // The old key, ((dim * P + first) * P + stride) * P + count with P = 1_000_003, gave
    // (first 0, stride 1, count P + 5) and (first 0, stride 2, count 5) the same number.
    int p = 1_000_003;
    Path file = dir.resolve("long.chain");
    try (FileBackend chain =
        FileBackend.open(file, FileBackend.Options.DEFAULT.withFlushEverySteps(1 << 16))) {
      chain.reset(ChainMetadata.of(1, 1));
      double[] x = new double[1];
      long[] none = new long[1];
      long[] state = new long[RandomStream.STATE_LENGTH];
      for (int t = 0; t < p + 5; t++) {
        x[0] = t;
        chain.saveStep(x, x, x, none, t + 1L, state);
      }
      double[] all = new double[p + 5];
      chain.readCoordSeries(0, 0, 0, 1, p + 5, all);
      assertEquals(p + 4, all[p + 4]);
      double[] even = new double[5];
      chain.readCoordSeries(0, 0, 0, 2, 5, even);
      assertArrayEquals(new double[] {0, 2, 4, 6, 8}, even);
    }
  }

  @Test
  void aFailedExportLeavesTheOldFileAndExportsNeverReplaceAChain() throws IOException {
    Path file = chain("live.chain", 20);
    Path csv = dir.resolve("out.csv");
    try (FileBackend chain = FileBackend.open(file)) {
      ChainExport.writeCsv(chain, csv, 0, 1);
      byte[] good = Files.readAllBytes(csv);
      ChainBackend failing =
          new ForwardingBackend(chain) {
            @Override
            public void readCoords(int step, double[] dest, int offset) {
              if (step == 15) {
                throw new IllegalStateException("disk gone at step 15");
              }
              super.readCoords(step, dest, offset);
            }
          };
      assertThrows(IllegalStateException.class, () -> ChainExport.writeCsv(failing, csv, 0, 1));
      assertThrows(IllegalStateException.class, () -> ChainExport.writeNpz(failing, csv));
      assertArrayEquals(good, Files.readAllBytes(csv), "the old export is intact");
      try (var files = Files.list(dir)) {
        assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count());
      }
      byte[] chainBytes = Files.readAllBytes(file);
      for (Path target : new Path[] {file, dir.resolve("./live.chain")}) {
        EmceeException e =
            assertThrows(EmceeException.class, () -> ChainExport.writeCsv(chain, target, 0, 1));
        assertEquals("EMCEE-F009", e.getCode());
        assertTrue(e.getMessage().contains("open for writing"), e.getMessage());
      }
      assertEquals(
          "EMCEE-F009",
          assertThrows(EmceeException.class, () -> ChainExport.writeNpz(chain, dir)).getCode());
      assertArrayEquals(chainBytes, Files.readAllBytes(file));
      ChainFiles.write(chain, 20, 25);
    }
    try (FileBackend read = FileBackend.openReadOnly(file)) {
      ChainFiles.assertKnownPrefix(read, 25, "the chain survived the refused exports");
      EmceeException closedChain =
          assertThrows(EmceeException.class, () -> ChainExport.writeNpz(read, file));
      assertTrue(closedChain.getMessage().contains("chain file"), closedChain.getMessage());
    }
  }

  /** Delegates every call, for tests that change one. */
  private static class ForwardingBackend implements ChainBackend {
    private final ChainBackend d;

    ForwardingBackend(ChainBackend d) {
      this.d = d;
    }

    @Override
    public void reset(ChainMetadata metadata) {
      d.reset(metadata);
    }

    @Override
    public boolean isInitialized() {
      return d.isInitialized();
    }

    @Override
    public ChainMetadata getMetadata() {
      return d.getMetadata();
    }

    @Override
    public int getIteration() {
      return d.getIteration();
    }

    @Override
    public void saveStep(
        double[] coords,
        double[] logProbability,
        double[] blobs,
        long[] accepted,
        long proposals,
        long[] randomState) {
      d.saveStep(coords, logProbability, blobs, accepted, proposals, randomState);
    }

    @Override
    public void readCoords(int step, double[] dest, int offset) {
      d.readCoords(step, dest, offset);
    }

    @Override
    public void readLogProbability(int step, double[] dest, int offset) {
      d.readLogProbability(step, dest, offset);
    }

    @Override
    public void readBlobs(int step, double[] dest, int offset) {
      d.readBlobs(step, dest, offset);
    }

    @Override
    public long[] getAccepted() {
      return d.getAccepted();
    }

    @Override
    public long getProposals() {
      return d.getProposals();
    }

    @Override
    public long[] getRandomState() {
      return d.getRandomState();
    }
  }
}
