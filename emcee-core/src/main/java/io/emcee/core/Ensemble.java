package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import io.emcee.core.internal.Evaluator;
import io.emcee.core.internal.KnownState;
import io.emcee.core.model.BatchBlobLogProbability;
import io.emcee.core.model.BatchLogProbability;
import io.emcee.core.model.BlobField;
import io.emcee.core.model.BlobLayout;
import io.emcee.core.model.BlobLogProbability;
import io.emcee.core.model.Model;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The walkers of an ensemble: their coordinates, their log-probabilities (and blobs), the model
 * that gives them and the pool that evaluates it. Immutable apart from log-probabilities computed
 * on first request; {@link Sampler#run} returns a new one for the last step.
 *
 * <pre>{@code Ensemble ensemble = new Ensemble(logProb, start, pool);}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class Ensemble {
  private final Model model;
  private final int nwalkers;
  private final int ndim;
  private final double[] coords;
  private volatile double @Nullable [] logProbability;
  private volatile double @Nullable [] blobs;

  /**
   * An ensemble evaluated on the calling thread (the built-in serial pool).
   *
   * @param logProbability the model
   * @param coords {@code [walker][dim]} starting positions, copied
   * @throws EmceeException naming the walker and value when {@code coords} is empty, ragged or not
   *     finite
   */
  public Ensemble(LogProbability logProbability, double[][] coords) {
    this(logProbability, coords, Pools.serial());
  }

  /**
   * An ensemble evaluated by {@code pool}.
   *
   * @param logProbability the model
   * @param coords {@code [walker][dim]} starting positions, copied
   * @param pool where log-probabilities are evaluated
   * @throws EmceeException naming the walker and value when {@code coords} is empty, ragged or not
   *     finite
   */
  public Ensemble(LogProbability logProbability, double[][] coords, Pool pool) {
    this(Model.of(requireFunction(logProbability), pool), coords);
  }

  /**
   * An ensemble of any {@link Model}: with blobs, batched, or plain.
   *
   * @param model what is evaluated, and how
   * @param coords {@code [walker][dim]} starting positions, copied
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public Ensemble(Model model, double[][] coords) {
    this(requireFunction(model), flatten(coords), coords.length, coords[0].length, null, null);
  }

  private static <T> T requireFunction(@Nullable T function) {
    if (function == null) {
      throw new EmceeException(
          "EMCEE-I030",
          "the log-probability (or model) is null; pass the function to sample, e.g. x -> -0.5 *"
              + " x[0] * x[0]");
    }
    return function;
  }

  /**
   * An ensemble whose log-probability also reports named blobs, evaluated by {@code pool}.
   *
   * @param logProbability the model, setting every blob on every call
   * @param blobNames the blobs' names, in index order
   * @param coords {@code [walker][dim]} starting positions, copied
   * @param pool where log-probabilities are evaluated
   * @return the ensemble
   */
  public static Ensemble withBlobs(
      BlobLogProbability logProbability, List<String> blobNames, double[][] coords, Pool pool) {
    return new Ensemble(Model.withBlobs(logProbability, blobNames, pool), coords);
  }

  /**
   * Like {@link #withBlobs(BlobLogProbability, List, double[][], Pool)} on the serial pool.
   *
   * @param logProbability the model, setting every blob on every call
   * @param blobNames the blobs' names, in index order
   * @param coords {@code [walker][dim]} starting positions, copied
   * @return the ensemble
   */
  public static Ensemble withBlobs(
      BlobLogProbability logProbability, List<String> blobNames, double[][] coords) {
    return withBlobs(logProbability, blobNames, coords, Pools.serial());
  }

  /**
   * An ensemble whose log-probability reports blob fields (emcee's {@code blobs_dtype}: doubles,
   * fixed-length arrays, integers), evaluated by {@code pool}.
   *
   * <pre>{@code
   * Ensemble.withBlobFields((x, b) -> { b.set("b", x); b.set("n", 3L); return lp(x); },
   *     List.of(BlobField.array("b", 2), BlobField.integer("n")), start, pool);
   * }</pre>
   *
   * @param logProbability the model, setting every field on every call that returns a finite value
   * @param fields the fields, in order
   * @param coords {@code [walker][dim]} starting positions, copied
   * @param pool where log-probabilities are evaluated
   * @return the ensemble
   * @throws EmceeException (EMCEE-I083) for a name a stored chain would read as another field;
   *     (EMCEE-I084) for a name declared twice
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public static Ensemble withBlobFields(
      BlobLogProbability logProbability, List<BlobField> fields, double[][] coords, Pool pool) {
    return new Ensemble(Model.withBlobFields(logProbability, fields, pool), coords);
  }

  /**
   * Like {@link #withBlobFields(BlobLogProbability, List, double[][], Pool)} on the serial pool.
   *
   * @param logProbability the model, setting every field on every call that returns a finite value
   * @param fields the fields, in order
   * @param coords {@code [walker][dim]} starting positions, copied
   * @return the ensemble
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public static Ensemble withBlobFields(
      BlobLogProbability logProbability, List<BlobField> fields, double[][] coords) {
    return withBlobFields(logProbability, fields, coords, Pools.serial());
  }

  /**
   * An ensemble whose batch log-probability also writes blob fields for every proposed walker
   * (emcee's {@code vectorize=True} with blobs); no pool is involved.
   *
   * @param logProbability the batch model
   * @param fields the fields, in order
   * @param coords {@code [walker][dim]} starting positions, copied
   * @return the ensemble
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public static Ensemble batched(
      BatchBlobLogProbability logProbability, List<BlobField> fields, double[][] coords) {
    return new Ensemble(Model.batchedWithBlobs(logProbability, fields), coords);
  }

  /**
   * An ensemble whose log-probability evaluates all proposed walkers in one call (emcee's {@code
   * vectorize=True}); no pool is involved.
   *
   * @param logProbability the batch model
   * @param coords {@code [walker][dim]} starting positions, copied
   * @return the ensemble
   */
  public static Ensemble batched(BatchLogProbability logProbability, double[][] coords) {
    return new Ensemble(Model.batched(logProbability), coords);
  }

  Ensemble(
      Model model,
      double[] coords,
      int nwalkers,
      int ndim,
      double @Nullable [] logProbability,
      double @Nullable [] blobs) {
    this.model = model;
    this.nwalkers = nwalkers;
    this.ndim = ndim;
    this.coords = coords;
    this.logProbability = logProbability;
    this.blobs = blobs;
  }

  private static double[] flatten(double @Nullable [][] coords) {
    if (coords == null) {
      throw new EmceeException(
          "EMCEE-I030",
          "the initial coordinates are null: give one row of starting values per walker");
    }
    if (coords.length == 0) {
      throw new EmceeException(
          "EMCEE-I001", "the initial coordinates are empty: give one row per walker");
    }
    int ndim = coords[0] == null ? 0 : coords[0].length;
    if (ndim == 0) {
      throw new EmceeException(
          "EMCEE-I001", "walker 0 has no coordinates: give every walker one value per dimension");
    }
    if ((long) coords.length * ndim > Integer.MAX_VALUE - 8) {
      throw new EmceeException(
          "EMCEE-I032",
          coords.length
              + " walkers x "
              + ndim
              + " dims = "
              + (long) coords.length * ndim
              + " coordinates, more than one Java array holds (2^31 - 9); use fewer walkers or"
              + " dimensions");
    }
    double[] flat = new double[coords.length * ndim];
    for (int w = 0; w < coords.length; w++) {
      double[] row = coords[w];
      if (row == null || row.length != ndim) {
        throw new EmceeException(
            "EMCEE-I002",
            "the initial coordinates are ragged: walker 0 has "
                + ndim
                + " dimensions but walker "
                + w
                + " has "
                + (row == null ? "none (null)" : String.valueOf(row.length))
                + "; give every walker the same number of values");
      }
      for (int j = 0; j < ndim; j++) {
        if (!Double.isFinite(row[j])) {
          throw new EmceeException(
              "EMCEE-I003",
              "walker "
                  + w
                  + " starts at "
                  + row[j]
                  + " in dimension "
                  + j
                  + " ("
                  + Arrays.toString(row)
                  + "); every starting coordinate must be finite");
        }
      }
      System.arraycopy(row, 0, flat, w * ndim, ndim);
    }
    return flat;
  }

  /**
   * This ensemble with its log-probabilities already known (emcee's {@code State(coords,
   * log_prob)}, or {@code log_prob0}): the sampler starts from them without evaluating the model,
   * so a run continues a state computed elsewhere (another program, a checkpoint of your own) at no
   * cost. They are taken as given: the model is not called to check them.
   *
   * <pre>{@code sampler.run(new Ensemble(logProb, coords, pool).withLogProbability(lp), 1000);}
   * </pre>
   *
   * @param logProbability one value per walker, in walker order; {@code -Infinity} outside the
   *     support
   * @return a new ensemble with the same model and coordinates
   * @throws EmceeException (EMCEE-I050) for another length; (EMCEE-I051) for NaN or +Infinity;
   *     (EMCEE-I009) when every walker is at -Infinity; (EMCEE-I052) when the model has blobs
   */
  public Ensemble withLogProbability(double[] logProbability) {
    return withLogProbability(logProbability, null);
  }

  /**
   * This ensemble with its log-probabilities and blobs already known (emcee's {@code State(coords,
   * log_prob, blobs)}, or {@code log_prob0} and {@code blobs0}); see {@link
   * #withLogProbability(double[])}.
   *
   * @param logProbability one value per walker
   * @param blobs {@code [walker][blob]} in the order of {@link #getBlobNames()}; null for a model
   *     without blobs
   * @return a new ensemble with the same model and coordinates
   * @throws EmceeException as {@link #withLogProbability(double[])}; (EMCEE-I052) when the blobs
   *     are missing, unexpected or not one row of {@code getBlobNames().size()} values per walker;
   *     (EMCEE-I085) when an integer column holds no integer of magnitude at most 2^53
   */
  public Ensemble withLogProbability(double[] logProbability, double @Nullable [][] blobs) {
    double[] lp = KnownState.logProbability(logProbability, coords, nwalkers, ndim);
    double[] b = KnownState.blobs(blobs, model.getBlobNames(), nwalkers);
    BlobLayout layout = model.getBlobLayout();
    int bad = layout.firstBadInteger(b, b.length == 0 ? 0 : nwalkers, lp);
    if (bad >= 0) {
      throw layout.badInteger(b, bad, "the given blobs of walker " + bad + ": ");
    }
    return new Ensemble(model, coords, nwalkers, ndim, lp, b);
  }

  /**
   * Number of walkers.
   *
   * @return nwalkers
   */
  public int getWalkerCount() {
    return nwalkers;
  }

  /**
   * Number of dimensions.
   *
   * @return ndim
   */
  public int getDimension() {
    return ndim;
  }

  /**
   * The walkers' coordinates.
   *
   * @return a fresh {@code [walker][dim]} copy
   */
  public double[][] getCoords() {
    double[][] out = new double[nwalkers][];
    for (int w = 0; w < nwalkers; w++) {
      out[w] = Arrays.copyOfRange(coords, w * ndim, (w + 1) * ndim);
    }
    return out;
  }

  /**
   * The walkers' log-probabilities, evaluated on the first request if the ensemble was built from
   * coordinates alone.
   *
   * @return a fresh copy, one value per walker
   */
  public double[] getLogProbability() {
    return ensureEvaluated().clone();
  }

  /**
   * The walkers' blobs, evaluated on the first request like the log-probabilities.
   *
   * @return a fresh {@code [walker][blob]} copy; rows are empty without blobs
   */
  public double[][] getBlobs() {
    ensureEvaluated();
    double[] b = blobs;
    int count = model.getBlobCount();
    double[][] out = new double[nwalkers][];
    for (int w = 0; w < nwalkers; w++) {
      out[w] = b == null ? new double[0] : Arrays.copyOfRange(b, w * count, (w + 1) * count);
    }
    return out;
  }

  /**
   * The names of the blobs, in index order.
   *
   * @return an unmodifiable list, empty without blobs
   */
  public List<String> getBlobNames() {
    return model.getBlobNames();
  }

  /**
   * The blob fields, in order (emcee's {@code blobs_dtype}); plain blob names are double fields.
   *
   * @return an unmodifiable list, empty without blobs
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public List<BlobField> getBlobFields() {
    return model.getBlobLayout().fields();
  }

  /**
   * What is evaluated, and how.
   *
   * @return the model
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public Model getModel() {
    return model;
  }

  /**
   * The per-walker function the pool evaluates.
   *
   * @return the function
   */
  public RowFunction getFunction() {
    return model.getFunction();
  }

  /**
   * The pool that evaluates the model.
   *
   * @return the pool
   */
  public Pool getPool() {
    return model.getPool();
  }

  int getBlobCount() {
    return model.getBlobCount();
  }

  /** The flat coordinates, shared: callers copy, never modify. */
  double[] coordsView() {
    return coords;
  }

  double @Nullable [] logProbabilityView() {
    return logProbability;
  }

  double @Nullable [] blobsView() {
    return blobs;
  }

  private double[] ensureEvaluated() {
    double[] lp = logProbability;
    if (lp != null) {
      return lp;
    }
    Evaluator evaluator = new Evaluator(model, List.of(), ndim);
    lp = new double[nwalkers];
    double[] b = new double[nwalkers * model.getBlobCount()];
    evaluator.evaluateStart(coords, nwalkers, lp, b, new double[nwalkers * evaluator.getWidth()]);
    blobs = b;
    logProbability = lp;
    return lp;
  }

  @Override
  public String toString() {
    return "Ensemble["
        + nwalkers
        + " walkers x "
        + ndim
        + " dims on "
        + model.getPool().getName()
        + (model.isBatched() ? ", batched" : "")
        + (model.getBlobCount() > 0 ? ", blobs " + model.getBlobNames() : "")
        + "]";
  }
}
