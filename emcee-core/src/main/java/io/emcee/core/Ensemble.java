package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import io.emcee.core.moves.MoveContext;
import io.emcee.core.random.RandomStream;
import java.util.Arrays;
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
  private final RowFunction function;
  private final int blobCount;
  private final Pool pool;
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
    this(logProbability, 0, pool, flatten(coords), coords.length, coords[0].length, null, null);
  }

  Ensemble(
      RowFunction function,
      int blobCount,
      Pool pool,
      double[] coords,
      int nwalkers,
      int ndim,
      double @Nullable [] logProbability,
      double @Nullable [] blobs) {
    this.function = function;
    this.blobCount = blobCount;
    this.pool = pool;
    this.nwalkers = nwalkers;
    this.ndim = ndim;
    this.coords = coords;
    this.logProbability = logProbability;
    this.blobs = blobs;
  }

  private static double[] flatten(double[][] coords) {
    if (coords.length == 0) {
      throw new EmceeException(
          "EMCEE-I001", "the initial coordinates are empty: give one row per walker");
    }
    int ndim = coords[0] == null ? 0 : coords[0].length;
    if (ndim == 0) {
      throw new EmceeException(
          "EMCEE-I001", "walker 0 has no coordinates: give every walker one value per dimension");
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
   * The walkers' log-probabilities, evaluated through the pool on the first request if the ensemble
   * was built from coordinates alone.
   *
   * @return a fresh copy, one value per walker
   */
  public double[] getLogProbability() {
    return ensureEvaluated().clone();
  }

  /**
   * The model.
   *
   * @return the function the pool evaluates
   */
  public RowFunction getFunction() {
    return function;
  }

  /**
   * The pool that evaluates the model.
   *
   * @return the pool
   */
  public Pool getPool() {
    return pool;
  }

  int getBlobCount() {
    return blobCount;
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
    // Evaluation draws no random numbers; the stream only satisfies the context's constructor.
    MoveContext ctx =
        new MoveContext(function, pool, nwalkers, ndim, blobCount, new RandomStream(0));
    System.arraycopy(coords, 0, ctx.getCoords(), 0, coords.length);
    ctx.evaluateCurrent();
    blobs = ctx.getBlobs().clone();
    lp = ctx.getLogProbability().clone();
    logProbability = lp;
    return lp;
  }

  @Override
  public String toString() {
    return "Ensemble[" + nwalkers + " walkers x " + ndim + " dims on " + pool.getName() + "]";
  }
}
