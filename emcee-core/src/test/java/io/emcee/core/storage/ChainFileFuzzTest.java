package io.emcee.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.core.random.RandomStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens 1,200 damaged copies of a chain file (cuts, flipped bits, runs of random bytes, bytes
 * appended), each read-only and for writing: every open gives a prefix of the true chain or a coded
 * error, and no open for writing changes a byte of the file; only recover() cuts, and it keeps what
 * it cuts.
 */
class ChainFileFuzzTest {
  private static final int STEPS = 200;
  private static final int BLOCK = 10;
  private static final int VARIANTS = 1200;
  private static final Set<String> READ_REFUSALS = Set.of("EMCEE-F001", "EMCEE-F002", "EMCEE-F003");

  @TempDir Path dir;

  @Test
  void everyDamagedVariantOpensToAPrefixOrFailsClearlyAndOnlyRecoverCuts() throws IOException {
    Path original = dir.resolve("true.chain");
    ChainFiles.create(original, STEPS, BLOCK);
    byte[] truth = Files.readAllBytes(original);
    RandomStream r = new RandomStream(20261206);
    // opened with nothing after the last good block, opened after a torn block, refused as
    // damaged, refused for a damaged header
    int[] outcomes = new int[4];
    int recovered = 0;
    long start = System.nanoTime();
    for (int c = 0; c < VARIANTS; c++) {
      byte[] bytes = truth.clone();
      String what;
      int at = r.nextInt(bytes.length);
      switch (c % 4) {
        case 0 -> {
          bytes = Arrays.copyOf(bytes, at);
          what = "cut at " + at;
        }
        case 1 -> {
          int bit = r.nextInt(8);
          bytes[at] ^= (byte) (1 << bit);
          what = "bit " + bit + " of byte " + at + " flipped";
        }
        case 2 -> {
          int len = 1 + r.nextInt(80);
          for (int i = at; i < Math.min(bytes.length, at + len); i++) {
            bytes[i] = (byte) r.nextInt(256);
          }
          what = len + " random bytes at " + at;
        }
        default -> {
          int len = 1 + r.nextInt(300);
          byte[] longer = Arrays.copyOf(bytes, bytes.length + len);
          for (int i = bytes.length; i < longer.length; i++) {
            longer[i] = (byte) r.nextInt(256);
          }
          bytes = longer;
          what = len + " random bytes appended";
        }
      }
      Path file = dir.resolve("variant.chain");
      Files.write(file, bytes);
      int readSteps = -1;
      try (FileBackend read = FileBackend.openReadOnly(file)) {
        readSteps = read.isInitialized() ? read.getIteration() : 0;
        ChainFiles.assertKnownPrefix(read, readSteps, what);
      } catch (EmceeException e) {
        assertTrue(READ_REFUSALS.contains(e.getCode()), what + ": " + e.getMessage());
      }
      if (c % 4 == 3) {
        assertEquals(STEPS, readSteps, what + ": appended bytes hide no step");
      }
      assertArrayEquals(bytes, Files.readAllBytes(file), what + ": a read-only open changed it");
      boolean refusedAsDamaged = false;
      try (FileBackend write = FileBackend.open(file)) {
        int steps = write.isInitialized() ? write.getIteration() : 0;
        assertEquals(readSteps, steps, what + ": the writer sees what the reader sees");
        ChainFiles.assertKnownPrefix(write, steps, what);
        outcomes[write.getRecovery().discardedBytes() > 0 ? 1 : 0]++;
      } catch (EmceeException e) {
        if (e.getCode().equals("EMCEE-F007")) {
          refusedAsDamaged = true;
          outcomes[2]++;
          assertTrue(e.getMessage().contains(readSteps + " steps before it are intact"), what);
        } else {
          assertTrue(READ_REFUSALS.contains(e.getCode()), what + ": " + e.getMessage());
          assertEquals(-1, readSteps, what + ": refused for writing but read");
          outcomes[3]++;
        }
      }
      assertArrayEquals(bytes, Files.readAllBytes(file), what + ": an open for writing changed it");
      if (c % 4 == 3) {
        assertTrue(refusedAsDamaged, what + ": appended bytes are damage");
      }
      if (refusedAsDamaged && c % 20 < 2) {
        FileBackend.Recovery rec = FileBackend.recover(file);
        Path copy = rec.savedTo();
        byte[] kept = Files.readAllBytes(file);
        byte[] cut = Files.readAllBytes(copy);
        assertEquals(bytes.length, kept.length + cut.length, what);
        assertArrayEquals(Arrays.copyOf(bytes, kept.length), kept, what);
        assertArrayEquals(Arrays.copyOfRange(bytes, kept.length, bytes.length), cut, what);
        try (FileBackend resumed = FileBackend.open(file)) {
          ChainFiles.assertKnownPrefix(resumed, readSteps, what + " after recovery");
        }
        Files.delete(copy);
        recovered++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<String> summary =
        List.of(
            "opened " + outcomes[0],
            "opened after a torn block " + outcomes[1],
            "refused as damaged " + outcomes[2],
            "refused (header) " + outcomes[3],
            "recovered " + recovered,
            String.format("%.1f s", seconds));
    assertTrue(outcomes[1] > 0 && outcomes[2] > 300 && outcomes[3] > 0, summary.toString());
    assertTrue(recovered > 40, summary.toString());
    assertTrue(seconds < 30, summary.toString());
  }
}
