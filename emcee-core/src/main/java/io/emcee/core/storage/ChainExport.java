package io.emcee.core.storage;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.model.BlobField;
import io.emcee.core.model.BlobLayout;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Plain exports of a stored chain for quick use elsewhere: CSV (one row per step and walker) and
 * NPZ ({@code numpy.load(path)} gives {@code chain [step, walker, dim]}, {@code log_prob}, {@code
 * blobs} (a structured array when the blobs have arrays or integers, as emcee's {@code
 * blobs_dtype}), {@code accepted} and {@code iteration}, as emcee's backends name them, and the
 * chain's segments, which emcee has not: {@code segment_first_step}, {@code segment_thin_by},
 * {@code segment_tune}, {@code segment_follows}, one value per segment, see {@link ChainSegment}).
 * Both stream step by step, so a chain on disk is never loaded whole. Each export is written beside
 * its target and renamed over it when complete ({@link AtomicExport}). For emcee's HDF5 layout see
 * the {@code emcee-hdf5} module.
 *
 * <pre>{@code ChainExport.writeNpz(sampler.getBackend(), Path.of("chain.npz"));}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class ChainExport {
  private ChainExport() {}

  /**
   * Writes steps {@code discard + thin - 1, discard + 2 thin - 1, ...} as CSV with a header: {@code
   * step,walker,<parameters>,log_prob,<blobs>}; parameters without names are {@code x0, x1, ...}.
   * Doubles are written in full precision ({@code Double.toString}).
   *
   * @param chain the stored chain
   * @param file where to write
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @throws EmceeException F004 when the file cannot be written, F009 when {@code file} is a folder
   *     or a chain file; a failed export leaves an existing file unchanged
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public static void writeCsv(ChainBackend chain, Path file, int discard, int thin) {
    ChainMetadata m = chain.getMetadata();
    if (discard < 0 || thin < 1) {
      throw new EmceeException(
          "EMCEE-I008",
          "discard must be at least 0 and thin at least 1, got " + discard + ", " + thin);
    }
    AtomicExport.write(file, tmp -> writeCsvTo(tmp, chain, m, discard, thin));
  }

  private static void writeCsvTo(
      Path file, ChainBackend chain, ChainMetadata m, int discard, int thin) throws IOException {
    int steps = chain.getIteration();
    int n = m.nwalkers();
    int d = m.ndim();
    int b = m.blobCount();
    double[] coords = new double[n * d];
    double[] lp = new double[n];
    double[] blobs = new double[n * b];
    boolean[] integer = integerColumns(m);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder header = new StringBuilder("step,walker");
      for (int j = 0; j < d; j++) {
        header
            .append(',')
            .append(m.parameterNames().isEmpty() ? "x" + j : m.parameterNames().get(j));
      }
      header.append(",log_prob");
      for (String name : m.blobNames()) {
        header.append(',').append(name);
      }
      w.write(header.toString());
      w.newLine();
      StringBuilder row = new StringBuilder();
      for (int t = discard + thin - 1; t < steps; t += thin) {
        chain.readCoords(t, coords, 0);
        chain.readLogProbability(t, lp, 0);
        chain.readBlobs(t, blobs, 0);
        for (int walker = 0; walker < n; walker++) {
          row.setLength(0);
          row.append(t).append(',').append(walker);
          for (int j = 0; j < d; j++) {
            row.append(',').append(coords[walker * d + j]);
          }
          row.append(',').append(lp[walker]);
          for (int k = 0; k < b; k++) {
            double v = blobs[walker * b + k];
            if (integer[k] && !Double.isNaN(v)) {
              row.append(',').append((long) v);
            } else {
              row.append(',').append(v);
            }
          }
          w.write(row.toString());
          w.newLine();
        }
      }
    }
  }

  /**
   * Writes the whole chain as a numpy NPZ archive: {@code chain} {@code (steps, nwalkers, ndim)},
   * {@code log_prob} {@code (steps, nwalkers)}, {@code blobs} {@code (steps, nwalkers, nblobs)}
   * when there are blobs (or, when a blob field is an array or an integer, {@code (steps,
   * nwalkers)} of the structured dtype emcee's {@code blobs_dtype} makes: a named field each, an
   * array field of shape {@code (k,)}, integers as int64, see {@link #isStructured}), {@code
   * accepted} {@code (nwalkers,)} and {@code iteration}, all float64 except {@code iteration}
   * (int64); and the segments ({@link ChainBackend#getSegments()}) as {@code segment_first_step},
   * {@code segment_thin_by} (int64) and {@code segment_tune}, {@code segment_follows} (bool), each
   * {@code (nsegments,)}.
   *
   * @param chain the stored chain
   * @param file where to write
   * @throws EmceeException F004 when the file cannot be written, F009 when {@code file} is a folder
   *     or a chain file; a failed export leaves an existing file unchanged
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public static void writeNpz(ChainBackend chain, Path file) {
    writeNpz(chain, file, false);
  }

  /**
   * Like {@link #writeNpz(ChainBackend, Path)}, with plain double blobs as a structured array too
   * ({@code structuredBlobs}: a named field per blob, as emcee's {@code blobs_dtype=[("a", float),
   * ...]}) rather than one float64 column each.
   *
   * @param chain the stored chain
   * @param file where to write
   * @param structuredBlobs whether plain double blobs are written as a structured array
   * @throws EmceeException F004 when the file cannot be written, F009 when {@code file} is a folder
   *     or a chain file; a failed export leaves an existing file unchanged
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public static void writeNpz(ChainBackend chain, Path file, boolean structuredBlobs) {
    ChainMetadata m = chain.getMetadata();
    AtomicExport.write(file, tmp -> writeNpzTo(tmp, chain, m, structuredBlobs));
  }

  private static void writeNpzTo(
      Path file, ChainBackend chain, ChainMetadata m, boolean structuredBlobs) throws IOException {
    int steps = chain.getIteration();
    int n = m.nwalkers();
    int d = m.ndim();
    int b = m.blobCount();
    try (ZipOutputStream zip =
        new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      double[] coords = new double[n * d];
      entry(zip, "chain.npy", "<f8", List.of(steps, n, d));
      for (int t = 0; t < steps; t++) {
        chain.readCoords(t, coords, 0);
        doubles(zip, coords);
      }
      zip.closeEntry();
      double[] lp = new double[n];
      entry(zip, "log_prob.npy", "<f8", List.of(steps, n));
      for (int t = 0; t < steps; t++) {
        chain.readLogProbability(t, lp, 0);
        doubles(zip, lp);
      }
      zip.closeEntry();
      if (b > 0) {
        double[] blobs = new double[n * b];
        BlobLayout layout = BlobLayout.fromColumns(m.blobNames());
        boolean structured = structuredBlobs || isStructured(layout);
        if (structured) {
          entry(zip, "blobs.npy", structuredDescr(layout), List.of(steps, n), false);
        } else {
          entry(zip, "blobs.npy", "<f8", List.of(steps, n, b));
        }
        boolean[] integer = integerColumns(m);
        ByteBuffer row = ByteBuffer.allocate(8 * n * b).order(ByteOrder.LITTLE_ENDIAN);
        for (int t = 0; t < steps; t++) {
          chain.readBlobs(t, blobs, 0);
          row.clear();
          for (int k = 0; k < n * b; k++) {
            if (integer[k % b]) {
              row.putLong(BlobLayout.toLong(blobs[k]));
            } else {
              row.putDouble(blobs[k]);
            }
          }
          zip.write(row.array());
        }
        zip.closeEntry();
      }
      long[] acc = chain.getAccepted();
      double[] accepted = new double[acc.length];
      for (int i = 0; i < acc.length; i++) {
        accepted[i] = acc[i];
      }
      entry(zip, "accepted.npy", "<f8", List.of(n));
      doubles(zip, accepted);
      zip.closeEntry();
      long[][] segments = ChainSegment.columns(chain.getSegments());
      longs(zip, "segment_first_step.npy", "<i8", segments[0]);
      longs(zip, "segment_thin_by.npy", "<i8", segments[1]);
      longs(zip, "segment_tune.npy", "|b1", segments[2]);
      longs(zip, "segment_follows.npy", "|b1", segments[3]);
      entry(zip, "iteration.npy", "<i8", List.of());
      zip.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(steps).array());
      zip.closeEntry();
    }
  }

  /**
   * Whether blobs are exported as emcee stores a structured {@code blobs_dtype}: when a field is an
   * array or an integer. Plain double blobs keep one float64 column each, as emcee stores blobs
   * without a dtype.
   *
   * @param layout the chain's blob fields
   * @return true for a structured (compound) export
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public static boolean isStructured(BlobLayout layout) {
    return layout.fields().stream().anyMatch(f -> f.isArray() || f.kind() == BlobField.Kind.LONG);
  }

  /** Per blob column, whether it holds integers. */
  private static boolean[] integerColumns(ChainMetadata m) {
    boolean[] out = new boolean[m.blobCount()];
    for (int k = 0; k < out.length; k++) {
      out[k] = m.blobNames().get(k).endsWith(BlobField.INTEGER_SUFFIX);
    }
    return out;
  }

  /**
   * numpy's {@code descr} of the structured dtype, e.g. {@code [('a', '<f8'), ('b', '<f8', (3,))]}.
   */
  private static String structuredDescr(BlobLayout layout) {
    StringBuilder d = new StringBuilder("[");
    for (BlobField f : layout.fields()) {
      if (d.length() > 1) {
        d.append(", ");
      }
      d.append('(').append(pythonString(f.name())).append(", ");
      d.append(f.kind() == BlobField.Kind.LONG ? "'<i8'" : "'<f8'");
      if (f.isArray()) {
        d.append(", (").append(f.length()).append(",)");
      }
      d.append(')');
    }
    return d.append(']').toString();
  }

  /** A Python string literal of {@code s} in ASCII (numpy's version 1.0 header is ASCII). */
  private static String pythonString(String s) {
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '\'') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('\'').toString();
  }

  /** Starts an NPY entry: numpy's format 1.0 header, padded to 64 bytes. */
  private static void entry(ZipOutputStream zip, String name, String descr, List<Integer> shape)
      throws IOException {
    entry(zip, name, descr, shape, true);
  }

  /** Starts an NPY entry whose {@code descr} is a type string (quoted) or a literal list. */
  private static void entry(
      ZipOutputStream zip, String name, String descr, List<Integer> shape, boolean quoted)
      throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    StringBuilder dims = new StringBuilder();
    for (int s : shape) {
      dims.append(s).append(", ");
    }
    String tuple =
        shape.size() == 1
            ? "(" + shape.get(0) + ",)"
            : "(" + (shape.isEmpty() ? "" : dims.substring(0, dims.length() - 2)) + ")";
    String dict =
        String.format(
            Locale.ROOT,
            "{'descr': %s, 'fortran_order': False, 'shape': %s, }",
            quoted ? "'" + descr + "'" : descr,
            tuple);
    int total = 10 + dict.length() + 1;
    int padded = (total + 63) / 64 * 64;
    StringBuilder header = new StringBuilder(dict);
    header.append(" ".repeat(padded - total)).append('\n');
    DataOutputStream out = new DataOutputStream(new NoClose(zip));
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    int length = header.length();
    out.write(length & 0xff);
    out.write(length >>> 8);
    out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** A one-dimensional entry of int64 ({@code <i8}) or, for 0 and 1, bool ({@code |b1}). */
  private static void longs(ZipOutputStream zip, String name, String descr, long[] values)
      throws IOException {
    entry(zip, name, descr, List.of(values.length));
    boolean bool = descr.equals("|b1");
    ByteBuffer b =
        ByteBuffer.allocate((bool ? 1 : 8) * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      if (bool) {
        b.put((byte) (v != 0 ? 1 : 0));
      } else {
        b.putLong(v);
      }
    }
    zip.write(b.array());
    zip.closeEntry();
  }

  private static void doubles(OutputStream out, double[] values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(values);
    out.write(b.array());
  }

  /** Keeps a wrapper's close() away from the zip stream. */
  private static final class NoClose extends java.io.FilterOutputStream {
    NoClose(OutputStream out) {
      super(out);
    }

    @Override
    public void close() {}
  }
}
