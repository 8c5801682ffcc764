package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.storage.FileBackend;
import io.emcee.hdf5.EmceeHdf5;
import io.emcee.hdf5.EmceeHdf5.ExportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HDF5 export and import against Debian's Python emcee and h5py: compression, float32, a heap far
 * smaller than the chain, and numpy's random state kept through an import and an export.
 */
class PythonHdf5Test {
  /**
   * Steps of the bounded-heap export: 20 000 x 100 x 10 in the suite (160 MB of coordinates in a 64
   * MB heap); {@code -Demcee.test.hdf5.steps=1000000 -Demcee.test.hdf5.heap=256m} gives the full
   * 10^6 x 100 x 10 chain (8 GB) in 256 MB.
   */
  private static final int BIG_STEPS = Integer.getInteger("emcee.test.hdf5.steps", 20_000);

  private static final String BIG_HEAP = System.getProperty("emcee.test.hdf5.heap", "64m");

  @TempDir Path dir;

  private String python(String script, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(PythonFollowTest.PYTHON.toString());
    command.add(PythonFollowTest.script(dir, script).toString());
    command.addAll(List.of(args));
    try (ChildJvm p = ChildJvm.launch(command, Map.of())) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(30)), p.output());
      return p.output();
    }
  }

  @Test
  void emceeReadsCompressedAndFloat32ExportsOfAChainFile() throws Exception {
    Path chainFile = dir.resolve("run.chain");
    String ours;
    Map<String, ExportOptions> variants =
        Map.of(
            "plain.h5", ExportOptions.DEFAULT,
            "gzip.h5", ExportOptions.DEFAULT.withCompression(4),
            "f32.h5", ExportOptions.DEFAULT.withFloat32(true),
            "gzip-f32.h5", ExportOptions.DEFAULT.withFloat32(true).withCompression(9));
    try (FileBackend chain =
        FileBackend.open(chainFile, FileBackend.Options.DEFAULT.withFlushEverySteps(64))) {
      Sampler sampler = Sampler.builder().seed(5).backend(chain).build();
      sampler.run(
          Ensemble.withBlobs(
              TestModels.normalWithBlobs(), TestModels.BLOB_NAMES, FileChainMain.start()),
          300);
      ours = ChainDigest.of(sampler);
      for (Map.Entry<String, ExportOptions> v : variants.entrySet()) {
        EmceeHdf5.write(chain, dir.resolve(v.getKey()), v.getValue());
      }
    }
    String out =
        python(
            "emcee_hdf5.py",
            "describe",
            dir.resolve("plain.h5").toString(),
            dir.resolve("gzip.h5").toString(),
            dir.resolve("f32.h5").toString(),
            dir.resolve("gzip-f32.h5").toString());
    assertTrue(out.contains("plain.h5 digest=" + ours + " dtype=float64 compression=None"), out);
    assertTrue(
        out.contains("gzip.h5 digest=" + ours + " dtype=float64 compression=gzip opts=4"), out);
    assertTrue(out.contains("gzip-f32.h5 digest="), out);
    assertTrue(out.contains("dtype=float32 compression=gzip opts=9"), out);
    assertTrue(out.contains("blobs=(300, 24, 2) iteration=300"), out);
    assertTrue(Files.size(dir.resolve("gzip.h5")) < Files.size(dir.resolve("plain.h5")));
    for (String f32 : List.of("f32.h5", "gzip-f32.h5")) {
      String same =
          python(
              "emcee_hdf5.py",
              "float32",
              dir.resolve("plain.h5").toString(),
              dir.resolve(f32).toString());
      assertTrue(same.contains("float32-matches=True"), f32 + ": " + same);
    }
    // Our import reads all four back; the float64 ones bit for bit.
    try (FileBackend original = FileBackend.openReadOnly(chainFile)) {
      for (String name : List.of("plain.h5", "gzip.h5")) {
        Sampler view =
            Sampler.builder()
                .backend(EmceeHdf5.read(dir.resolve(name)))
                .allowResumeMismatch(true)
                .build();
        assertEquals(ours, ChainDigest.of(view), name);
      }
      double[] x32 = new double[24 * 10];
      double[] x64 = new double[24 * 10];
      EmceeHdf5.read(dir.resolve("gzip-f32.h5")).readCoords(299, x32, 0);
      original.readCoords(299, x64, 0);
      for (int i = 0; i < x64.length; i++) {
        assertEquals((double) (float) x64[i], x32[i], 0.0);
      }
    }
  }

  @Test
  void aChainLargerThanTheHeapExportsAndPythonReadsItBitForBit() throws Exception {
    Path h5 = dir.resolve("big.h5");
    String out;
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false),
            Map.of(),
            List.of("-Xmx" + BIG_HEAP),
            Hdf5ExportMain.class,
            h5.toString(),
            Integer.toString(BIG_STEPS),
            "100",
            "10",
            "0")) {
      assertEquals(0, child.waitFor(Duration.ofMinutes(60)), child.output());
      out = child.output();
    }
    assertTrue(out.contains("exported steps=" + BIG_STEPS), out);
    long coordinates = (long) BIG_STEPS * 100 * 10 * 8;
    assertTrue(Files.size(h5) > coordinates, "the chain is on disk: " + Files.size(h5));
    String check =
        python(
            "emcee_hdf5.py", "synthetic", h5.toString(), Integer.toString(BIG_STEPS), "100", "10");
    assertTrue(check.contains("synthetic-matches=True"), check);
    System.out.println("[hdf5 export] " + out.trim() + " file=" + Files.size(h5) + " bytes");
  }

  @Test
  void numpysRandomStateSurvivesAnImportIntoAChainFileAndAnExport() throws Exception {
    Path emcee = dir.resolve("emcee.h5");
    python("emcee_interop.py", "write", emcee.toString(), "42");
    EmceeHdf5.EmceeRandomState state = EmceeHdf5.readRandomState(emcee, "mcmc");
    assertNotNull(state, "emcee stores numpy's state in random_state_0..4");
    assertEquals("MT19937", state.generator());
    assertEquals(624, state.keys().length);
    Path imported = dir.resolve("imported.chain");
    Path back = dir.resolve("back.h5");
    try (FileBackend chain = FileBackend.open(imported)) {
      EmceeHdf5.read(emcee, "mcmc", chain);
      assertEquals(200, chain.getIteration());
      assertEquals(List.of("blob0", "blob1"), chain.getMetadata().blobNames());
      EmceeHdf5.write(chain, back, ExportOptions.DEFAULT.withCompression(1).withRandomState(state));
    }
    String out = python("emcee_hdf5.py", "random", emcee.toString(), back.toString());
    assertTrue(out.contains("name-is-str=True same-state=True continued-alike=True"), out);
    String digests = python("emcee_hdf5.py", "describe", emcee.toString(), back.toString());
    List<String> d = digests.lines().map(l -> l.replaceAll(".* digest=(\\w+) .*", "$1")).toList();
    assertEquals(d.get(0), d.get(1), digests);
  }
}
