package io.emcee.hdf5;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.storage.AtomicExport;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.ChainMetadata;
import io.emcee.core.storage.InMemoryBackend;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.lang.reflect.Array;
import java.nio.file.Files;
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
 * (iteration, nwalkers) for one blob or (iteration, nwalkers, nblobs) for several. Ours also
 * carries {@code parameter_names}, {@code blob_names}, {@code moves}, {@code fingerprint}, {@code
 * jvm_proposals} and {@code jvm_random_state} attributes, which emcee ignores and the import uses
 * to resume exactly. emcee's {@code random_state_*} attributes (numpy's generator state) are read
 * by {@link #readRandomState} and written back with {@link ExportOptions#withRandomState}.
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
   *     as emcee's {@code dtype=np.float32}; float64 (exact) otherwise
   * @param compression deflate level 1..9 for every chunk (h5py's {@code gzip}), 0 for none
   * @param randomState numpy's generator state to store as emcee's {@code random_state_*}
   *     attributes, or null for none
   */
  public record ExportOptions(
      String group, boolean float32, int compression, @Nullable EmceeRandomState randomState) {
    /** Group {@code mcmc}, float64, uncompressed, no numpy random state. */
    public static final ExportOptions DEFAULT = new ExportOptions(GROUP, false, 0, null);

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
      return new ExportOptions(name, float32, compression, randomState);
    }

    /**
     * A copy storing float32 ({@code true}) or float64.
     *
     * @param single whether to store float32
     * @return the changed options
     */
    public ExportOptions withFloat32(boolean single) {
      return new ExportOptions(group, single, compression, randomState);
    }

    /**
     * A copy deflating every chunk at {@code level} (0 for none).
     *
     * @param level 0..9
     * @return the changed options
     */
    public ExportOptions withCompression(int level) {
      return new ExportOptions(group, float32, level, randomState);
    }

    /**
     * A copy storing numpy's generator state, for example the one {@link #readRandomState} read
     * from emcee's file, so that emcee continues the chain exactly.
     *
     * @param state the state, or null for none
     * @return the changed options
     */
    public ExportOptions withRandomState(@Nullable EmceeRandomState state) {
      return new ExportOptions(group, float32, compression, state);
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
            if (b > 0) {
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
    try (HdfFile in = open(file)) {
      Group g = group(in, group, file);
      int n = intAttribute(g, "nwalkers", file);
      int d = intAttribute(g, "ndim", file);
      int steps = intAttribute(g, "iteration", file);
      Dataset coords = dataset(g, "chain", file);
      Dataset logProbability = dataset(g, "log_prob", file);
      double[] accepted = flat(dataset(g, "accepted", file).getData(), n, file, "accepted");
      Dataset blobs = g.getChild("blobs") instanceof Dataset bd ? bd : null;
      checkRows(file, steps, n, d, coords, logProbability, accepted, blobs);
      int b = blobs == null ? 0 : blobColumns(blobs, n);
      List<String> blobNames = names(g, "blob_names", b, "blob");
      List<String> parameterNames = names(g, "parameter_names", 0, "x");
      into.reset(
          new ChainMetadata(
              n,
              d,
              parameterNames.size() == d ? parameterNames : List.of(),
              blobNames,
              stringAttribute(g, "moves"),
              stringAttribute(g, "fingerprint")));
      long[] acc = new long[n];
      for (int w = 0; w < n; w++) {
        acc[w] = Math.round(accepted[w]);
      }
      long proposals = longAttribute(g, "jvm_proposals", steps);
      long[] state = longsAttribute(g, "jvm_random_state");
      int slice =
          (int) Math.max(1, Math.min(Math.max(steps, 1), (1L << 17) / ((long) n * (d + 1 + b))));
      double[] xs = new double[slice * n * d];
      double[] lps = new double[slice * n];
      double[] bs = new double[slice * n * b];
      double[] x = new double[n * d];
      double[] lp = new double[n];
      double[] bl = new double[n * b];
      long[] none = new long[0];
      for (int t0 = 0; t0 < steps; t0 += slice) {
        int k = Math.min(slice, steps - t0);
        slice(coords, t0, k, xs, k * n * d, file);
        slice(logProbability, t0, k, lps, k * n, file);
        if (blobs != null) {
          slice(blobs, t0, k, bs, k * n * b, file);
        }
        for (int i = 0; i < k; i++) {
          System.arraycopy(xs, i * n * d, x, 0, n * d);
          System.arraycopy(lps, i * n, lp, 0, n);
          System.arraycopy(bs, i * n * b, bl, 0, n * b);
          boolean last = t0 + i == steps - 1;
          into.saveStep(x, lp, bl, acc, last ? proposals : t0 + i + 1, last ? state : none);
        }
      }
      into.flush();
    } catch (EmceeException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EmceeException(
          "EMCEE-H002", file + " is not a chain in emcee's HDF5 layout: " + e, e);
    }
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
    try (HdfFile in = open(file)) {
      Group g = group(in, group, file);
      Object name = value(g, "random_state_0");
      Object keys = value(g, "random_state_1");
      Object pos = value(g, "random_state_2");
      Object gauss = value(g, "random_state_3");
      Object cached = value(g, "random_state_4");
      if (!(name instanceof String s)
          || keys == null
          || !keys.getClass().isArray()
          || !(pos instanceof Number p)
          || !(gauss instanceof Number hg)
          || !(cached instanceof Number c)) {
        return null;
      }
      long[] k = new long[Array.getLength(keys)];
      for (int i = 0; i < k.length; i++) {
        k[i] = ((Number) Array.get(keys, i)).longValue() & 0xFFFFFFFFL;
      }
      return new EmceeRandomState(s, k, p.longValue(), hg.longValue(), c.doubleValue());
    } catch (EmceeException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EmceeException(
          "EMCEE-H002", file + " is not a chain in emcee's HDF5 layout: " + e, e);
    }
  }

  private static HdfFile open(Path file) {
    if (!Files.exists(file)) {
      throw new EmceeException("EMCEE-H002", "no HDF5 file at " + file);
    }
    if (!Files.isRegularFile(file)) {
      throw new EmceeException(
          "EMCEE-H002", file + " is a folder, not an HDF5 file; give the path of the .h5 file");
    }
    try {
      return new HdfFile(file);
    } catch (RuntimeException e) {
      throw new EmceeException("EMCEE-H002", file + " is not an HDF5 file: " + e, e);
    }
  }

  private static Group group(HdfFile in, String group, Path file) {
    Node node = in.getChild(group);
    if (!(node instanceof Group g)) {
      throw new EmceeException(
          "EMCEE-H002", file + " has no group '" + group + "' (emcee's default name is 'mcmc')");
    }
    return g;
  }

  /** The number of values per walker of the blobs dataset (emcee's array dtype or a 3-D set). */
  private static int blobColumns(Dataset blobs, int n) {
    long[] dims = blobs.getDimensionsAsLong();
    long perStep = 1;
    for (int i = 1; i < dims.length; i++) {
      perStep *= dims[i];
    }
    int elements = Math.toIntExact(perStep);
    if (blobs.getDataType() instanceof io.jhdf.object.datatype.ArrayDataType a) {
      int[] inner = a.getArrayTypeDimensions();
      for (int v : inner) {
        elements *= v;
      }
    }
    return elements / n;
  }

  /** Reads steps {@code [t0, t0 + k)} of {@code set} into {@code dest} as doubles. */
  private static void slice(Dataset set, int t0, int k, double[] dest, int count, Path file) {
    long[] dims = set.getDimensionsAsLong();
    long[] offset = new long[dims.length];
    offset[0] = t0;
    int[] shape = new int[dims.length];
    shape[0] = k;
    for (int i = 1; i < dims.length; i++) {
      shape[i] = (int) dims[i];
    }
    int filled = fill(set.getData(offset, shape), dest, 0);
    if (filled != count) {
      throw new EmceeException(
          "EMCEE-H003",
          file
              + ": dataset '"
              + set.getName()
              + "' holds "
              + filled
              + " values in steps "
              + t0
              + ".."
              + (t0 + k - 1)
              + " where the attributes say "
              + count);
    }
  }

  /** Copies a nested array of any numeric type into {@code dest} from {@code at}, row-major. */
  private static int fill(Object data, double[] dest, int at) {
    if (data instanceof double[] a) {
      System.arraycopy(a, 0, dest, at, Math.min(a.length, dest.length - at));
      return at + a.length;
    }
    if (data instanceof Object[] rows) {
      int p = at;
      for (Object r : rows) {
        p = fill(r, dest, p);
      }
      return p;
    }
    if (data.getClass().isArray()) {
      int len = Array.getLength(data);
      for (int i = 0; i < len; i++) {
        if (at + i < dest.length) {
          Object v = Array.get(data, i);
          dest[at + i] = v instanceof Boolean bool ? (bool ? 1 : 0) : ((Number) v).doubleValue();
        }
      }
      return at + len;
    }
    if (at < dest.length) {
      dest[at] = ((Number) data).doubleValue();
    }
    return at + 1;
  }

  private static double[] flat(Object data, int n, Path file, String name) {
    double[] out = new double[n];
    int filled = fill(data, out, 0);
    if (filled != n) {
      throw new EmceeException(
          "EMCEE-H003", file + ": '" + name + "' has " + filled + " values for " + n + " walkers");
    }
    return out;
  }

  /**
   * emcee grows its datasets ahead of {@code iteration}, so more rows than steps is normal; fewer,
   * or rows of another width, is a file that does not hold what its attributes say.
   */
  private static void checkRows(
      Path file,
      int steps,
      int n,
      int d,
      Dataset coords,
      Dataset logProbability,
      double[] accepted,
      @Nullable Dataset blobs) {
    if (steps < 0) {
      throw new EmceeException(
          "EMCEE-H003", file + ": the 'iteration' attribute is negative (" + steps + ")");
    }
    long[] c = coords.getDimensionsAsLong();
    long[] l = logProbability.getDimensionsAsLong();
    long blobRows = blobs == null ? steps : blobs.getDimensionsAsLong()[0];
    long rows = Math.min(Math.min(c[0], l[0]), blobRows);
    if (rows < steps) {
      throw new EmceeException(
          "EMCEE-H003",
          file
              + ": the 'iteration' attribute says "
              + steps
              + " steps but the datasets hold "
              + rows
              + " rows (chain "
              + c[0]
              + ", log_prob "
              + l[0]
              + (blobs == null ? "" : ", blobs " + blobRows)
              + "); the file was cut short or edited. Fix 'iteration' to at most "
              + rows
              + " to read the rows that are there");
    }
    if (c.length != 3 || c[1] != n || c[2] != d || l.length != 2 || l[1] != n) {
      throw new EmceeException(
          "EMCEE-H003",
          file
              + ": 'chain' is "
              + Arrays.toString(c)
              + " and 'log_prob' "
              + Arrays.toString(l)
              + ", not (steps, "
              + n
              + ", "
              + d
              + ") and (steps, "
              + n
              + ") as the 'nwalkers' and 'ndim' attributes say");
    }
    if (blobs != null) {
      long[] bd = blobs.getDimensionsAsLong();
      if (bd.length < 2 || bd[1] != n) {
        throw new EmceeException(
            "EMCEE-H003",
            file + ": 'blobs' is " + Arrays.toString(bd) + ", not (steps, " + n + ", ...)");
      }
    }
    if (accepted.length != n) {
      throw new EmceeException(
          "EMCEE-H003",
          file + ": 'accepted' has " + accepted.length + " values for " + n + " walkers");
    }
  }

  private static @Nullable Object value(Group g, String name) {
    Attribute a = g.getAttribute(name);
    Object v = a == null ? null : a.getData();
    if (v != null && v.getClass().isArray() && Array.getLength(v) == 1 && !name.endsWith("_1")) {
      return Array.get(v, 0);
    }
    return v;
  }

  private static int intAttribute(Group g, String name, Path file) {
    Attribute a = g.getAttribute(name);
    if (a == null) {
      throw new EmceeException(
          "EMCEE-H002", file + ": group '" + g.getName() + "' has no '" + name + "' attribute");
    }
    Object v = value(g, name);
    if (v instanceof Number number) {
      return number.intValue();
    }
    throw new EmceeException(
        "EMCEE-H002", file + ": attribute '" + name + "' is not a number: " + v);
  }

  private static long longAttribute(Group g, String name, long otherwise) {
    return value(g, name) instanceof Number number ? number.longValue() : otherwise;
  }

  private static long[] longsAttribute(Group g, String name) {
    Attribute a = g.getAttribute(name);
    Object v = a == null ? null : a.getData();
    return v instanceof long[] l ? l.clone() : new long[0];
  }

  private static String stringAttribute(Group g, String name) {
    Attribute a = g.getAttribute(name);
    Object v = a == null ? null : a.getData();
    return v instanceof String s && !s.equals("-") ? s : "";
  }

  private static List<String> names(Group g, String attribute, int count, String prefix) {
    Attribute a = g.getAttribute(attribute);
    Object v = a == null ? null : a.getData();
    if (v instanceof String[] s && (count == 0 || s.length == count)) {
      return Arrays.asList(s);
    }
    String[] generated = new String[count];
    for (int i = 0; i < count; i++) {
      generated[i] = prefix + i;
    }
    return Arrays.asList(generated);
  }

  private static Dataset dataset(Group g, String name, Path file) {
    Node node = g.getChild(name);
    if (!(node instanceof Dataset dataset)) {
      throw new EmceeException(
          "EMCEE-H002", file + ": group '" + g.getName() + "' has no '" + name + "' dataset");
    }
    return dataset;
  }
}
