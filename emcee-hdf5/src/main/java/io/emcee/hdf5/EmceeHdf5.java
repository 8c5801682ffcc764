package io.emcee.hdf5;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.model.BlobLayout;
import io.emcee.core.storage.AtomicExport;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.ChainExport;
import io.emcee.core.storage.ChainMetadata;
import io.emcee.core.storage.ChainSegment;
import io.emcee.core.storage.InMemoryBackend;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Exports a chain in the layout of emcee's {@code HDFBackend} and imports one, so that in Python
 *
 * <pre>{@code emcee.backends.HDFBackend("chain.h5", read_only=True).get_chain()}</pre>
 *
 * returns our chain, and a chain sampled by Python's emcee can be analysed or continued here.
 *
 * <p>Layout, in a group ({@code mcmc} by default): attributes {@code version}, {@code nwalkers},
 * {@code ndim}, {@code has_blobs}, {@code iteration}; datasets {@code chain} (iteration, nwalkers,
 * ndim), {@code log_prob} (iteration, nwalkers), {@code accepted} (nwalkers) and {@code blobs}
 * (iteration, nwalkers) for one blob or (iteration, nwalkers, nblobs) for several; when a blob
 * field is an array or an integer ({@link io.emcee.core.model.BlobField}), {@code blobs} is
 * (iteration, nwalkers) of a compound type, as emcee stores a structured {@code blobs_dtype}: a
 * member per field, an array field of shape (k,), integers as int64. Ours also carries {@code
 * parameter_names}, {@code blob_names}, {@code moves}, {@code fingerprint}, {@code jvm_proposals},
 * {@code jvm_random_state} and {@code segment_*} attributes (the chain's segments: which steps each
 * run stored, and how), which emcee ignores and the import uses to resume exactly. emcee's {@code
 * random_state_*} attributes (numpy's generator state) are read by {@link #readRandomState} and
 * written back with {@link ExportOptions#withRandomState}.
 *
 * <p><b>Bounded heap.</b> Both directions stream: the export asks the chain for one step at a time
 * and writes chunks of about 1 MiB along the steps (optionally deflated, optionally float32); the
 * import reads slices of the datasets into any {@link ChainBackend}, for example a {@code
 * FileBackend}. Neither holds more than a chunk of the chain (the in-memory import holds, of
 * course, the chain it returns).
 *
 * <pre>{@code EmceeHdf5.write(sampler.getBackend(), Path.of("chain.h5"));}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class EmceeHdf5 {
  /** emcee's default group name. */
  public static final String GROUP = "mcmc";

  static final String SEGMENT_FIRST_STEP = "segment_first_step";
  static final String SEGMENT_THIN_BY = "segment_thin_by";
  static final String SEGMENT_TUNE = "segment_tune";
  static final String SEGMENT_FOLLOWS = "segment_follows";

  /**
   * Kept strongly so that its level holds: jHDF warns on every write that writing is "in alpha"
   * (the files are checked by the interop tests with Python's h5py and emcee); errors still show.
   */
  private static final java.util.logging.Logger JHDF_LOG = quiet();

  private EmceeHdf5() {}

  private static java.util.logging.Logger quiet() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.jhdf");
    if (log.getLevel() == null) {
      log.setLevel(java.util.logging.Level.SEVERE);
    }
    return log;
  }

  /**
   * How to export: emcee's {@code name}, {@code dtype}, {@code compression="gzip"} with {@code
   * compression_opts}, and the numpy random state to store.
   *
   * <pre>
   * {@code EmceeHdf5.write(chain, path, ExportOptions.DEFAULT.withCompression(4).withFloat32(true));}
   * </pre>
   *
   * @param group the group name (emcee's {@code name})
   * @param float32 store coordinates, log-probabilities and blobs as float32 (rounded to nearest),
   *     as emcee's {@code dtype=np.float32} (integer blobs stay int64); float64 (exact) otherwise
   * @param compression deflate level 1..9 for every chunk (h5py's {@code gzip}), 0 for none
   * @param randomState numpy's generator state to store as emcee's {@code random_state_*}
   *     attributes, or null for none
   * @param structuredBlobs store plain double blobs as a compound dataset too (emcee's {@code
   *     blobs_dtype=[("a", float), ...]}), not as one float64 column each; blobs with an array or
   *     an integer field are always stored so
   */
  public record ExportOptions(
      String group,
      boolean float32,
      int compression,
      @Nullable EmceeRandomState randomState,
      boolean structuredBlobs) {
    /** Group {@code mcmc}, float64, uncompressed, no numpy random state. */
    public static final ExportOptions DEFAULT = new ExportOptions(GROUP, false, 0, null, false);

    /** Checks the options. */
    public ExportOptions {
      if (group.isBlank() || group.contains("/")) {
        throw new EmceeException(
            "EMCEE-H004",
            "the HDF5 group name must be a plain name such as 'mcmc', got '" + group + "'");
      }
      if (compression < 0 || compression > 9) {
        throw new EmceeException(
            "EMCEE-H004",
            "compression is a deflate (gzip) level from 1 to 9, or 0 for none; got " + compression);
      }
    }

    /**
     * A copy writing to group {@code name}.
     *
     * @param name the group name
     * @return the changed options
     */
    public ExportOptions withGroup(String name) {
      return new ExportOptions(name, float32, compression, randomState, structuredBlobs);
    }

    /**
     * A copy storing float32 ({@code true}) or float64.
     *
     * @param single whether to store float32
     * @return the changed options
     */
    public ExportOptions withFloat32(boolean single) {
      return new ExportOptions(group, single, compression, randomState, structuredBlobs);
    }

    /**
     * A copy deflating every chunk at {@code level} (0 for none).
     *
     * @param level 0..9
     * @return the changed options
     */
    public ExportOptions withCompression(int level) {
      return new ExportOptions(group, float32, level, randomState, structuredBlobs);
    }

    /**
     * A copy storing numpy's generator state, for example the one {@link #readRandomState} read
     * from emcee's file, so that emcee continues the chain exactly.
     *
     * @param state the state, or null for none
     * @return the changed options
     */
    public ExportOptions withRandomState(@Nullable EmceeRandomState state) {
      return new ExportOptions(group, float32, compression, state, structuredBlobs);
    }

    /**
     * A copy storing plain double blobs as a compound dataset with a member per blob ({@code
     * true}), as emcee does for {@code blobs_dtype=[("a", float), ("b", float)]}, so that Python
     * reads {@code get_blobs()["a"]}; or as one float64 column per blob ({@code false}, emcee's
     * layout for blobs returned without a dtype). Array and integer fields are compound either way.
     *
     * @param structured whether to store plain blobs as a compound dataset
     * @return the changed options
     */
    public ExportOptions withStructuredBlobs(boolean structured) {
      return new ExportOptions(group, float32, compression, randomState, structured);
    }
  }

  /**
   * numpy's legacy generator state as emcee stores it (attributes {@code random_state_0..4}: {@code
   * numpy.random.RandomState.get_state()}). Our random stream is not numpy's, so this is carried,
   * not used: an import keeps it so that an export gives it back to emcee.
   *
   * <pre>{@code EmceeRandomState s = EmceeHdf5.readRandomState(path, "mcmc");}</pre>
   *
   * @param generator the generator's name ({@code MT19937})
   * @param keys its 624 state words (unsigned 32-bit values)
   * @param position the position in the key array
   * @param hasGauss 1 when a second normal deviate is cached
   * @param cachedGaussian that deviate
   */
  public record EmceeRandomState(
      String generator, long[] keys, long position, long hasGauss, double cachedGaussian) {
    /** Copies the keys. */
    public EmceeRandomState {
      keys = keys.clone();
    }

    @Override
    public long[] keys() {
      return keys.clone();
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof EmceeRandomState s
          && generator.equals(s.generator)
          && Arrays.equals(keys, s.keys)
          && position == s.position
          && hasGauss == s.hasGauss
          && Double.compare(cachedGaussian, s.cachedGaussian) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(generator, Arrays.hashCode(keys), position, hasGauss, cachedGaussian);
    }

    @Override
    public String toString() {
      return "EmceeRandomState[" + generator + ", " + keys.length + " keys, pos " + position + "]";
    }
  }

  /**
   * Writes {@code chain} to a new HDF5 file in group {@code mcmc}, float64, uncompressed.
   *
   * @param chain the stored chain
   * @param file the HDF5 file (replaced once the new one is complete)
   */
  public static void write(ChainBackend chain, Path file) {
    write(chain, file, ExportOptions.DEFAULT);
  }

  /**
   * Writes {@code chain} to a new HDF5 file in the given group.
   *
   * @param chain the stored chain
   * @param file the HDF5 file (replaced once the new one is complete)
   * @param group the group name (emcee's {@code name} argument)
   */
  public static void write(ChainBackend chain, Path file, String group) {
    write(chain, file, ExportOptions.DEFAULT.withGroup(group));
  }

  /**
   * Writes {@code chain} to a new HDF5 file, one step at a time: the heap holds a chunk (about 1
   * MiB) whatever the chain's length.
   *
   * @param chain the stored chain
   * @param file the HDF5 file (replaced once the new one is complete)
   * @param options group, precision, compression and numpy random state
   * @throws EmceeException H001 when the chain has no steps or the file cannot be written (an
   *     existing file is then unchanged: the export is written beside it and renamed over it), F009
   *     when {@code file} is a folder or a chain file
   */
  public static void write(ChainBackend chain, Path file, ExportOptions options) {
    JHDF_LOG.getLevel(); // the logger's level is set before jHDF first logs
    AtomicExport.checkTarget(file);
    ChainMetadata m = chain.getMetadata();
    int steps = chain.getIteration();
    int n = m.nwalkers();
    int d = m.ndim();
    int b = m.blobCount();
    if (steps == 0) {
      throw new EmceeException(
          "EMCEE-H001",
          "will not write " + file + ": the chain has no steps yet (run the sampler first)");
    }
    long[] acc = chain.getAccepted();
    double[] accepted = new double[n];
    for (int w = 0; w < n; w++) {
      accepted[w] = acc[w];
    }
    long proposals = chain.getProposals();
    long[] randomState = chain.getRandomState();
    List<ChainSegment> segments = chain.getSegments();
    boolean f32 = options.float32();
    int level = options.compression();
    AtomicExport.write(
        file,
        tmp -> {
          try (WritableHdfFile out = HdfFile.write(tmp)) {
            WritableGroup g = out.putGroup(options.group());
            g.putAttribute("version", "emcee-jvm (emcee 3.1 layout)");
            g.putAttribute("nwalkers", n);
            g.putAttribute("ndim", d);
            g.putAttribute("has_blobs", b > 0);
            g.putAttribute("iteration", steps);
            if (!m.parameterNames().isEmpty()) {
              g.putAttribute("parameter_names", m.parameterNames().toArray(new String[0]));
            }
            if (b > 0) {
              g.putAttribute("blob_names", m.blobNames().toArray(new String[0]));
            }
            g.putAttribute("moves", m.moves().isEmpty() ? "-" : m.moves());
            g.putAttribute("fingerprint", m.fingerprint().isEmpty() ? "-" : m.fingerprint());
            g.putAttribute("jvm_proposals", proposals);
            if (randomState.length > 0) {
              g.putAttribute("jvm_random_state", randomState);
            }
            putSegments(g, segments);
            EmceeRandomState numpy = options.randomState();
            VariableLengthStrings strings = new VariableLengthStrings();
            if (numpy != null) {
              // h5py reads jHDF's fixed-length strings as bytes, which numpy's set_state refuses.
              g.getAttributes()
                  .put("random_state_0", strings.attribute(g, "random_state_0", numpy.generator()));
              g.putAttribute("random_state_1", numpy.keys());
              g.putAttribute("random_state_2", numpy.position());
              g.putAttribute("random_state_3", numpy.hasGauss());
              g.putAttribute("random_state_4", numpy.cachedGaussian());
            }
            g.putDataset("accepted", accepted);
            g.putDataset(
                "chain",
                new StreamedDataset(
                    "chain",
                    g,
                    steps,
                    new int[] {n, d},
                    f32,
                    level,
                    (t, row) -> chain.readCoords(t, row, 0),
                    strings));
            g.putDataset(
                "log_prob",
                new StreamedDataset(
                    "log_prob",
                    g,
                    steps,
                    new int[] {n},
                    f32,
                    level,
                    (t, row) -> chain.readLogProbability(t, row, 0),
                    null));
            BlobLayout layout = BlobLayout.fromColumns(m.blobNames());
            if (b > 0 && (options.structuredBlobs() || ChainExport.isStructured(layout))) {
              g.putDataset(
                  "blobs",
                  new StreamedDataset(
                      "blobs",
                      g,
                      steps,
                      new int[] {n},
                      level,
                      (t, row) -> chain.readBlobs(t, row, 0),
                      CompoundType.of(layout, f32)));
            } else if (b > 0) {
              g.putDataset(
                  "blobs",
                  new StreamedDataset(
                      "blobs",
                      g,
                      steps,
                      b == 1 ? new int[] {n} : new int[] {n, b},
                      f32,
                      level,
                      (t, row) -> chain.readBlobs(t, row, 0),
                      null));
            }
          } catch (EmceeException e) {
            throw e;
          } catch (RuntimeException e) {
            throw new EmceeException(
                "EMCEE-H001",
                "could not write the HDF5 file " + file + " (it is unchanged): " + e,
                e);
          }
        });
  }

  /**
   * The chain's segments as four integer arrays, one value per segment, which emcee ignores: {@code
   * segment_first_step}, {@code segment_thin_by}, {@code segment_tune} and {@code segment_follows}
   * (1 or 0). In h5py: {@code f["mcmc"].attrs["segment_thin_by"]}.
   */
  private static void putSegments(WritableGroup g, List<ChainSegment> segments) {
    long[][] c = ChainSegment.columns(segments);
    g.putAttribute(SEGMENT_FIRST_STEP, c[0]);
    g.putAttribute(SEGMENT_THIN_BY, c[1]);
    g.putAttribute(SEGMENT_TUNE, c[2]);
    g.putAttribute(SEGMENT_FOLLOWS, c[3]);
  }

  /**
   * Reads a chain written by emcee's {@code HDFBackend} (or by {@link #write}) from group {@code
   * mcmc}.
   *
   * @param file the HDF5 file
   * @return the chain, in memory
   */
  public static InMemoryBackend read(Path file) {
    return read(file, GROUP);
  }

  /**
   * Reads a chain in emcee's layout from the given group into memory. See {@link #read(Path,
   * String, ChainBackend)}.
   *
   * @param file the HDF5 file
   * @param group the group name
   * @return the chain, in memory
   */
  public static InMemoryBackend read(Path file, String group) {
    InMemoryBackend backend = new InMemoryBackend();
    read(file, group, backend);
    return backend;
  }

  /**
   * Reads a chain in emcee's layout from the given group into {@code into} (reset first), a slice
   * of steps at a time, so that with a {@code FileBackend} the heap stays bounded. Coordinates,
   * log-probabilities and blobs may be stored as float64, float32 or integers; blobs come as a blob
   * per column ({@code blob0, blob1, ...} unless {@code blob_names} says otherwise). Acceptance
   * counts come from {@code accepted}; the number of proposals and the random stream's state from
   * our {@code jvm_*} attributes when the file has them (so a run resumed from the import continues
   * exactly as from the original chain), else the proposals are the iteration count. emcee's numpy
   * random state is read by {@link #readRandomState}.
   *
   * @param file the HDF5 file
   * @param group the group name
   * @param into the backend to fill
   * @throws EmceeException H002 when the file is missing, a folder or not in emcee's layout, saying
   *     what is missing; H003 when its datasets hold fewer rows than its {@code iteration}
   *     attribute says, or rows of another shape
   */
  public static void read(Path file, String group, ChainBackend into) {
    Hdf5Import.read(file, group, into);
  }

  /**
   * numpy's generator state that emcee stored with its chain ({@code random_state_0..4}).
   *
   * @param file the HDF5 file
   * @param group the group name
   * @return the state, or null when the file has none (or not numpy's legacy form)
   * @throws EmceeException H002 when the file or group is missing
   */
  public static @Nullable EmceeRandomState readRandomState(Path file, String group) {
    return Hdf5Import.readRandomState(file, group);
  }
}
