package io.emcee.hdf5;

import io.emcee.api.EmceeException;
import io.emcee.core.model.BlobField;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.ChainMetadata;
import io.emcee.core.storage.ChainSegment;
import io.emcee.hdf5.EmceeHdf5.EmceeRandomState;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.ArrayDataType;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The import half of {@link EmceeHdf5}: reads a chain in emcee's HDF5 layout, a slice of steps at a
 * time, and numpy's random state stored beside it.
 *
 * <pre>{@code Hdf5Import.read(path, "mcmc", backend);}</pre>
 */
final class Hdf5Import {
  private Hdf5Import() {}

  /** See {@link EmceeHdf5#read(Path, String, ChainBackend)}. */
  static void read(Path file, String group, ChainBackend into) {
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
      List<Member> members =
          blobs != null && blobs.getDataType() instanceof CompoundDataType compound
              ? members(compound, file)
              : null;
      int b =
          members != null
              ? members.stream().mapToInt(Member::width).sum()
              : blobs == null ? 0 : blobColumns(blobs, n);
      List<String> blobNames =
          members != null && !(names(g, "blob_names", 0, "blob").size() == b)
              ? members.stream().flatMap(mb -> mb.field().columns().stream()).toList()
              : names(g, "blob_names", b, "blob");
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
      List<ChainSegment> segments = segments(g, steps);
      int nextSegment = 0;
      for (int t0 = 0; t0 < steps; t0 += slice) {
        int k = Math.min(slice, steps - t0);
        slice(coords, t0, k, xs, k * n * d, file);
        slice(logProbability, t0, k, lps, k * n, file);
        if (blobs != null && members != null) {
          sliceCompound(blobs, members, t0, k, n, b, bs, file);
        } else if (blobs != null) {
          slice(blobs, t0, k, bs, k * n * b, file);
        }
        for (int i = 0; i < k; i++) {
          System.arraycopy(xs, i * n * d, x, 0, n * d);
          System.arraycopy(lps, i * n, lp, 0, n);
          System.arraycopy(bs, i * n * b, bl, 0, n * b);
          if (nextSegment < segments.size() && segments.get(nextSegment).firstStep() == t0 + i) {
            ChainSegment s = segments.get(nextSegment++);
            into.startSegment(s.thinBy(), s.tune(), s.follows());
          }
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

  /** See {@link EmceeHdf5#readRandomState}. */
  static @Nullable EmceeRandomState readRandomState(Path file, String group) {
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

  /**
   * The segments our export stored ({@code segment_*}), or none (the backend's single segment) when
   * the file has none, as emcee's own, or they do not describe steps {@code 0..steps-1}.
   */
  private static List<ChainSegment> segments(Group g, int steps) {
    long[] first = longsAttribute(g, EmceeHdf5.SEGMENT_FIRST_STEP);
    long[] thinBy = longsAttribute(g, EmceeHdf5.SEGMENT_THIN_BY);
    long[] tune = longsAttribute(g, EmceeHdf5.SEGMENT_TUNE);
    long[] follows = longsAttribute(g, EmceeHdf5.SEGMENT_FOLLOWS);
    int k = first.length;
    if (k == 0 || thinBy.length != k || tune.length != k || follows.length != k || first[0] != 0) {
      return List.of();
    }
    List<ChainSegment> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      if (first[i] >= steps || (i > 0 && first[i] <= first[i - 1]) || thinBy[i] < 1) {
        return List.of();
      }
      out.add(new ChainSegment((int) first[i], (int) thinBy[i], tune[i] != 0, follows[i] != 0));
    }
    return out;
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

  /**
   * A member of a compound blobs dataset (emcee's structured {@code blobs_dtype}) as a blob field,
   * at column {@code offset} of a walker's row.
   */
  private record Member(String name, BlobField field, int offset) {
    int width() {
      return field.width();
    }
  }

  /** The members of a compound blobs type as fields: numbers, or arrays of numbers. */
  private static List<Member> members(CompoundDataType compound, Path file) {
    List<Member> out = new ArrayList<>();
    int offset = 0;
    for (CompoundDataType.CompoundDataMember m : compound.getMembers()) {
      DataType type = m.getDataType();
      int length = 0;
      if (type instanceof ArrayDataType a) {
        length = 1;
        for (int v : a.getArrayTypeDimensions()) {
          length *= v;
        }
        type = a.getBaseType();
      }
      if (!(type instanceof FixedPoint) && !(type instanceof FloatingPoint)) {
        throw new EmceeException(
            "EMCEE-H002",
            file
                + ": the blob field '"
                + m.getName()
                + "' is of HDF5 type "
                + type.getClass().getSimpleName()
                + "; only numbers and arrays of numbers can be imported as blobs");
      }
      BlobField.Kind kind =
          type instanceof FixedPoint ? BlobField.Kind.LONG : BlobField.Kind.DOUBLE;
      BlobField field = new BlobField(m.getName(), kind, length);
      out.add(new Member(m.getName(), field, offset));
      offset += field.width();
    }
    return out;
  }

  /**
   * Reads steps {@code [t0, t0 + k)} of a compound blobs dataset into {@code dest}, a walker's row
   * of {@code b} columns after another; an integer equal to {@link Long#MIN_VALUE} (an unset blob,
   * as we export it) becomes NaN again.
   */
  private static void sliceCompound(
      Dataset set, List<Member> members, int t0, int k, int n, int b, double[] dest, Path file) {
    if (!(steps(set, t0, k) instanceof java.util.Map<?, ?> data)) {
      throw new EmceeException(
          "EMCEE-H002", file + ": the compound dataset 'blobs' did not read as named fields");
    }
    for (Member m : members) {
      int width = m.width();
      double[] values = new double[k * n * width];
      Object member = data.get(m.name());
      int filled = member == null ? 0 : fill(member, values, 0);
      if (filled != values.length) {
        throw new EmceeException(
            "EMCEE-H003",
            file
                + ": the blob field '"
                + m.name()
                + "' holds "
                + filled
                + " values in steps "
                + t0
                + ".."
                + (t0 + k - 1)
                + " where "
                + values.length
                + " were expected");
      }
      for (int r = 0; r < k * n; r++) {
        System.arraycopy(values, r * width, dest, r * b + m.offset(), width);
      }
    }
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

  /**
   * Steps {@code [t0, t0 + k)} of {@code set}, every other dimension whole, as the library reads
   * them.
   */
  private static Object steps(Dataset set, int t0, int k) {
    long[] dims = set.getDimensionsAsLong();
    long[] offset = new long[dims.length];
    offset[0] = t0;
    int[] shape = new int[dims.length];
    shape[0] = k;
    for (int i = 1; i < dims.length; i++) {
      shape[i] = (int) dims[i];
    }
    return set.getData(offset, shape);
  }

  /** Reads steps {@code [t0, t0 + k)} of {@code set} into {@code dest} as doubles. */
  private static void slice(Dataset set, int t0, int k, double[] dest, int count, Path file) {
    int filled = fill(steps(set, t0, k), dest, 0);
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
          dest[at + i] =
              v instanceof Boolean bool
                  ? (bool ? 1 : 0)
                  : v instanceof Long l && l == Long.MIN_VALUE
                      ? Double.NaN
                      : ((Number) v).doubleValue();
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
