package io.emcee.core.model;

import io.emcee.api.EmceeException;
import io.emcee.api.LogProbability;
import io.emcee.api.Stability;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Names for a point's coordinates, as emcee's {@code parameter_names}: one name per dimension (its
 * list form), or named scalars and vector groups (its dict form, {@code {"mu": [0, 1], "sigma":
 * 2}}). Every dimension from 0 to the largest index must be named. It hands the model the point by
 * name: {@link #logProbability} wraps a {@link NamedLogProbability} into a plain log-probability
 * that gives it a {@link Parameters} view of each row, one view reused per evaluating thread, so a
 * call allocates nothing. It travels to grid workers and MPI ranks with the function.
 *
 * <pre>{@code
 * ParameterNames names = ParameterNames.builder().vector("mu", 0, 1).scalar("sigma", 2).build();
 * Ensemble e = new Ensemble(names.logProbability(p -> lp(p.vector("mu"), p.get("sigma"))), start);
 * }</pre>
 */
@Stability(Stability.Level.STABLE)
public final class ParameterNames implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] names;
  private final int[][] indices;
  private final boolean[] vector;
  private final int ndim;
  private final transient Map<String, Integer> groups;

  private ParameterNames(String[] names, int[][] indices, boolean[] vector) {
    if (names.length == 0) {
      throw new EmceeException(
          "EMCEE-I060", "no parameter names were given; name every dimension, or give none");
    }
    Map<String, Integer> byName = new HashMap<>();
    int max = -1;
    for (int g = 0; g < names.length; g++) {
      String name = names[g];
      if (name == null || name.isBlank()) {
        throw new EmceeException(
            "EMCEE-I060",
            "parameter name " + g + " is " + (name == null ? "null" : "blank") + "; name it");
      }
      if (byName.put(name, g) != null) {
        throw new EmceeException(
            "EMCEE-I060",
            "the parameter name \"" + name + "\" is given twice; give each name once");
      }
      if (indices[g].length == 0) {
        throw new EmceeException(
            "EMCEE-I060",
            "the vector \"" + name + "\" names no dimension; give it at least one index");
      }
      for (int i : indices[g]) {
        if (i < 0) {
          throw new EmceeException(
              "EMCEE-I060",
              "the parameter \"" + name + "\" names dimension " + i + "; indices start at 0");
        }
        max = Math.max(max, i);
      }
    }
    boolean[] named = new boolean[max + 1];
    for (int[] group : indices) {
      for (int i : group) {
        named[i] = true;
      }
    }
    for (int i = 0; i <= max; i++) {
      if (!named[i]) {
        throw new EmceeException(
            "EMCEE-I060",
            "no parameter name covers dimension "
                + i
                + " of 0 to "
                + max
                + " (as emcee, every dimension must be named); name it or renumber the indices");
      }
    }
    this.names = names;
    this.indices = indices;
    this.vector = vector;
    this.ndim = max + 1;
    this.groups = byName;
  }

  /**
   * One name per dimension, in order (emcee's list form).
   *
   * @param names the names of dimensions 0, 1, ...
   * @return the names
   * @throws EmceeException (EMCEE-I060) for no, blank or repeated names
   */
  public static ParameterNames of(String... names) {
    return of(Arrays.asList(names));
  }

  /**
   * One name per dimension, in order (emcee's list form).
   *
   * @param names the names of dimensions 0, 1, ...
   * @return the names
   * @throws EmceeException (EMCEE-I060) for no, blank or repeated names
   */
  public static ParameterNames of(List<String> names) {
    Builder b = builder();
    for (int i = 0; i < names.size(); i++) {
      b.scalar(names.get(i), i);
    }
    return b.build();
  }

  /**
   * A builder of named scalars and vectors (emcee's dict form).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link ParameterNames} from named scalars and vectors, in the order they are added.
   *
   * <pre>{@code ParameterNames.builder().vector("means", 0, 1).scalar("c", 2).build()}</pre>
   */
  @Stability(Stability.Level.STABLE)
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private final List<int[]> indices = new ArrayList<>();
    private final List<Boolean> vector = new ArrayList<>();

    private Builder() {}

    /**
     * Names one dimension (emcee's {@code "sigma": 2}).
     *
     * @param name the parameter's name
     * @param index its dimension
     * @return this builder
     */
    public Builder scalar(String name, int index) {
      names.add(name);
      indices.add(new int[] {index});
      vector.add(false);
      return this;
    }

    /**
     * Names a vector of dimensions, in the order given (emcee's {@code "mu": [0, 1]}).
     *
     * @param name the vector's name
     * @param indices its dimensions
     * @return this builder
     */
    public Builder vector(String name, int... indices) {
      names.add(name);
      this.indices.add(indices.clone());
      vector.add(true);
      return this;
    }

    /**
     * The names.
     *
     * @return the names added so far
     * @throws EmceeException (EMCEE-I060) for no, blank or repeated names, negative indices, or a
     *     dimension below the largest index that no name covers
     */
    public ParameterNames build() {
      boolean[] v = new boolean[vector.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = vector.get(i);
      }
      return new ParameterNames(names.toArray(new String[0]), indices.toArray(new int[0][]), v);
    }
  }

  /**
   * The number of dimensions the names cover: the largest index plus one.
   *
   * @return ndim
   */
  public int getDimension() {
    return ndim;
  }

  /**
   * The names of the scalars and vectors, in the order given.
   *
   * @return an unmodifiable list
   */
  public List<String> getNames() {
    return List.of(names);
  }

  /**
   * Whether {@code name} is a vector (given with {@link Builder#vector}).
   *
   * @param name a parameter's name
   * @return true for a vector, false for a scalar
   * @throws EmceeException (EMCEE-I062) for an unknown name
   */
  public boolean isVector(String name) {
    return vector[group(name)];
  }

  /**
   * The dimensions {@code name} stands for.
   *
   * @param name a parameter's name
   * @return a copy of its indices, one for a scalar
   * @throws EmceeException (EMCEE-I062) for an unknown name
   */
  public int[] getIndices(String name) {
    return indices[group(name)].clone();
  }

  /**
   * One label per dimension, for summaries, plots and error messages ({@code
   * Sampler.builder().parameterNames(...)}): a scalar's name, or a vector's name and position,
   * {@code mu[0]}; a dimension that several names cover takes the first.
   *
   * @return {@code getDimension()} labels
   */
  public List<String> getLabels() {
    String[] labels = new String[ndim];
    for (int g = 0; g < names.length; g++) {
      for (int k = 0; k < indices[g].length; k++) {
        int i = indices[g][k];
        if (labels[i] == null) {
          labels[i] = vector[g] ? names[g] + "[" + k + "]" : names[g];
        }
      }
    }
    return List.of(labels);
  }

  /**
   * A plain log-probability that hands {@code function} each point by name: the way a named model
   * goes into an {@code Ensemble} on any pool. Each evaluating thread reuses one {@link Parameters}
   * view, so a call allocates nothing.
   *
   * @param function the model, reading the point by name
   * @return a serializable log-probability over the point's coordinates
   */
  public LogProbability logProbability(NamedLogProbability function) {
    return new Named(this, Objects.requireNonNull(function, "function"));
  }

  /**
   * Like {@link #logProbability}, for a model with blobs ({@code Ensemble.withBlobs}).
   *
   * @param function the model, reading the point by name and writing its blobs
   * @return a serializable blob log-probability over the point's coordinates
   */
  public BlobLogProbability withBlobs(NamedBlobLogProbability function) {
    return new NamedWithBlobs(this, Objects.requireNonNull(function, "function"));
  }

  /**
   * A new view of {@code coords} by these names, to call a named model outside a run (as emcee's
   * {@code ndarray_to_list_of_dicts} for one row).
   *
   * @param coords the point, {@code getDimension()} values; read, not copied
   * @return the view
   * @throws EmceeException (EMCEE-I061) when {@code coords} has another length
   */
  public Parameters view(double[] coords) {
    Parameters p = new Parameters(this);
    p.wrap(coords);
    return p;
  }

  /** The group of {@code name}. */
  int group(String name) {
    Integer g = groups.get(name);
    if (g == null) {
      throw new EmceeException(
          "EMCEE-I062",
          "no parameter is named \"" + name + "\"; the names are " + Arrays.toString(names));
    }
    return g;
  }

  int groupCount() {
    return names.length;
  }

  String name(int group) {
    return names[group];
  }

  int[] indices(int group) {
    return indices[group];
  }

  boolean vector(int group) {
    return vector[group];
  }

  /** A deserialized copy rebuilds its lookup table and checks itself again. */
  private Object readResolve() {
    return new ParameterNames(names, indices, vector);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ParameterNames p
        && Arrays.equals(names, p.names)
        && Arrays.deepEquals(indices, p.indices)
        && Arrays.equals(vector, p.vector);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(names) * 31 + Arrays.deepHashCode(indices);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    for (int g = 0; g < names.length; g++) {
      s.append(g == 0 ? "" : ", ").append(names[g]).append(": ");
      s.append(vector[g] ? Arrays.toString(indices[g]) : String.valueOf(indices[g][0]));
    }
    return s.append('}').toString();
  }

  /**
   * The names a model reads its points by: those whose {@link #logProbability} or {@link
   * #withBlobs} made its function, or none for any other model.
   *
   * <pre>{@code Optional<ParameterNames> names = ParameterNames.of(ensemble.getModel());}</pre>
   *
   * @param model a model
   * @return the names, or empty
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public static java.util.Optional<ParameterNames> of(Model model) {
    if (model.isBatched()) {
      return java.util.Optional.empty();
    }
    Object f = model.getFunction();
    if (f instanceof Named n) {
      return java.util.Optional.of(n.names);
    }
    if (f instanceof NamedWithBlobs n) {
      return java.util.Optional.of(n.names);
    }
    return java.util.Optional.empty();
  }

  /** The log-probability {@link #logProbability} returns: one view per evaluating thread. */
  private static final class Named implements LogProbability {
    private static final long serialVersionUID = 1L;

    private final ParameterNames names;
    private final NamedLogProbability function;
    private final transient ThreadLocal<Parameters> views;

    Named(ParameterNames names, NamedLogProbability function) {
      this.names = names;
      this.function = function;
      this.views = ThreadLocal.withInitial(() -> new Parameters(names));
    }

    @Override
    public double logProbability(double[] coords) {
      Parameters p = views.get();
      p.wrap(coords);
      return function.logProbability(p);
    }

    /** A deserialized copy (on a worker) gets views of its own. */
    private Object readResolve() {
      return new Named(names, function);
    }
  }

  /** The blob log-probability {@link #withBlobs} returns: one view per evaluating thread. */
  private static final class NamedWithBlobs implements BlobLogProbability {
    private static final long serialVersionUID = 1L;

    private final ParameterNames names;
    private final NamedBlobLogProbability function;
    private final transient ThreadLocal<Parameters> views;

    NamedWithBlobs(ParameterNames names, NamedBlobLogProbability function) {
      this.names = names;
      this.function = function;
      this.views = ThreadLocal.withInitial(() -> new Parameters(names));
    }

    @Override
    public double logProbability(double[] coords, Blobs blobs) {
      Parameters p = views.get();
      p.wrap(coords);
      return function.logProbability(p, blobs);
    }

    private Object readResolve() {
      return new NamedWithBlobs(names, function);
    }
  }
}
