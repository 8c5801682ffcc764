package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.RunOptions;
import io.emcee.core.Sampler;
import io.emcee.core.model.BlobLogProbability;
import io.emcee.core.storage.FileBackend;
import io.emcee.core.storage.InMemoryBackend;
import io.emcee.hdf5.EmceeHdf5;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety and exact resumption of file chains across processes, and Python's emcee reading
 * them.
 */
class StorageIntegrationTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @TempDir Path dir;

  private static Sampler reference(int steps, long cost) {
    Sampler s = FileChainMain.sampler().build();
    s.run(new Ensemble(FileChainMain.model(cost), FileChainMain.start(), Pools.serial()), steps);
    return s;
  }

  private static int stepsIn(Path file) {
    if (!Files.exists(file)) {
      return 0;
    }
    try (FileBackend read = FileBackend.openReadOnly(file)) {
      return read.isInitialized() ? read.getIteration() : 0;
    } catch (RuntimeException e) {
      return 0; // the header is being written
    }
  }

  @Test
  void aKilledRunLeavesEveryFlushedStepAndResumesToTheUninterruptedChain() throws Exception {
    Path file = dir.resolve("killed.chain");
    int total = 400;
    long cost = 20_000;
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false),
            Map.of(),
            List.of(),
            FileChainMain.class,
            "file",
            file.toString(),
            Integer.toString(total),
            "10",
            Long.toString(cost),
            "serial")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (stepsIn(file) < 50 && System.nanoTime() < deadline) {
        assertTrue(child.process().isAlive(), child.output());
        Thread.sleep(20);
      }
      int before = stepsIn(file);
      child.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      assertTrue(before >= 50 && before < total, "killed after " + before + " steps");
    }
    Sampler reference = reference(total, cost);
    try (FileBackend resumed = FileBackend.open(file)) {
      int kept = resumed.getIteration();
      assertEquals(0, kept % 10, "whole blocks only: " + kept);
      assertTrue(kept >= 50 && kept < total, "kept " + kept);
      Sampler sampler = FileChainMain.sampler().backend(resumed).build();
      sampler.run(sampler.resume(FileChainMain.model(cost), Pools.serial()), total - kept);
      assertEquals(ChainDigest.of(reference), ChainDigest.of(sampler));
    }
  }

  @Test
  void ctrlCOnTheLocalPoolLeavesAReadableResumableFile() throws Exception {
    Path file = dir.resolve("ctrl-c.chain");
    int total = 1500;
    // About 3.6 s of rows on two threads, so the interrupt 0.2 s in lands mid-run even on a
    // loaded machine; the chain does not depend on the cost, so the reference and the resumed
    // steps run without it.
    long cost = 200_000;
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false),
            Map.of("EMCEE_THREADS", "2"),
            List.of(),
            FileChainMain.class,
            "file",
            file.toString(),
            Integer.toString(total),
            "25",
            Long.toString(cost),
            "local")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!child.output().contains("sampling") && System.nanoTime() < deadline) {
        assertTrue(child.process().isAlive(), child.output());
        Thread.sleep(20);
      }
      Thread.sleep(200);
      child.interrupt();
      assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.output());
      assertTrue(child.output().contains("interrupted kept="), child.output());
      assertTrue(child.output().contains("closed"), child.output());
    }
    String out;
    Sampler reference = reference(total, 0);
    try (FileBackend resumed = FileBackend.open(file)) {
      int kept = resumed.getIteration();
      assertTrue(kept > 5 && kept < total, "kept " + kept);
      assertEquals("end of file", resumed.getRecovery().reason(), "closed cleanly: no torn block");
      Sampler sampler = FileChainMain.sampler().backend(resumed).build();
      sampler.run(sampler.resume(FileChainMain.model(0), Pools.serial()), total - kept);
      out = ChainDigest.of(sampler);
    }
    assertEquals(ChainDigest.of(reference), out);
  }

  @Test
  void theFileBackendKeepsTheHeapBoundedWhereMemoryWouldNot() throws Exception {
    // 48 000 steps x 24 walkers x 10 dims: 92 MB of coordinates, in a 48 MB heap.
    String steps = "48000";
    Path file = dir.resolve("long.chain");
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false),
            Map.of(),
            List.of("-Xmx48m"),
            FileChainMain.class,
            "file",
            file.toString(),
            steps,
            "1000",
            "0",
            "serial")) {
      assertEquals(0, child.waitFor(Duration.ofSeconds(120)), child.output());
      assertTrue(child.output().contains("finished steps=" + steps), child.output());
    }
    assertTrue(Files.size(file) > 92_000_000L, "the chain is on disk: " + Files.size(file));
    try (ChildJvm control =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false),
            Map.of(),
            List.of("-Xmx48m"),
            FileChainMain.class,
            "memory",
            "-",
            steps,
            "1000",
            "0",
            "serial")) {
      assertNotEquals(0, control.waitFor(Duration.ofSeconds(120)), control.output());
      // Refused before allocating, with a clear error rather than an OutOfMemoryError.
      assertTrue(control.output().contains("[EMCEE-I033]"), control.output());
    }
  }

  private static String python(String... args) throws IOException, InterruptedException {
    assertTrue(
        Files.isExecutable(PYTHON),
        "the interop test needs Debian's python3 with python3-emcee and python3-h5py: run"
            + " bin/prerequisites (bin/test does)");
    Path script = Files.createTempFile("emcee_interop", ".py");
    try (InputStream in = StorageIntegrationTest.class.getResourceAsStream("/emcee_interop.py")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
    Files.deleteIfExists(script);
    assertEquals(
        0,
        p.exitValue(),
        "python failed (are python3-emcee and python3-h5py installed?"
            + " run bin/prerequisites):\n"
            + output);
    return output;
  }

  @Test
  void pythonsEmceeReadsOurChainExactly() throws Exception {
    BlobLogProbability withBlobs = TestModels.normalWithBlobs();
    Path chainFile = dir.resolve("ours.chain");
    Path h5 = dir.resolve("ours.h5");
    String ours;
    try (FileBackend chain = FileBackend.open(chainFile)) {
      Sampler sampler = Sampler.builder().seed(5).backend(chain).build();
      sampler.run(Ensemble.withBlobs(withBlobs, TestModels.BLOB_NAMES, FileChainMain.start()), 300);
      ours = ChainDigest.of(sampler);
      EmceeHdf5.write(chain, h5);
    }
    String out = python("read", h5.toString());
    assertTrue(out.contains("digest=" + ours), out);
    Path npz = dir.resolve("ours.npz");
    try (FileBackend chain = FileBackend.openReadOnly(chainFile)) {
      io.emcee.core.storage.ChainExport.writeNpz(chain, npz);
    }
    String fromNpz = python("npz", npz.toString());
    assertTrue(fromNpz.contains("digest=" + ours), fromNpz);
    assertTrue(out.contains("chain=(300, 24, 10) blobs=(300, 24, 2)"), out);
    assertTrue(out.contains("iteration=300"), out);
  }

  @Test
  void segmentsTravelInBothExportsAndEmceeStillReadsThem() throws Exception {
    Path h5 = dir.resolve("segments.h5");
    Path npz = dir.resolve("segments.npz");
    InMemoryBackend chain = new InMemoryBackend();
    Sampler sampler = Sampler.builder().seed(9).backend(chain).build();
    Ensemble end = sampler.run(new Ensemble(FileChainMain.model(0), FileChainMain.start()), 40);
    end = sampler.run(end, 30, RunOptions.DEFAULT.withThinBy(5));
    sampler.run(end, 20, RunOptions.DEFAULT.withThinBy(5).withTune(true));
    assertEquals(3, chain.getSegments().size(), chain.getSegments()::toString);
    EmceeHdf5.write(chain, h5);
    io.emcee.core.storage.ChainExport.writeNpz(chain, npz);
    String out = python("segments", h5.toString(), npz.toString());
    assertTrue(out.contains("emcee chain=(90, 24, 10) iteration=90"), out);
    String values = "first_step=[0, 40, 70] thin_by=[1, 5, 5] tune=[0, 0, 1] follows=[0, 1, 1]";
    assertTrue(out.contains("h5 " + values), out);
    assertTrue(out.contains("npz " + values), out);
    assertTrue(out.contains("npz dtypes int64 int64 bool bool"), out);
    // Our import takes them back.
    assertEquals(chain.getSegments(), EmceeHdf5.read(h5).getSegments());
  }

  @Test
  void weReadPythonsEmceeChainExactly() throws Exception {
    Path h5 = dir.resolve("emcee.h5");
    String out = python("write", h5.toString(), "42");
    String digest = out.lines().filter(l -> l.startsWith("digest=")).findFirst().orElseThrow();
    InMemoryBackend imported = EmceeHdf5.read(h5);
    assertEquals(200, imported.getIteration());
    assertEquals(List.of("blob0", "blob1"), imported.getMetadata().blobNames());
    Sampler view = Sampler.builder().backend(imported).allowResumeMismatch(true).build();
    assertEquals(digest, "digest=" + ChainDigest.of(view));
  }
}
