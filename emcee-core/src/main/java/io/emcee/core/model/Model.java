package io.emcee.core.model;

import io.emcee.api.EmceeException;
import io.emcee.api.EvaluationException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import java.util.Arrays;
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
  private final @Nullable BatchBlobLogProbability batchBlobs;
  private final Pool pool;
  private final BlobLayout blobs;

  /** The direct path's row buffer: one per thread, so that a step allocates nothing. */
  private static final ThreadLocal<double[]> ROW = ThreadLocal.withInitial(() -> new double[0]);

  /** Set when the pool is the serial one and the function a plain log-probability: the hot path. */
  private final @Nullable LogProbability direct;

  /**
   * Set when the pool is the serial one and the function has blobs: rows through reused buffers.
   */
  private final @Nullable BlobFunction serialBlobs;

  /** The serial blob path's row and result buffers, one pair per thread. */
  private static final ThreadLocal<double[][]> BLOB_ROW =
      ThreadLocal.withInitial(() -> new double[][] {new double[0], new double[0]});

  /** The batch-with-blobs path's buffers, one pair per thread. */
  private static final ThreadLocal<double[][]> BATCH =
      ThreadLocal.withInitial(() -> new double[][] {new double[0], new double[0]});

  private Model(
      @Nullable RowFunction function,
      @Nullable BatchLogProbability batch,
      @Nullable BatchBlobLogProbability batchBlobs,
      Pool pool,
      BlobLayout blobs) {
    this.function = function;
    this.batch = batch;
    this.batchBlobs = batchBlobs;
    this.pool = pool;
    this.blobs = blobs;
    this.direct = pool == Pools.serial() && function instanceof LogProbability lp ? lp : null;
    this.serialBlobs = pool == Pools.serial() && function instanceof BlobFunction bf ? bf : null;
  }

  /**
   * A plain log-probability evaluated by {@code pool}.
   *
   * @param logProbability the model
   * @param pool where it is evaluated
   * @return the model
   */
  public static Model of(LogProbability logProbability, Pool pool) {
    return new Model(Objects.requireNonNull(logProbability), null, null, pool, BlobLayout.NONE);
  }

  /**
   * A log-probability with named blobs, evaluated by {@code pool}.
   *
   * @param logProbability the model
   * @param blobNames one distinct, non-blank name per blob
   * @param pool where it is evaluated
   * @return the model
   * @throws EmceeException (EMCEE-I015) for no, blank or repeated names; (EMCEE-I083) for a name
   *     ending with {@value BlobField#INTEGER_SUFFIX}
   */
  public static Model withBlobs(
      BlobLogProbability logProbability, List<String> blobNames, Pool pool) {
    BlobLayout layout = BlobLayout.ofNames(checkNames(blobNames));
    return new Model(new BlobFunction(logProbability, layout), null, null, pool, layout);
  }

  /**
   * A log-probability with blob fields (doubles, arrays, integers: emcee's {@code blobs_dtype}),
   * evaluated by {@code pool}.
   *
   * <pre>{@code Model.withBlobFields(f, List.of(BlobField.of("a"), BlobField.array("b", 3)), pool)}
   * </pre>
   *
   * @param logProbability the model, setting every field on every call that returns a finite value
   * @param fields at least one field, names distinct
   * @param pool where it is evaluated
   * @return the model
   * @throws EmceeException (EMCEE-I015) for no field; (EMCEE-I083) for a name a stored chain would
   *     read as another field; (EMCEE-I084) for a name or column declared twice
   */
  public static Model withBlobFields(
      BlobLogProbability logProbability, List<BlobField> fields, Pool pool) {
    BlobLayout layout = BlobLayout.of(fields);
    return new Model(new BlobFunction(logProbability, layout), null, null, pool, layout);
  }

  /**
   * A batch log-probability, called directly on the sampler's thread (no pool, as emcee's {@code
   * vectorize=True}).
   *
   * @param logProbability the model
   * @return the model
   */
  public static Model batched(BatchLogProbability logProbability) {
    return new Model(
        null, Objects.requireNonNull(logProbability), null, Pools.serial(), BlobLayout.NONE);
  }

  /**
   * A batch log-probability that also writes blob fields for every point (emcee's {@code
   * vectorize=True} with blobs), called directly on the sampler's thread.
   *
   * <pre>
   * {@code Model.batchedWithBlobs((x, n, d, lp, b) -> {...}, List.of(BlobField.array("b", 2)))}
   * </pre>
   *
   * @param logProbability the model
   * @param fields at least one field, names distinct
   * @return the model
   * @throws EmceeException as {@link #withBlobFields}
   */
  public static Model batchedWithBlobs(
      BatchBlobLogProbability logProbability, List<BlobField> fields) {
    BlobLayout layout = BlobLayout.of(fields);
    return new Model(null, null, Objects.requireNonNull(logProbability), Pools.serial(), layout);
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
    return isBatched()
        ? this
        : new Model(function, null, null, Objects.requireNonNull(pool), blobs);
  }

  /**
   * The number of blob values per point.
   *
   * @return 0 without blobs
   */
  public int getBlobCount() {
    return blobs.width();
  }

  /**
   * The blob names, in index order: one per stored column ({@code b[0], b[1], ...} for an array
   * field {@code b}, {@code n:int64} for an integer {@code n}; see {@link BlobField#columns()}).
   *
   * @return an unmodifiable list, empty without blobs
   */
  public List<String> getBlobNames() {
    return blobs.columns();
  }

  /**
   * The blob fields and their columns.
   *
   * @return the layout, {@link BlobLayout#NONE} without blobs
   */
  public BlobLayout getBlobLayout() {
    return blobs;
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
    return batch != null || batchBlobs != null;
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
    BatchBlobLogProbability bb = batchBlobs;
    if (bb != null) {
      int width = blobs.width();
      return (RowFunction)
          (x, out) -> {
            double[] lp = new double[1];
            double[] b = new double[width];
            Arrays.fill(b, Double.NaN);
            bb.logProbability(x, 1, x.length, lp, b);
            out[0] = lp[0];
            System.arraycopy(b, 0, out, 1, width);
          };
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
        throw batchFailure(count, e);
      }
      return;
    }
    BatchBlobLogProbability bb = batchBlobs;
    if (bb != null) {
      evaluateBatchWithBlobs(bb, points, count, ndim, out);
      return;
    }
    LogProbability d = direct;
    if (d != null) {
      evaluateDirectly(d, points, count, ndim, out);
      return;
    }
    BlobFunction bf = serialBlobs;
    if (bf != null) {
      evaluateBlobsSerially(bf, points, count, ndim, out);
      return;
    }
    pool.map(Objects.requireNonNull(function), points, ndim, count, out, 1 + blobs.width());
  }

  /** A batch function that threw: no single row is at fault, so the whole batch is named. */
  private static EvaluationException batchFailure(int count, RuntimeException e) {
    return new EvaluationException(
        -1,
        "the batch log-probability (all " + count + " points at once)",
        EvaluationException.describe(e),
        e);
  }

  /**
   * A batch with blobs: the function writes log-probabilities and blob rows into this thread's
   * buffers (the blobs NaN first, so that a row it leaves out holds NaN), whose values are then
   * checked and interleaved into {@code out}. Nothing is allocated once the buffers fit.
   */
  private void evaluateBatchWithBlobs(
      BatchBlobLogProbability bb, double[] points, int count, int ndim, double[] out) {
    int width = blobs.width();
    double[][] buffers = BATCH.get();
    if (buffers[0].length < count || buffers[1].length < count * width) {
      buffers[0] = new double[count];
      buffers[1] = new double[count * width];
    }
    double[] lp = buffers[0];
    double[] b = buffers[1];
    Arrays.fill(b, 0, count * width, Double.NaN);
    try {
      bb.logProbability(points, count, ndim, lp, b);
    } catch (RuntimeException e) {
      throw batchFailure(count, e);
    }
    if (blobs.hasIntegers()) {
      int row = blobs.firstBadInteger(b, count, lp);
      if (row >= 0) {
        EmceeException e = blobs.badInteger(b, row, "");
        throw new EvaluationException(
            row, "the batch log-probability", EvaluationException.describe(e), e);
      }
    }
    int stride = 1 + width;
    for (int i = 0; i < count; i++) {
      out[i * stride] = lp[i];
      System.arraycopy(b, i * width, out, i * stride + 1, width);
    }
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

  /**
   * The serial pool's work for a model with blobs, through this thread's row and result buffers
   * (the pool would allocate a pair per call), failures reported as the pool would.
   */
  private void evaluateBlobsSerially(
      BlobFunction f, double[] points, int count, int ndim, double[] out) {
    int width = 1 + blobs.width();
    double[][] buffers = BLOB_ROW.get();
    if (buffers[0].length != ndim || buffers[1].length != width) {
      buffers[0] = new double[ndim];
      buffers[1] = new double[width];
    }
    double[] row = buffers[0];
    double[] result = buffers[1];
    for (int i = 0; i < count; i++) {
      int from = i * ndim;
      for (int j = 0; j < ndim; j++) {
        row[j] = points[from + j];
      }
      try {
        f.apply(row, result);
      } catch (RuntimeException | StackOverflowError | AssertionError e) {
        throw new EvaluationException(i, "the calling thread", EvaluationException.describe(e), e);
      }
      System.arraycopy(result, 0, out, i * width, width);
    }
  }

  /** Evaluates a {@link BlobLogProbability} into {@code [logp, blob...]}, checking the blobs. */
  private static final class BlobFunction implements RowFunction {
    private static final long serialVersionUID = 1L;
    private static final ThreadLocal<@Nullable Blobs> WRITER = new ThreadLocal<>();

    private final BlobLogProbability logProbability;
    private final BlobLayout layout;

    BlobFunction(BlobLogProbability logProbability, BlobLayout layout) {
      this.logProbability = Objects.requireNonNull(logProbability);
      this.layout = layout;
    }

    @Override
    public void apply(double[] input, double[] output) {
      Blobs blobs = WRITER.get();
      if (blobs == null || (blobs.layout() != layout && !blobs.layout().equals(layout))) {
        blobs = new Blobs(layout);
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
                + blobs.getNames()
                + " although it returned "
                + lp
                + "; set every declared blob on every call that returns a finite value (only"
                + " -Infinity may leave them unset, and they are stored as NaN)");
      }
    }
  }
}
