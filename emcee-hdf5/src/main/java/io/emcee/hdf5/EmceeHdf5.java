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
import org.jspecify.annotations.Nullable;

/**
 * Exports a chain in the layout of emcee's {@code HDFBackend} and imports one, so that in Python
 *
 * <pre>{@code emcee.backends.HDFBackend("chain.h5", read_only=True).get_chain()}</pre>
 *
 * returns our chain, and a chain sampled by Python's emcee can be analysed here.
 *
 * <p>Layout, in a group ({@code mcmc} by default): attributes {@code version}, {@code nwalkers},
 * {@code ndim}, {@code has_blobs}, {@code iteration}; datasets {@code chain} (iteration, nwalkers,
 * ndim), {@code log_prob} (iteration, nwalkers) and {@code accepted} (nwalkers), float64, and
 * {@code blobs} (iteration, nwalkers) for one blob or (iteration, nwalkers, nblobs) for several.
 * Ours also carries {@code parameter_names}, {@code blob_names}, {@code moves} and {@code
 * fingerprint} attributes, which emcee ignores. emcee's {@code random_state_*} attributes are not
 * written: our random stream is not numpy's. The whole chain passes through memory on the way.
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
   * Writes {@code chain} to a new HDF5 file in group {@code mcmc}.
   *
   * @param chain the stored chain
   * @param file the HDF5 file (replaced once the new one is complete)
   */
  public static void write(ChainBackend chain, Path file) {
    write(chain, file, GROUP);
  }

  /**
   * Writes {@code chain} to a new HDF5 file in the given group.
   *
   * @param chain the stored chain
   * @param file the HDF5 file (replaced once the new one is complete)
   * @param group the group name (emcee's {@code name} argument)
   * @throws EmceeException H001 when the chain has no steps or the file cannot be written (an
   *     existing file is then unchanged: the export is written beside it and renamed over it), F009
   *     when {@code file} is a folder or a chain file
   */
  public static void write(ChainBackend chain, Path file, String group) {
    JHDF_LOG.getLevel(); // the logger's level is set before jHDF first logs
    AtomicExport.checkTarget(file);
    ChainMetadata m = chain.getMetadata();
    int steps = chain.getIteration();
    int n = m.nwalkers();
    int d = m.ndim();
    int b = m.blobCount();
    double[][][] coords = new double[steps][n][d];
    double[][] logProbability = new double[steps][n];
    double[] flat = new double[n * d];
    double[] blobFlat = new double[n * b];
    Object blobs = b == 1 ? new double[steps][n] : new double[steps][n][b];
    for (int t = 0; t < steps; t++) {
      chain.readCoords(t, flat, 0);
      for (int w = 0; w < n; w++) {
        System.arraycopy(flat, w * d, coords[t][w], 0, d);
      }
      chain.readLogProbability(t, logProbability[t], 0);
      if (b > 0) {
        chain.readBlobs(t, blobFlat, 0);
        for (int w = 0; w < n; w++) {
          if (b == 1) {
            ((double[][]) blobs)[t][w] = blobFlat[w];
          } else {
            System.arraycopy(blobFlat, w * b, ((double[][][]) blobs)[t][w], 0, b);
          }
        }
      }
    }
    long[] acc = chain.getAccepted();
    double[] accepted = new double[n];
    for (int w = 0; w < n; w++) {
      accepted[w] = acc[w];
    }
    if (steps == 0) {
      throw new EmceeException(
          "EMCEE-H001",
          "will not write " + file + ": the chain has no steps yet (run the sampler first)");
    }
    AtomicExport.write(
        file,
        tmp -> {
          try (WritableHdfFile out = HdfFile.write(tmp)) {
            WritableGroup g = out.putGroup(group);
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
            g.putDataset("accepted", accepted);
            g.putDataset("chain", coords);
            g.putDataset("log_prob", logProbability);
            if (b > 0) {
              g.putDataset("blobs", blobs);
            }
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
   * Reads a chain in emcee's layout from the given group. Numeric blobs come as a blob per column
   * ({@code blob0, blob1, ...} unless {@code blob_names} says otherwise); acceptance counts come
   * from {@code accepted}, and the number of proposals is the iteration count.
   *
   * @param file the HDF5 file
   * @param group the group name
   * @return the chain, in memory
   * @throws EmceeException H002 when the file is missing, a folder or not in emcee's layout, saying
   *     what is missing; H003 when its datasets hold fewer rows than its {@code iteration}
   *     attribute says, or rows of another shape
   */
  public static InMemoryBackend read(Path file, String group) {
    if (!Files.exists(file)) {
      throw new EmceeException("EMCEE-H002", "no HDF5 file at " + file);
    }
    if (!Files.isRegularFile(file)) {
      throw new EmceeException(
          "EMCEE-H002", file + " is a folder, not an HDF5 file; give the path of the .h5 file");
    }
    try (HdfFile in = new HdfFile(file)) {
      Node node = in.getChild(group);
      if (!(node instanceof Group g)) {
        throw new EmceeException(
            "EMCEE-H002", file + " has no group '" + group + "' (emcee's default name is 'mcmc')");
      }
      int n = intAttribute(g, "nwalkers", file);
      int d = intAttribute(g, "ndim", file);
      int steps = intAttribute(g, "iteration", file);
      double[][][] coords = (double[][][]) dataset(g, "chain", file);
      double[][] logProbability = (double[][]) dataset(g, "log_prob", file);
      double[] accepted = (double[]) dataset(g, "accepted", file);
      Object blobs = g.getChild("blobs") instanceof Dataset bd ? bd.getData() : null;
      checkRows(file, steps, n, d, coords, logProbability, accepted, blobs);
      int b =
          blobs == null ? 0 : blobs instanceof double[][] ? 1 : ((double[][][]) blobs)[0][0].length;
      List<String> blobNames = names(g, "blob_names", b, "blob");
      List<String> parameterNames = names(g, "parameter_names", 0, "x");
      InMemoryBackend backend = new InMemoryBackend();
      backend.reset(
          new ChainMetadata(
              n,
              d,
              parameterNames.size() == d ? parameterNames : List.of(),
              blobNames,
              stringAttribute(g, "moves"),
              stringAttribute(g, "fingerprint")));
      double[] flat = new double[n * d];
      double[] blobFlat = new double[n * b];
      long[] acc = new long[n];
      for (int w = 0; w < n; w++) {
        acc[w] = Math.round(accepted[w]);
      }
      for (int t = 0; t < steps; t++) {
        for (int w = 0; w < n; w++) {
          System.arraycopy(coords[t][w], 0, flat, w * d, d);
          if (b == 1) {
            blobFlat[w] = ((double[][]) blobs)[t][w];
          } else if (b > 1) {
            System.arraycopy(((double[][][]) blobs)[t][w], 0, blobFlat, w * b, b);
          }
        }
        backend.saveStep(flat, logProbability[t], blobFlat, acc, steps, new long[0]);
      }
      return backend;
    } catch (EmceeException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EmceeException(
          "EMCEE-H002", file + " is not a chain in emcee's HDF5 layout: " + e, e);
    }
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
      double[][][] coords,
      double[][] logProbability,
      double[] accepted,
      @Nullable Object blobs) {
    if (steps < 0) {
      throw new EmceeException(
          "EMCEE-H003", file + ": the 'iteration' attribute is negative (" + steps + ")");
    }
    int blobRows = blobs == null ? steps : Array.getLength(blobs);
    int rows = Math.min(Math.min(coords.length, logProbability.length), blobRows);
    if (rows < steps) {
      throw new EmceeException(
          "EMCEE-H003",
          file
              + ": the 'iteration' attribute says "
              + steps
              + " steps but the datasets hold "
              + rows
              + " rows (chain "
              + coords.length
              + ", log_prob "
              + logProbability.length
              + (blobs == null ? "" : ", blobs " + blobRows)
              + "); the file was cut short or edited. Fix 'iteration' to at most "
              + rows
              + " to read the rows that are there");
    }
    for (int t = 0; t < steps; t++) {
      if (coords[t].length != n
          || logProbability[t].length != n
          || (steps > 0 && coords[t][0].length != d)) {
        throw new EmceeException(
            "EMCEE-H003",
            file
                + ": row "
                + t
                + " of 'chain' or 'log_prob' does not have "
                + n
                + " walkers x "
                + d
                + " dims as the 'nwalkers' and 'ndim' attributes say");
      }
    }
    if (accepted.length != n) {
      throw new EmceeException(
          "EMCEE-H003",
          file + ": 'accepted' has " + accepted.length + " values for " + n + " walkers");
    }
  }

  private static int intAttribute(Group g, String name, Path file) {
    Attribute a = g.getAttribute(name);
    if (a == null) {
      throw new EmceeException(
          "EMCEE-H002", file + ": group '" + g.getName() + "' has no '" + name + "' attribute");
    }
    Object v = a.getData();
    if (v instanceof Number number) {
      return number.intValue();
    }
    if (v != null && v.getClass().isArray() && Array.getLength(v) == 1) {
      return ((Number) Array.get(v, 0)).intValue();
    }
    throw new EmceeException(
        "EMCEE-H002", file + ": attribute '" + name + "' is not a number: " + v);
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

  private static Object dataset(Group g, String name, Path file) {
    Node node = g.getChild(name);
    if (!(node instanceof Dataset dataset)) {
      throw new EmceeException(
          "EMCEE-H002", file + ": group '" + g.getName() + "' has no '" + name + "' dataset");
    }
    return dataset.getData();
  }
}
