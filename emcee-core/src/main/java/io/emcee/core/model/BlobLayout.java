package io.emcee.core.model;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.model.BlobField.Kind;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The blob fields of a model or a stored chain and where their values sit in a walker's row of blob
 * columns: field {@code f} at columns {@code offset(f)} to {@code offset(f) + width - 1}. A chain
 * stores only the column names; {@link #fromColumns} reads the fields back from them.
 *
 * <pre>{@code int at = model.getBlobLayout().offset("b"); blobs[row * width + at + i] = v;}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class BlobLayout implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** No blobs. */
  public static final BlobLayout NONE = new BlobLayout(List.of(), false);

  private final List<BlobField> fields;
  private final transient List<String> columns;
  private final transient int[] offsets;
  private final transient int[] longColumns;

  private BlobLayout(List<BlobField> fields, boolean check) {
    this.fields = List.copyOf(fields);
    List<String> cols = new ArrayList<>();
    int[] off = new int[fields.size()];
    List<Integer> longs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (int f = 0; f < fields.size(); f++) {
      BlobField field = fields.get(f);
      if (check) {
        field.checkDeclarable();
        if (!names.add(field.name())) {
          throw twice(field.name(), fields);
        }
      }
      off[f] = cols.size();
      for (String c : field.columns()) {
        if (check && !seen.add(c)) {
          throw twice(c, fields);
        }
        if (field.kind() == Kind.LONG) {
          longs.add(cols.size());
        }
        cols.add(c);
      }
    }
    this.columns = List.copyOf(cols);
    this.offsets = off;
    this.longColumns = longs.stream().mapToInt(Integer::intValue).toArray();
  }

  private static EmceeException twice(String name, List<BlobField> fields) {
    return new EmceeException(
        "EMCEE-I084",
        "the blob '"
            + name
            + "' is declared twice in "
            + fields
            + "; give every field (and every column: an array b holds b[0], b[1], ...) one name");
  }

  /**
   * The layout of declared fields.
   *
   * @param fields at least one field, names and columns distinct
   * @return the layout
   * @throws EmceeException (EMCEE-I084) for a name or column declared twice; (EMCEE-I015) for no
   *     field
   */
  public static BlobLayout of(List<BlobField> fields) {
    if (fields.isEmpty()) {
      throw new EmceeException(
          "EMCEE-I015", "a model with blobs needs at least one blob field; use Model.of for none");
    }
    return new BlobLayout(fields, true);
  }

  /**
   * The layout of plain blob names: one double each, stored under the name as it is.
   *
   * @param names distinct, non-blank names (checked by the caller)
   * @return the layout
   * @throws EmceeException (EMCEE-I083) for a name ending with {@value BlobField#INTEGER_SUFFIX}
   */
  static BlobLayout ofNames(List<String> names) {
    return new BlobLayout(names.stream().map(BlobField::of).toList(), true);
  }

  /**
   * The fields of a stored chain's blob columns: {@code b[0]} to {@code b[k-1]} in a row are array
   * {@code b}, a column ending with {@value BlobField#INTEGER_SUFFIX} an integer, any other column
   * a double of that name. Never fails: a column that fits no field pattern is a double.
   *
   * @param columns the stored blob names, in order
   * @return the layout, {@link #NONE} for no columns
   */
  public static BlobLayout fromColumns(List<String> columns) {
    if (columns.isEmpty()) {
      return NONE;
    }
    List<BlobField> out = new ArrayList<>();
    int i = 0;
    while (i < columns.size()) {
      String c = columns.get(i);
      boolean integer = c.endsWith(BlobField.INTEGER_SUFFIX);
      String bare = integer ? c.substring(0, c.length() - BlobField.INTEGER_SUFFIX.length()) : c;
      String base = arrayBase(bare, 0);
      if (base != null) {
        int k = 1;
        while (i + k < columns.size()
            && columns
                .get(i + k)
                .equals(base + "[" + k + "]" + (integer ? BlobField.INTEGER_SUFFIX : ""))) {
          k++;
        }
        out.add(new BlobField(base, integer ? Kind.LONG : Kind.DOUBLE, k));
        i += k;
      } else {
        out.add(
            !integer || bare.isBlank() || bare.indexOf('[') >= 0 || bare.indexOf(']') >= 0
                ? new BlobField(c, Kind.DOUBLE, 0)
                : new BlobField(bare, Kind.LONG, 0));
        i++;
      }
    }
    return new BlobLayout(out, false);
  }

  /** {@code b} for {@code b[index]} when b is a valid array name, else null. */
  private static @Nullable String arrayBase(String column, int index) {
    String tail = "[" + index + "]";
    if (!column.endsWith(tail) || column.length() == tail.length()) {
      return null;
    }
    String base = column.substring(0, column.length() - tail.length());
    return base.isBlank() || base.indexOf('[') >= 0 || base.indexOf(']') >= 0 ? null : base;
  }

  @Serial
  private Object readResolve() {
    return fields.isEmpty() ? NONE : new BlobLayout(fields, false);
  }

  /**
   * The fields, in order.
   *
   * @return an unmodifiable list, empty for none
   */
  public List<BlobField> fields() {
    return fields;
  }

  /**
   * The stored column names, in order: one per value a walker holds.
   *
   * @return an unmodifiable list, empty for none
   */
  public List<String> columns() {
    return columns;
  }

  /**
   * The number of blob values per walker: the columns.
   *
   * @return 0 for none
   */
  public int width() {
    return columns.size();
  }

  /**
   * The index of the field called {@code name}.
   *
   * @param name a field name
   * @return its index in {@link #fields()}, or -1
   */
  public int indexOf(String name) {
    for (int f = 0; f < fields.size(); f++) {
      if (fields.get(f).name().equals(name)) {
        return f;
      }
    }
    return -1;
  }

  /**
   * The first column of field {@code field}.
   *
   * @param field an index in {@link #fields()}
   * @return the column index
   */
  public int offset(int field) {
    return offsets[field];
  }

  /**
   * The first column of the field called {@code name}.
   *
   * @param name a field name
   * @return the column index
   * @throws EmceeException (EMCEE-I040) when no field has that name
   */
  public int offset(String name) {
    return offsets[require(name)];
  }

  /**
   * The index of the field called {@code name}, or an error naming the fields there are.
   *
   * @param name a field name
   * @return its index in {@link #fields()}
   * @throws EmceeException (EMCEE-I040) when no field has that name
   */
  public int require(String name) {
    int f = indexOf(name);
    if (f < 0) {
      throw new EmceeException(
          "EMCEE-I040",
          fields.isEmpty()
              ? "there are no blobs, so none is named '"
                  + name
                  + "'; declare blobs with Ensemble.withBlobs(logProbability, names, ...)"
              : "no blob is named '" + name + "': the blob fields are " + fields);
    }
    return f;
  }

  /**
   * Whether any field holds integers.
   *
   * @return true when a column is an integer one
   */
  public boolean hasIntegers() {
    return longColumns.length > 0;
  }

  /**
   * The first of {@code rows} rows of {@link #width()} values whose integer column holds no integer
   * of magnitude at most 2^53 (NaN, the value of a blob left unset at {@code -Infinity}, passes
   * there).
   *
   * @param values the rows, row-major
   * @param rows how many rows
   * @param logProbability each row's log-probability
   * @return the row, or -1 when every row is right
   */
  public int firstBadInteger(double[] values, int rows, double[] logProbability) {
    int width = columns.size();
    for (int r = 0; r < rows; r++) {
      for (int c : longColumns) {
        double v = values[r * width + c];
        if (!isInteger(v) && !(Double.isNaN(v) && logProbability[r] == Double.NEGATIVE_INFINITY)) {
          return r;
        }
      }
    }
    return -1;
  }

  /**
   * The error for row {@code row}, which {@link #firstBadInteger} found.
   *
   * @param values the rows, row-major
   * @param row the row at fault
   * @param who what holds the row, to start the message with (empty for nothing)
   * @return the error (EMCEE-I085), naming the column and value
   */
  public EmceeException badInteger(double[] values, int row, String who) {
    int width = columns.size();
    for (int c : longColumns) {
      double v = values[row * width + c];
      if (!isInteger(v)) {
        return new EmceeException(
            "EMCEE-I085",
            who + "the integer blob '" + columns.get(c) + "' holds " + v + ": " + integerRule());
      }
    }
    return new EmceeException("EMCEE-I085", who + "an integer blob is wrong: " + integerRule());
  }

  /** Whether {@code v} is an integer blob value: integral, magnitude at most 2^53. */
  static boolean isInteger(double v) {
    return v == Math.rint(v) && Math.abs(v) <= BlobField.MAX_INTEGER;
  }

  /** What an integer blob may hold, for messages. */
  static String integerRule() {
    return "an integer blob holds a whole number of magnitude at most 2^53 = "
        + BlobField.MAX_INTEGER
        + " (stored exactly as a double); keep larger counts in a double field";
  }

  /**
   * The value an integer column reads as: the long it holds, or {@link Long#MIN_VALUE} for NaN (a
   * blob left unset by a log-probability that returned {@code -Infinity}).
   *
   * @param stored the stored double
   * @return the integer
   */
  public static long toLong(double stored) {
    return Double.isNaN(stored) ? Long.MIN_VALUE : (long) stored;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof BlobLayout l && fields.equals(l.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
