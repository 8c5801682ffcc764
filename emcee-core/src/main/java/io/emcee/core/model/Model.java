package io.emcee.core.model;

import io.emcee.api.EmceeException;
import io.emcee.api.EvaluationException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the sampler evaluates, and how: a per-walker log-probability (with or without blobs)
 * evaluated by a {@link Pool}, or a batch log-probability called directly. Moves and the sampler
 * see one operation, {@link #evaluate}: results are {@code 1 + blobCount} doubles per point, the
 * log-probability first.
 *
 * <pre>{@code Model model = Model.of(logProb, pool);}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class Model {
  private final @Nullable RowFunction function;
  private final @Nullable BatchLogProbability batch;
  private final Pool pool;
  private final List<String> blobNames;

  /** The direct path's row buffer: one per thread, so that a step allocates nothing. */
  private static final ThreadLocal<double[]> ROW = ThreadLocal.withInitial(() -> new double[0]);

  /** Set when the pool is the serial one and the function a plain log-probability: the hot path. */
  private final @Nullable LogProbability direct;

  private Model(
      @Nullable RowFunction function,
      @Nullable BatchLogProbability batch,
      Pool pool,
      List<String> blobNames) {
    this.function = function;
    this.batch = batch;
    this.pool = pool;
    this.blobNames = blobNames;
    this.direct = pool == Pools.serial() && function instanceof LogProbability lp ? lp : null;
  }

  /**
   * A plain log-probability evaluated by {@code pool}.
   *
   * @param logProbability the model
   * @param pool where it is evaluated
   * @return the model
   */
  public static Model of(LogProbability logProbability, Pool pool) {
    return new Model(Objects.requireNonNull(logProbability), null, pool, List.of());
  }

  /**
   * A log-probability with named blobs, evaluated by {@code pool}.
   *
   * @param logProbability the model
   * @param blobNames one distinct, non-blank name per blob
   * @param pool where it is evaluated
   * @return the model
   * @throws EmceeException (EMCEE-I015) for no, blank or repeated names
   */
  public static Model withBlobs(
      BlobLogProbability logProbability, List<String> blobNames, Pool pool) {
    List<String> names = checkNames(blobNames);
    return new Model(new BlobFunction(logProbability, names), null, pool, names);
  }

  /**
   * A batch log-probability, called directly on the sampler's thread (no pool, as emcee's {@code
   * vectorize=True}).
   *
   * @param logProbability the model
   * @return the model
   */
  public static Model batched(BatchLogProbability logProbability) {
    return new Model(null, Objects.requireNonNull(logProbability), Pools.serial(), List.of());
  }

  private static List<String> checkNames(List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (n == null || n.isBlank() || !seen.add(n)) {
        throw new EmceeException(
            "EMCEE-I015",
            "blob names must be distinct and non-blank, got "
                + names
                + "; give each blob its own non-blank name");
      }
    }
    if (names.isEmpty()) {
      throw new EmceeException(
          "EMCEE-I015", "a model with blobs needs at least one blob name; use Model.of for none");
    }
    return List.copyOf(names);
  }

  /**
   * The same model evaluated by {@code pool} instead: the same function object (so a pool that
   * caches functions by identity sees one function), the same blobs. A batch model has no pool and
   * is returned as it is.
   *
   * @param pool where the copy is evaluated
   * @return the model on {@code pool}
   */
  public Model onPool(Pool pool) {
    return batch != null
        ? this
        : new Model(function, null, Objects.requireNonNull(pool), blobNames);
  }

  /**
   * The number of blob values per point.
   *
   * @return 0 without blobs
   */
  public int getBlobCount() {
    return blobNames.size();
  }

  /**
   * The blob names, in index order.
   *
   * @return an unmodifiable list, empty without blobs
   */
  public List<String> getBlobNames() {
    return blobNames;
  }

  /**
   * The pool that evaluates the model ({@link Pools#serial()} for a batch model).
   *
   * @return the pool
   */
  public Pool getPool() {
    return pool;
  }

  /**
   * Whether the model is a batch log-probability that bypasses the pool.
   *
   * @return true for {@link #batched} models
   */
  public boolean isBatched() {
    return batch != null;
  }

  /**
   * The per-point function the pool evaluates; for a batch model, an adapter that evaluates one
   * point at a time.
   *
   * @return the function
   */
  public RowFunction getFunction() {
    if (function != null) {
      return function;
    }
    BatchLogProbability b = Objects.requireNonNull(batch);
    return (LogProbability)
        x -> {
          double[] out = new double[1];
          b.logProbability(x, 1, x.length, out);
          return out[0];
        };
  }

  /**
   * Evaluates {@code count} points into {@code out} ({@code 1 + blobCount} values per point).
   *
   * @param points row-major coordinates
   * @param count how many points
   * @param ndim the number of dimensions
   * @param out receives the results
   * @throws io.emcee.api.EvaluationException when the function fails at a point (its index is the
   *     row)
   */
  public void evaluate(double[] points, int count, int ndim, double[] out) {
    BatchLogProbability b = batch;
    if (b != null) {
      try {
        b.logProbability(points, count, ndim, out);
      } catch (RuntimeException e) {
        throw new EvaluationException(
            -1,
            "the batch log-probability (all " + count + " points at once)",
            EvaluationException.describe(e),
            e);
      }
      return;
    }
    LogProbability d = direct;
    if (d != null) {
      evaluateDirectly(d, points, count, ndim, out);
      return;
    }
    pool.map(Objects.requireNonNull(function), points, ndim, count, out, 1 + blobNames.size());
  }

  /**
   * Whether {@link #evaluateRows} is available: a plain log-probability on the serial pool, where
   * each point can go to the function as the very array it is in.
   *
   * @return whether points can be evaluated as rows, without a copy
   */
  public boolean evaluatesRows() {
    return direct != null;
  }

  /**
   * Evaluates {@code count} points held one per array (the serial path of {@link #evaluatesRows}),
   * handing each array to the function as it is: no copy.
   *
   * @param rows the points, {@code rows[i]} of exactly ndim values
   * @param count how many points
   * @param out receives one log-probability per point
   * @throws io.emcee.api.EvaluationException when the function fails at a point (its index is the
   *     row)
   * @throws IllegalStateException when {@link #evaluatesRows} is false
   */
  public void evaluateRows(double[][] rows, int count, double[] out) {
    LogProbability lp = direct;
    if (lp == null) {
      throw new IllegalStateException("only a plain log-probability on the serial pool");
    }
    for (int i = 0; i < count; i++) {
      out[i] = call(lp, rows[i], i);
    }
  }

  /** One point on the calling thread, a failure reported as the pool would (row {@code i}). */
  private static double call(LogProbability lp, double[] x, int i) {
    try {
      return lp.logProbability(x);
    } catch (RuntimeException | StackOverflowError | AssertionError e) {
      throw new EvaluationException(i, "the calling thread", EvaluationException.describe(e), e);
    }
  }

  /**
   * The serial pool's work without its indirections: each point through one row buffer (the
   * function must get an array of exactly ndim values), failures reported as the pool would.
   */
  private static void evaluateDirectly(
      LogProbability lp, double[] points, int count, int ndim, double[] out) {
    double[] row = ROW.get();
    if (row.length != ndim) {
      row = new double[ndim];
      ROW.set(row);
    }
    for (int i = 0; i < count; i++) {
      int from = i * ndim;
      for (int j = 0; j < ndim; j++) { // a row is short: a plain loop beats arraycopy's call here
        row[j] = points[from + j];
      }
      out[i] = call(lp, row, i);
    }
  }

  /** Evaluates a {@link BlobLogProbability} into {@code [logp, blob...]}, checking the blobs. */
  private static final class BlobFunction implements RowFunction {
    private static final long serialVersionUID = 1L;
    private static final ThreadLocal<@Nullable Blobs> WRITER = new ThreadLocal<>();

    private final BlobLogProbability logProbability;
    private final List<String> names;

    BlobFunction(BlobLogProbability logProbability, List<String> names) {
      this.logProbability = Objects.requireNonNull(logProbability);
      this.names = names;
    }

    @Override
    public void apply(double[] input, double[] output) {
      Blobs blobs = WRITER.get();
      if (blobs == null || !blobs.getNames().equals(names)) {
        blobs = new Blobs(names);
        WRITER.set(blobs);
      }
      blobs.begin(output, 1);
      double lp = logProbability.logProbability(input, blobs);
      output[0] = lp;
      if (!blobs.complete()) {
        if (lp == Double.NEGATIVE_INFINITY) {
          // emcee's pattern: return -inf before computing the blobs; store NaN for them.
          blobs.fillMissing(Double.NaN);
          return;
        }
        throw new EmceeException(
            "EMCEE-E004",
            "the log-probability did not set blob(s) "
                + blobs.missing()
                + " of the declared "
                + names
                + " although it returned "
                + lp
                + "; set every declared blob on every call that returns a finite value (only"
                + " -Infinity may leave them unset, and they are stored as NaN)");
      }
    }
  }
}
