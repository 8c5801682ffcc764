package io.emcee.core.model;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.model.BlobField.Kind;
import java.util.Arrays;
import java.util.List;

/**
 * Where a {@link BlobLogProbability} writes its blobs for one call: every declared blob, by index
 * or name, exactly once. One writer is reused per thread; it is only valid during the call. A field
 * declared with {@link BlobField} (an array, an integer) is written whole or element by element;
 * nothing is allocated.
 *
 * <pre>{@code blobs.set("radius", r); blobs.set(1, v); blobs.set("b", 2, x); blobs.set("n", 7L);}
 * </pre>
 */
@Stability(Stability.Level.STABLE)
public final class Blobs {
  private final BlobLayout layout;
  private final List<String> names;
  private final boolean[] integer;
  private double[] out = new double[0];
  private int offset;
  private final boolean[] written;
  private int count;

  Blobs(BlobLayout layout) {
    this.layout = layout;
    this.names = layout.columns();
    this.written = new boolean[names.size()];
    this.integer = new boolean[names.size()];
    for (int c = 0; c < integer.length; c++) {
      integer[c] = names.get(c).endsWith(BlobField.INTEGER_SUFFIX);
    }
  }

  BlobLayout layout() {
    return layout;
  }

  void begin(double[] out, int offset) {
    this.out = out;
    this.offset = offset;
    Arrays.fill(written, false);
    count = 0;
  }

  /** The names of the blobs not written since {@link #begin}, for the error message. */
  List<String> missing() {
    return java.util.stream.IntStream.range(0, written.length)
        .filter(i -> !written[i])
        .mapToObj(names::get)
        .toList();
  }

  /** Sets every blob not written since {@link #begin} to {@code value}. */
  void fillMissing(double value) {
    for (int i = 0; i < written.length; i++) {
      if (!written[i]) {
        out[offset + i] = value;
      }
    }
  }

  boolean complete() {
    return count == written.length;
  }

  /**
   * The number of declared blob values (columns: an array counts its length).
   *
   * @return the count
   */
  public int size() {
    return names.size();
  }

  /**
   * The declared blob columns, in index order: the plain names, {@code b[0], b[1], ...} for an
   * array {@code b}, {@code n:int64} for an integer {@code n}.
   *
   * @return an unmodifiable list
   */
  public List<String> getNames() {
    return names;
  }

  /**
   * The declared fields, in order.
   *
   * @return an unmodifiable list
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public List<BlobField> getFields() {
    return layout.fields();
  }

  /**
   * Sets blob column {@code index}.
   *
   * @param index 0 to {@code size() - 1}
   * @param value the value; a whole number of magnitude at most 2^53 in an integer column
   * @throws EmceeException (EMCEE-E004) for an index out of range; (EMCEE-I085) for a value an
   *     integer column cannot hold
   */
  public void set(int index, double value) {
    if (index < 0 || index >= written.length) {
      throw new EmceeException(
          "EMCEE-E004",
          "blob index "
              + index
              + " is out of range: the declared blobs are "
              + names
              + "; set an index from 0 to "
              + (names.size() - 1)
              + ", or a blob by its declared name");
    }
    if (integer[index] && !BlobLayout.isInteger(value)) {
      throw new EmceeException(
          "EMCEE-I085",
          "the integer blob '"
              + names.get(index)
              + "' was set to "
              + value
              + ": "
              + BlobLayout.integerRule());
    }
    put(index, value);
  }

  private void put(int index, double value) {
    if (!written[index]) {
      written[index] = true;
      count++;
    }
    out[offset + index] = value;
  }

  /**
   * Sets the blob called {@code name}: a scalar field (double or integer), or a column by its name.
   *
   * @param name one of the declared names
   * @param value the value; a whole number of magnitude at most 2^53 for an integer
   * @throws EmceeException (EMCEE-E004) for a name that was not declared or an array field;
   *     (EMCEE-I085) for a value an integer cannot hold
   */
  public void set(String name, double value) {
    set(scalar(name), value);
  }

  /**
   * Sets the scalar blob called {@code name} to an integer (a double field gets the nearest double,
   * as {@link #set(String, double)} would).
   *
   * @param name one of the declared names
   * @param value of magnitude at most 2^53
   * @throws EmceeException (EMCEE-E004) for a name that was not declared or an array field;
   *     (EMCEE-I085) for a magnitude beyond 2^53
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public void set(String name, long value) {
    setLong(scalar(name), value);
  }

  /**
   * Sets element {@code i} of the array field called {@code name}.
   *
   * @param name an array field
   * @param i 0 to its length - 1
   * @param value the value; a whole number of magnitude at most 2^53 for an integer array
   * @throws EmceeException (EMCEE-E004) for a name that is no array field; (EMCEE-I086) for an
   *     element out of range; (EMCEE-I085) for a value an integer cannot hold
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public void set(String name, int i, double value) {
    set(element(name, i), value);
  }

  /**
   * Sets element {@code i} of the integer array field called {@code name}.
   *
   * @param name an array field
   * @param i 0 to its length - 1
   * @param value of magnitude at most 2^53
   * @throws EmceeException (EMCEE-E004) for a name that is no array field; (EMCEE-I086) for an
   *     element out of range; (EMCEE-I085) for a magnitude beyond 2^53
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public void set(String name, int i, long value) {
    setLong(element(name, i), value);
  }

  /**
   * Sets the whole array field called {@code name}, copying {@code values}.
   *
   * @param name an array field
   * @param values exactly its length of values
   * @throws EmceeException (EMCEE-E004) for a name that is no array field; (EMCEE-I086) for another
   *     number of values; (EMCEE-I085) for a value an integer array cannot hold
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public void set(String name, double[] values) {
    int at = array(name, values.length);
    for (int i = 0; i < values.length; i++) {
      set(at + i, values[i]);
    }
  }

  /**
   * Sets the whole integer array field called {@code name}, copying {@code values}.
   *
   * @param name an array field
   * @param values exactly its length of values
   * @throws EmceeException (EMCEE-E004) for a name that is no array field; (EMCEE-I086) for another
   *     number of values; (EMCEE-I085) for a magnitude beyond 2^53
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public void set(String name, long[] values) {
    int at = array(name, values.length);
    for (int i = 0; i < values.length; i++) {
      setLong(at + i, values[i]);
    }
  }

  private void setLong(int column, long value) {
    if (integer[column] && (value > BlobField.MAX_INTEGER || value < -BlobField.MAX_INTEGER)) {
      throw new EmceeException(
          "EMCEE-I085",
          "the blob '"
              + names.get(column)
              + "' was set to "
              + value
              + ": "
              + BlobLayout.integerRule());
    }
    put(column, value);
  }

  /** The column of a scalar field, or of a column named so. */
  private int scalar(String name) {
    int f = layout.indexOf(name);
    if (f >= 0 && !layout.fields().get(f).isArray()) {
      return layout.offset(f);
    }
    int column = names.indexOf(name);
    if (column >= 0) {
      return column;
    }
    throw new EmceeException(
        "EMCEE-E004",
        f >= 0
            ? "the blob '"
                + name
                + "' is an array of "
                + layout.fields().get(f).length()
                + " values: set it whole with set(name, values) or one element with set(name, i,"
                + " value)"
            : "no blob is named '" + name + "': the declared blobs are " + declared());
  }

  /** The column of element {@code i} of array field {@code name}. */
  private int element(String name, int i) {
    BlobField field = arrayField(name);
    if (i < 0 || i >= field.length()) {
      throw new EmceeException(
          "EMCEE-I086",
          "element "
              + i
              + " of the blob array '"
              + name
              + "' is out of range: it holds "
              + field.length()
              + " values (0 to "
              + (field.length() - 1)
              + ")");
    }
    return layout.offset(layout.indexOf(name)) + i;
  }

  /** The first column of array field {@code name}, given {@code length} values for it. */
  private int array(String name, int length) {
    BlobField field = arrayField(name);
    if (length != field.length()) {
      throw new EmceeException(
          "EMCEE-I086",
          "the blob array '"
              + name
              + "' holds "
              + field.length()
              + " values but "
              + length
              + " were given; give exactly "
              + field.length());
    }
    return layout.offset(layout.indexOf(name));
  }

  private BlobField arrayField(String name) {
    int f = layout.indexOf(name);
    if (f < 0 || !layout.fields().get(f).isArray()) {
      throw new EmceeException(
          "EMCEE-E004",
          f >= 0
              ? "the blob '" + name + "' is a scalar: set it with set(name, value)"
              : "no blob is named '" + name + "': the declared blobs are " + declared());
    }
    return layout.fields().get(f);
  }

  private String declared() {
    return layout.fields().stream().allMatch(x -> x.kind() == Kind.DOUBLE && !x.isArray())
        ? names.toString()
        : layout.fields().toString();
  }
}
