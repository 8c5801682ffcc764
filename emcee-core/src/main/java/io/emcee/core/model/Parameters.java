package io.emcee.core.model;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;

/**
 * One point read by parameter name, as the dict emcee hands a function with {@code
 * parameter_names}: scalars by {@link #get(String)}, vectors by {@link #vector(String)} or element
 * by element. A view over the walker's coordinates, reused from call to call on the same thread:
 * read it during the call, do not keep it (nor the arrays {@link #vector} returns). From Kotlin,
 * {@code p["sigma"]} and {@code p["mu", 1]}.
 *
 * <pre>{@code double[] mu = p.vector("mu"); double sigma = p.get("sigma");}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class Parameters {
  private final ParameterNames names;
  private final double[][] vectors;
  private double[] coords = new double[0];

  Parameters(ParameterNames names) {
    this.names = names;
    this.vectors = new double[names.groupCount()][];
    for (int g = 0; g < vectors.length; g++) {
      vectors[g] = new double[names.vector(g) ? names.indices(g).length : 0];
    }
  }

  /** Points the view at {@code coords}, checking its length. */
  void wrap(double[] coords) {
    if (coords.length != names.getDimension()) {
      throw new EmceeException(
          "EMCEE-I061",
          "the parameter names "
              + names
              + " cover "
              + names.getDimension()
              + " dimensions but the point has "
              + coords.length
              + "; name every dimension of the ensemble");
    }
    this.coords = coords;
  }

  /**
   * The value of scalar {@code name} (or of a vector of one).
   *
   * @param name a scalar's name
   * @return its value
   * @throws EmceeException (EMCEE-I062) for an unknown name or a vector of more than one value
   */
  public double get(String name) {
    int g = names.group(name);
    int[] at = names.indices(g);
    if (at.length != 1) {
      throw new EmceeException(
          "EMCEE-I062",
          "\""
              + name
              + "\" is a vector of "
              + at.length
              + " values; read it with vector(\""
              + name
              + "\") or get(\""
              + name
              + "\", k)");
    }
    return coords[at[0]];
  }

  /**
   * Value {@code k} of vector {@code name} ({@code k = 0} for a scalar).
   *
   * @param name a vector's name
   * @param k 0 to {@code size(name) - 1}
   * @return its value
   * @throws EmceeException (EMCEE-I062) for an unknown name or {@code k} out of range
   */
  public double get(String name, int k) {
    int[] at = names.indices(names.group(name));
    if (k < 0 || k >= at.length) {
      throw new EmceeException(
          "EMCEE-I062",
          "\"" + name + "\" has " + at.length + " values, so k = " + k + " is out of range");
    }
    return coords[at[k]];
  }

  /**
   * The values of vector {@code name}, in the order its indices were given: an array of this view,
   * refilled at each call, valid only during the model's call.
   *
   * @param name a vector's name
   * @return its values (do not keep or modify)
   * @throws EmceeException (EMCEE-I062) for an unknown name or a scalar
   */
  public double[] vector(String name) {
    int g = names.group(name);
    if (!names.vector(g)) {
      throw new EmceeException(
          "EMCEE-I062", "\"" + name + "\" is a scalar; read it with get(\"" + name + "\")");
    }
    int[] at = names.indices(g);
    double[] v = vectors[g];
    for (int k = 0; k < at.length; k++) {
      v[k] = coords[at[k]];
    }
    return v;
  }

  /**
   * The number of values of {@code name}: 1 for a scalar.
   *
   * @param name a parameter's name
   * @return its size
   * @throws EmceeException (EMCEE-I062) for an unknown name
   */
  public int size(String name) {
    return names.indices(names.group(name)).length;
  }

  /**
   * The point's coordinates in dimension order, read-only.
   *
   * @return the row the view reads
   */
  public double[] getCoords() {
    return coords;
  }

  /**
   * The names this view reads by.
   *
   * @return the names
   */
  public ParameterNames getNames() {
    return names;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    for (int g = 0; g < names.groupCount(); g++) {
      String name = names.name(g);
      s.append(g == 0 ? "" : ", ").append(name).append('=');
      s.append(names.vector(g) ? java.util.Arrays.toString(vector(name)) : get(name));
    }
    return s.append('}').toString();
  }
}
