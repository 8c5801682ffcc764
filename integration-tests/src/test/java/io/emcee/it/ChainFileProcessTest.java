package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.storage.ChainExport;
import io.emcee.core.storage.FileBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per chain file and damaged files, across real processes. */
class ChainFileProcessTest {
  @TempDir Path dir;

  private static ChainJvm child(String mode, Path file) throws Exception {
    return new ChainJvm(
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false),
            Map.of(),
            List.of(),
            ChainOpenMain.class,
            mode,
            file.toString()));
  }

  /** A child running {@link ChainOpenMain}. */
  private record ChainJvm(ChildJvm jvm) implements AutoCloseable {
    String finish() throws InterruptedException {
      assertEquals(0, jvm.waitFor(Duration.ofSeconds(60)), jvm.output());
      return jvm.output();
    }

    @Override
    public void close() {
      jvm.close();
    }
  }

  private static void sample(Path file, int steps) {
    try (FileBackend chain =
        FileBackend.open(file, FileBackend.Options.DEFAULT.withFlushEverySteps(10))) {
      Sampler s = FileChainMain.sampler().backend(chain).build();
      s.run(new Ensemble(FileChainMain.model(0), FileChainMain.start(), Pools.serial()), steps);
    }
  }

  @Test
  void aWriterInAnotherProcessLocksTheFileUntilItIsKilled() throws Exception {
    Path file = dir.resolve("held.chain");
    sample(file, 30);
    try (ChainJvm holder = child("hold", file)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!holder.jvm().output().contains("holding") && System.nanoTime() < deadline) {
        assertTrue(holder.jvm().process().isAlive(), holder.jvm().output());
        Thread.sleep(20);
      }
      assertTrue(holder.jvm().output().contains("holding steps=30"), holder.jvm().output());
      EmceeException e = assertThrows(() -> FileBackend.open(file));
      assertEquals("EMCEE-F008", e.getCode());
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("another process"), e.getMessage());
      try (FileBackend reader = FileBackend.openReadOnly(file)) {
        assertEquals(30, reader.getIteration(), "readers are not affected");
        Path csv = dir.resolve("held.csv");
        ChainExport.writeCsv(reader, csv, 0, 1);
        assertEquals(
            "EMCEE-F009", assertThrows(() -> ChainExport.writeCsv(reader, file, 0, 1)).getCode());
      }
      holder.jvm().process().destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
    }
    try (FileBackend next = FileBackend.open(file)) {
      assertEquals(30, next.getIteration(), "a killed writer's lock went with it");
    }
  }

  @Test
  void aWriterHereLocksTheFileAgainstAnotherProcess() throws Exception {
    Path file = dir.resolve("mine.chain");
    sample(file, 20);
    try (FileBackend writer = FileBackend.open(file)) {
      try (FileBackend reader = FileBackend.openReadOnly(file)) {
        assertEquals(20, reader.getIteration());
      } // on POSIX, closing any handle on the file would drop this process's lock on it
      try (ChainJvm other = child("open", file)) {
        String out = other.finish();
        assertTrue(out.contains("error [EMCEE-F008]"), out);
        assertTrue(out.contains(file.toString()), out);
      }
      assertEquals(20, writer.getIteration());
    }
    try (ChainJvm other = child("open", file)) {
      String out = other.finish();
      assertTrue(out.contains("opened steps=20"), out);
    }
  }

  @Test
  void aDamagedFileIsRefusedUntilRecoveredAndThenResumesToTheUninterruptedChain() throws Exception {
    Path file = dir.resolve("damaged.chain");
    sample(file, 100);
    byte[] bytes = Files.readAllBytes(file);
    // header, 10 steps, acceptance + proposals + random state, the segment, checksum
    int blockBytes = 20 + 10 * 8 * (24 * 10 + 24) + 8 * (24 + 1 + 6) + 8 + 4;
    int header = bytes.length - 10 * blockBytes;
    bytes[header + 4 * blockBytes + 1000] ^= 0x04; // a flipped bit in block 4 (steps 40-49)
    Files.write(file, bytes);
    try (ChainJvm other = child("open", file)) {
      String out = other.finish();
      assertTrue(out.contains("error [EMCEE-F007]"), out);
      assertTrue(out.contains("the 40 steps before it are intact"), out);
      assertTrue(out.contains("5 intact block(s) hold steps 50 to 99"), out);
    }
    assertArrayEquals(bytes, Files.readAllBytes(file), "the refused open changed nothing");
    try (ChainJvm other = child("recover", file)) {
      String out = other.finish();
      assertTrue(out.contains("recovered steps=40 savedTo=" + file + ".damaged-"), out);
    }
    assertEquals(header + 4L * blockBytes, Files.size(file));
    Sampler reference = FileChainMain.sampler().build();
    reference.run(new Ensemble(FileChainMain.model(0), FileChainMain.start(), Pools.serial()), 150);
    try (FileBackend resumed = FileBackend.open(file)) {
      assertEquals(40, resumed.getIteration());
      Sampler s = FileChainMain.sampler().backend(resumed).build();
      s.run(s.resume(FileChainMain.model(0), Pools.serial()), 110);
      assertEquals(ChainDigest.of(reference), ChainDigest.of(s));
    }
  }

  private static EmceeException assertThrows(org.junit.jupiter.api.function.Executable e) {
    return org.junit.jupiter.api.Assertions.assertThrows(EmceeException.class, e);
  }
}
