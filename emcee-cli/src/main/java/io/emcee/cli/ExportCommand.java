package io.emcee.cli;

import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.ChainExport;
import io.emcee.hdf5.EmceeHdf5;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code emcee export}: a chain as emcee's HDF5, numpy's NPZ or CSV. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a chain (a chain file or an emcee HDF5 file) as emcee's HDF5 layout (read by"
          + " emcee.backends.HDFBackend), a numpy .npz archive (chain, log_prob, blobs,"
          + " accepted) or CSV (step, walker, parameters, log_prob, blobs). Blob fields with an"
          + " array or an integer are written as emcee's structured blobs_dtype.",
      "h5 and npz hold the whole chain; --discard and --thin select the steps of a CSV.",
      "h5 only: --compression gzip[=LEVEL] and --float32, as h5py's compression=\"gzip\","
          + " compression_opts and emcee's dtype=np.float32."
    })
final class ExportCommand implements Callable<Integer> {
  /** The formats {@code --to} names. */
  enum Format {
    h5,
    npz,
    csv
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "CHAIN", description = "The chain to export.")
  Path chain;

  @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "h5, npz or csv.")
  Format to;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "The new file (default: CHAIN with the format's extension).")
  @Nullable Path out;

  @Option(
      names = "--discard",
      paramLabel = "N",
      defaultValue = "0",
      description = "csv only: steps to drop from the start (default: ${DEFAULT-VALUE}).")
  int discard;

  @Option(
      names = "--thin",
      paramLabel = "N",
      defaultValue = "1",
      description = "csv only: write every N-th step (default: ${DEFAULT-VALUE}).")
  int thin;

  @Option(
      names = "--compression",
      paramLabel = "gzip[=LEVEL]",
      description =
          "h5 only: deflate every chunk, as h5py's compression=\"gzip\" (LEVEL 1..9, default "
              + DEFAULT_GZIP
              + "); 'none' for none (the default).")
  @Nullable String compression;

  @Option(
      names = "--float32",
      description =
          "h5 only: store coordinates, log-probabilities and blobs as float32 (rounded to"
              + " nearest), as emcee's dtype=np.float32; integer blobs stay int64.")
  boolean float32;

  @Option(
      names = "--structured-blobs",
      description =
          "h5 and npz: store plain double blobs as emcee's structured blobs_dtype too (a named"
              + " field each, read as get_blobs()[\"name\"]) rather than one float64 column"
              + " each; blobs with arrays or integers are always structured.")
  boolean structuredBlobs;

  /** h5py's level when {@code compression="gzip"} comes without {@code compression_opts}. */
  static final int DEFAULT_GZIP = 4;

  /**
   * The deflate level {@code --compression} asks for: 0 for none.
   *
   * @throws UsageException C041 for anything but {@code none}, {@code gzip} or {@code gzip=1..9}
   */
  static int gzipLevel(@Nullable String value) {
    if (value == null || value.equalsIgnoreCase("none")) {
      return 0;
    }
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("gzip")) {
      return DEFAULT_GZIP;
    }
    if (v.startsWith("gzip=") || v.startsWith("gzip:")) {
      String level = v.substring(5);
      if (level.matches("[1-9]")) {
        return Integer.parseInt(level);
      }
    }
    throw new UsageException(
        "EMCEE-C041",
        "--compression "
            + value
            + ": give gzip, gzip=LEVEL with LEVEL from 1 (fast) to 9 (small), or none;"
            + " emcee's HDF5 files are read by h5py, and gzip is the filter every h5py has");
  }

  @Override
  public Integer call() {
    UsageException.atLeast("--discard", discard, 0);
    UsageException.atLeast("--thin", thin, 1);
    if (to != Format.csv && (discard != 0 || thin != 1)) {
      throw new UsageException(
          "EMCEE-C004",
          "--discard and --thin select the steps of a CSV; " + to + " holds the whole chain");
    }
    int level = gzipLevel(compression);
    if (to != Format.h5 && (level != 0 || float32)) {
      throw new UsageException(
          "EMCEE-C040",
          (float32 ? "--float32" : "--compression " + compression)
              + " applies to --to h5 only; "
              + to
              + " is written as float64, uncompressed");
    }
    if (to == Format.csv && structuredBlobs) {
      throw new UsageException(
          "EMCEE-C043",
          "--structured-blobs applies to --to h5 and npz only; a CSV has one column per blob"
              + " value (b[0], b[1], ... for an array)");
    }
    Path target = out != null ? out : ChainFiles.withExtension(chain, to.name());
    if (target.toAbsolutePath().normalize().equals(chain.toAbsolutePath().normalize())) {
      throw new UsageException(
          "EMCEE-C003", "the export would replace " + chain + " itself; name another --out");
    }
    ChainFiles.checkNew(target, "--out");
    PrintWriter w = spec.commandLine().getOut();
    try (ChainBackend backend = ChainFiles.open(chain)) {
      switch (to) {
        case h5 ->
            EmceeHdf5.write(
                backend,
                target,
                EmceeHdf5.ExportOptions.DEFAULT
                    .withCompression(level)
                    .withFloat32(float32)
                    .withStructuredBlobs(structuredBlobs));
        case npz -> ChainExport.writeNpz(backend, target, structuredBlobs);
        case csv -> ChainExport.writeCsv(backend, target, discard, thin);
      }
      w.printf(
          "%s: %d steps x %d walkers x %d parameters written to %s%n",
          chain, backend.getIteration(), backend.getWalkerCount(), backend.getDimension(), target);
    }
    w.flush();
    return ExitCode.OK;
  }
}
