package io.emcee.core.model;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import java.util.Arrays;
import java.util.List;

/**
 * Where a {@link BlobLogProbability} writes its blobs for one call: every declared blob, by index
 * or name, exactly once. One writer is reused per thread; it is only valid during the call.
 *
 * <pre>{@code blobs.set("radius", r); blobs.set(1, v);}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class Blobs {
  private final List<String> names;
  private double[] out = new double[0];
  private int offset;
  private final boolean[] written;
  private int count;

  Blobs(List<String> names) {
    this.names = names;
    this.written = new boolean[names.size()];
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
   * The number of declared blobs.
   *
   * @return the count
   */
  public int size() {
    return names.size();
  }

  /**
   * The declared blob names, in index order.
   *
   * @return an unmodifiable list
   */
  public List<String> getNames() {
    return names;
  }

  /**
   * Sets blob {@code index}.
   *
   * @param index 0 to {@code size() - 1}
   * @param value the value
   * @throws EmceeException (EMCEE-E004) for an index out of range
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
    if (!written[index]) {
      written[index] = true;
      count++;
    }
    out[offset + index] = value;
  }

  /**
   * Sets the blob called {@code name}.
   *
   * @param name one of the declared names
   * @param value the value
   * @throws EmceeException (EMCEE-E004) for a name that was not declared
   */
  public void set(String name, double value) {
    int index = names.indexOf(name);
    if (index < 0) {
      throw new EmceeException(
          "EMCEE-E004", "no blob is named '" + name + "': the declared blobs are " + names);
    }
    set(index, value);
  }
}
