package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.core.Chain;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.model.BlobField;
import io.emcee.core.storage.ChainExport;
import io.emcee.core.storage.FileBackend;
import io.emcee.hdf5.EmceeHdf5;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structured blobs (emcee's {@code blobs_dtype}) against Debian's Python emcee, h5py and numpy: our
 * HDF5 and NPZ exports read by {@code HDFBackend.get_blobs()} and {@code numpy.load}, and the chain
 * file by {@code emcee_jvm_reader}, with their field names, shapes, dtypes and values bit for bit,
 * and emcee's own structured blobs imported.
 */
class PythonBlobsTest {
  private static final int STEPS = 40;
  private static final int NWALKERS = 10;

  @TempDir Path dir;

  private String python(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(PythonFollowTest.PYTHON.toString());
    command.add(PythonFollowTest.script(dir, "emcee_blobs.py").toString());
    command.addAll(List.of(args));
    try (ChildJvm p = ChildJvm.launch(command, Map.of())) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(10)), p.output());
      return p.output();
    }
  }

  @Test
  void emceeReadsOurStructuredBlobsBitForBit() throws Exception {
    List<BlobField> fields =
        List.of(
            BlobField.of("a"),
            BlobField.array("b", 3),
            BlobField.integer("n"),
            BlobField.integers("c", 2));
    Path chainFile = dir.resolve("run.chain");
    Path h5 = dir.resolve("blobs.h5");
    Path npz = dir.resolve("blobs.npz");
    try (FileBackend backend = FileBackend.open(chainFile)) {
      Sampler sampler = Sampler.builder().seed(21).backend(backend).build();
      sampler.run(
          Ensemble.withBlobFields(
              (x, b) -> {
                if (x[0] > 1.2) {
                  return Double.NEGATIVE_INFINITY; // its blobs stay unset: NaN and int64's minimum
                }
                b.set("a", x[0] * x[1]);
                b.set("b", x);
                b.set("n", (long) Math.floor(x[1] * 1e9) << 20);
                b.set("c", new long[] {(long) Math.floor(x[2] * 1e3), -(1L << 53)});
                return -0.5 * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
              },
              fields,
              start()),
          STEPS);
      EmceeHdf5.write(backend, h5, EmceeHdf5.ExportOptions.DEFAULT.withCompression(2));
      ChainExport.writeNpz(backend, npz);
      Chain chain = sampler.getChain();
      assertEquals(fields, chain.getBlobFields());
      doubles(dir.resolve("a.f8"), chain.getFlatBlob("a", 0, 1));
      List<Double> b = new ArrayList<>();
      for (double[][] step : chain.getBlobArray("b", 0, 1)) {
        for (double[] walker : step) {
          for (double v : walker) {
            b.add(v);
          }
        }
      }
      doubles(dir.resolve("b.f8"), b.stream().mapToDouble(Double::doubleValue).toArray());
      List<Long> n = new ArrayList<>();
      for (long[] step : chain.getLongBlob("n", 0, 1)) {
        for (long v : step) {
          n.add(v);
        }
      }
      assertTrue(n.contains(Long.MIN_VALUE), "some walker was at -Infinity");
      longs(dir.resolve("n.i8"), n);
      List<Long> c = new ArrayList<>();
      for (long[][] step : chain.getLongBlobArray("c", 0, 1)) {
        for (long[] walker : step) {
          for (long v : walker) {
            c.add(v);
          }
        }
      }
      longs(dir.resolve("c.i8"), c);
    }
    String out =
        python(
            "check",
            h5.toString(),
            npz.toString(),
            dir.toString(),
            Integer.toString(STEPS),
            Integer.toString(NWALKERS),
            chainFile.toString(),
            PythonFollowTest.pythonFolder().toString());
    assertTrue(
        out.contains("h5 fields=a,b,n,c shape=(40, 10) b=(40, 10, 3) c=int64 matches=True"), out);
    assertTrue(
        out.contains("npz fields=a,b,n,c shape=(40, 10) b=(40, 10, 3) c=int64 matches=True"), out);
    assertTrue(out.contains("h5-flat shape=(120,) b=(120, 3)"), out);
    assertTrue(
        out.contains("reader fields=a,b,n,c shape=(40, 10) b=(40, 10, 3) c=int64 matches=True"),
        out);
    assertTrue(out.contains("reader-last shape=(10,) same=True"), out);
  }

  @Test
  void plainBlobsExportAsAStructuredArrayWhenAsked() throws Exception {
    Path h5 = dir.resolve("plain.h5");
    Path npz = dir.resolve("plain.npz");
    Sampler sampler = Sampler.builder().seed(4).build();
    sampler.run(
        Ensemble.withBlobs(TestModels.normalWithBlobs(), TestModels.BLOB_NAMES, start()), 20);
    EmceeHdf5.write(
        sampler.getBackend(), h5, EmceeHdf5.ExportOptions.DEFAULT.withStructuredBlobs(true));
    ChainExport.writeNpz(sampler.getBackend(), npz, true);
    String out = python("plain", h5.toString(), npz.toString());
    assertTrue(out.contains("h5-plain names=r2,x0 shape=(20, 10) matches=True"), out);
    assertTrue(out.contains("npz-plain names=r2,x0 shape=(20, 10) matches=True"), out);
    // and our import reads the compound back as the plain blobs they were
    assertEquals(TestModels.BLOB_NAMES, Chain.of(EmceeHdf5.read(h5)).getBlobNames());
  }

  @Test
  void emceesStructuredBlobsImportAsFields() throws Exception {
    Path h5 = dir.resolve("emcee.h5");
    String written = python("write", h5.toString());
    assertTrue(written.contains("written fields=a,b,n b=(20, 16, 3) n=int64"), written);
    Chain chain = Chain.of(EmceeHdf5.read(h5));
    assertEquals(
        List.of(BlobField.of("a"), BlobField.array("b", 3), BlobField.integer("n")),
        chain.getBlobFields());
    double[][][] coords = chain.getCoords(0, 1);
    double[][] a = chain.getBlob("a", 0, 1);
    double[][][] b = chain.getBlobArray("b", 0, 1);
    long[][] n = chain.getLongBlob("n", 0, 1);
    assertEquals(20, a.length);
    for (int t = 0; t < 20; t++) {
      for (int w = 0; w < 16; w++) {
        double[] x = coords[t][w];
        assertEquals(x[0] * x[1], a[t][w]);
        assertArrayEquals(x, b[t][w]);
        assertEquals((long) Math.floor(x[0] * 1e6), n[t][w]);
      }
    }
  }

  private static double[][] start() {
    java.util.Random r = new java.util.Random(5);
    double[][] start = new double[NWALKERS][3];
    for (double[] w : start) {
      for (int j = 0; j < 3; j++) {
        w[j] = r.nextGaussian();
      }
    }
    start[0][0] = 2; // outside the support: walker 0 starts at -Infinity
    return start;
  }

  private static void doubles(Path file, double[] values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putDouble(v);
    }
    Files.write(file, b.array());
  }

  private static void longs(Path file, List<Long> values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 * values.size()).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    Files.write(file, b.array());
  }
}
