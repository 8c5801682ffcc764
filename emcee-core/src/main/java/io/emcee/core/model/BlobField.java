package io.emcee.core.model;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One named blob of a model, as a field of emcee's {@code blobs_dtype}: a double, a fixed-length
 * array of doubles, an integer (a Java {@code long}) or a fixed-length array of integers. The chain
 * keeps every field as flat double columns ({@link #columns()}): a scalar {@code a} as {@code a},
 * an array {@code b} of length k as {@code b[0]} to {@code b[k-1]}, and an integer field with the
 * suffix {@value #INTEGER_SUFFIX} ({@code n:int64}, {@code c[0]:int64}, ...), so a stored chain
 * knows the shape and kind of its blobs from the column names alone. Integers are stored exactly:
 * their magnitude may not exceed 2<sup>53</sup>.
 *
 * <pre>
 * {@code List<BlobField> f = List.of(BlobField.of("a"), BlobField.array("b", 3), BlobField.integer("n"));}
 * </pre>
 *
 * @param name the field's name, not blank; when a model declares it, an array or integer field's
 *     name may hold no {@code [} or {@code ]}, and no name may end with {@value #INTEGER_SUFFIX}
 *     (they would read back from a stored chain as another field: EMCEE-I083)
 * @param kind what each value is
 * @param length 0 for a scalar (numpy's shape {@code ()}), k &ge; 1 for an array of k values
 *     (numpy's {@code (k,)})
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record BlobField(String name, Kind kind, int length) implements Serializable {

  /** The column suffix that marks an integer field's columns. */
  public static final String INTEGER_SUFFIX = ":int64";

  /** The largest magnitude of an integer blob: every long up to it is exactly a double. */
  public static final long MAX_INTEGER = 1L << 53;

  /** What a blob field's values are. */
  public enum Kind {
    /** A double (numpy's {@code float64}). */
    DOUBLE,
    /** An integer, read as a {@code long} (numpy's {@code int64}), of magnitude at most 2^53. */
    LONG
  }

  /**
   * Checks the name and length.
   *
   * @throws EmceeException (EMCEE-I083) for a blank name or a negative length
   */
  public BlobField {
    if (name == null || name.isBlank()) {
      throw new EmceeException(
          "EMCEE-I083",
          "a blob field's name is " + (name == null ? "null" : "blank") + "; name it");
    }
    if (kind == null) {
      throw new EmceeException(
          "EMCEE-I083", "the blob field '" + name + "' has no kind; give DOUBLE or LONG");
    }
    if (length < 0) {
      throw new EmceeException(
          "EMCEE-I083",
          "the blob field '"
              + name
              + "' has length "
              + length
              + "; give 0 for a scalar or the array's length (at least 1)");
    }
  }

  /**
   * A double (emcee's {@code ("a", float)}); a plain blob name is one.
   *
   * @param name the name
   * @return the field
   */
  public static BlobField of(String name) {
    return new BlobField(name, Kind.DOUBLE, 0);
  }

  /**
   * An array of {@code length} doubles (emcee's {@code ("b", float, length)}).
   *
   * @param name the name
   * @param length at least 1
   * @return the field
   * @throws EmceeException (EMCEE-I083) for a length below 1
   */
  public static BlobField array(String name, int length) {
    if (length < 1) {
      throw new EmceeException(
          "EMCEE-I083",
          "the blob array '" + name + "' has length " + length + "; an array has at least 1 value");
    }
    return new BlobField(name, Kind.DOUBLE, length);
  }

  /**
   * An integer (emcee's {@code ("n", int)}), written and read as a {@code long}.
   *
   * @param name the name
   * @return the field
   */
  public static BlobField integer(String name) {
    return new BlobField(name, Kind.LONG, 0);
  }

  /**
   * An array of {@code length} integers (emcee's {@code ("c", int, length)}).
   *
   * @param name the name
   * @param length at least 1
   * @return the field
   * @throws EmceeException (EMCEE-I083) for a length below 1
   */
  public static BlobField integers(String name, int length) {
    if (length < 1) {
      throw new EmceeException(
          "EMCEE-I083",
          "the blob array '" + name + "' has length " + length + "; an array has at least 1 value");
    }
    return new BlobField(name, Kind.LONG, length);
  }

  /**
   * Refuses a declared name that would read back from a stored chain as another field: brackets in
   * an array or integer field's name, or the integer suffix in any name.
   *
   * @throws EmceeException (EMCEE-I083) naming the field and what to do
   */
  void checkDeclarable() {
    if (name.endsWith(INTEGER_SUFFIX)) {
      throw new EmceeException(
          "EMCEE-I083",
          "the blob name '"
              + name
              + "' ends with '"
              + INTEGER_SUFFIX
              + "', which marks integer columns in a stored chain; declare an integer with"
              + " BlobField.integer(\""
              + name.substring(0, name.length() - INTEGER_SUFFIX.length())
              + "\") instead");
    }
    if ((length > 0 || kind == Kind.LONG) && (name.indexOf('[') >= 0 || name.indexOf(']') >= 0)) {
      throw new EmceeException(
          "EMCEE-I083",
          "the blob field '"
              + name
              + "' has brackets in its name, which mark the elements of an array in a stored"
              + " chain; name the "
              + (length > 0 ? "array" : "integer")
              + " without '[' or ']'");
    }
  }

  /**
   * Whether the field is an array (a length of at least 1).
   *
   * @return true for an array
   */
  public boolean isArray() {
    return length > 0;
  }

  /**
   * The number of values the field holds per walker: 1 for a scalar, the length for an array.
   *
   * @return at least 1
   */
  public int width() {
    return Math.max(1, length);
  }

  /**
   * The names of the field's columns in a stored chain, in order.
   *
   * @return {@code [a]}, {@code [b[0], b[1], ...]}, {@code [n:int64]} or {@code [c[0]:int64, ...]}
   */
  public List<String> columns() {
    String suffix = kind == Kind.LONG ? INTEGER_SUFFIX : "";
    if (length == 0) {
      return List.of(name + suffix);
    }
    List<String> out = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      out.add(name + "[" + i + "]" + suffix);
    }
    return List.copyOf(out);
  }

  /**
   * The field as emcee's {@code blobs_dtype} entry, for messages and docs.
   *
   * @return e.g. {@code ("b", float64, (3,))}
   */
  @Override
  public String toString() {
    return "(\""
        + name
        + "\", "
        + (kind == Kind.LONG ? "int64" : "float64")
        + (length > 0 ? ", (" + length + ",)" : "")
        + ")";
  }
}
