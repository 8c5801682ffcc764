package io.emcee.core.internal;

import io.emcee.api.EmceeException;
import io.emcee.core.model.Model;
import io.emcee.core.random.RandomStream;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The walkers' live state during a run, as flat primitive arrays, with the scratch buffers the
 * built-in moves use (allocated once per run), the random stream and the {@link Evaluator}. The
 * sampler's move context extends it; a built-in move reaches it with {@link #of(Object)}, a user's
 * move sees only the narrow public context.
 *
 * <p>Layout: coordinates are row-major, walker {@code w} at {@code [w * ndim, (w + 1) * ndim)};
 * evaluation results are {@code 1 + blobCount} doubles per row, the log-probability first.
 */
public class MoveState {
  private final Evaluator evaluator;
  private final Model model;
  private final int nwalkers;
  private final int ndim;
  private final int blobCount;
  private final int width;
  private final RandomStream random;

  private final double[] coords;
  private final double[] logProbability;
  private final double[] blobs;
  private final boolean[] accepted;

  private final double[] proposals;
  private final double[] factors;
  private final double[] results;
  private final int[][] scratchIndices;
  private final int[] allWalkers;
  private long stepIndex;
  private double @Nullable [][] proposalRows;
  private boolean rowsHoldProposals;
  private double[] source;
  private @Nullable Object attachment;

  /**
   * State for an ensemble of this shape; the arrays start at zero.
   *
   * @param model what is evaluated, and how
   * @param parameterNames one name per dimension for error messages, or empty
   * @param nwalkers number of walkers
   * @param ndim number of dimensions
   * @param random the sampler's random stream
   */
  protected MoveState(
      Model model, List<String> parameterNames, int nwalkers, int ndim, RandomStream random) {
    this.evaluator = new Evaluator(model, parameterNames, ndim);
    this.model = model;
    this.nwalkers = nwalkers;
    this.ndim = ndim;
    this.blobCount = model.getBlobCount();
    this.width = 1 + blobCount;
    this.random = random;
    this.coords = new double[nwalkers * ndim];
    this.logProbability = new double[nwalkers];
    this.blobs = new double[nwalkers * blobCount];
    this.accepted = new boolean[nwalkers];
    this.proposals = new double[nwalkers * ndim];
    this.source = proposals;
    this.factors = new double[nwalkers];
    this.results = new double[nwalkers * width];
    this.scratchIndices = new int[4][nwalkers];
    this.allWalkers = new int[nwalkers];
    for (int i = 0; i < nwalkers; i++) {
      allWalkers[i] = i;
    }
  }

  /**
   * The state behind a move context the sampler handed to a built-in move.
   *
   * @param context the context passed to {@code Move.propose}
   * @return its state
   * @throws EmceeException (EMCEE-M020) for a context the sampler did not make
   */
  public static MoveState of(Object context) {
    if (context instanceof MoveState s) {
      return s;
    }
    throw new EmceeException(
        "EMCEE-M020",
        "the built-in moves run on the context a Sampler passes them, not on "
            + context.getClass().getName()
            + "; call them only from Sampler.run or from a move's propose with its own context");
  }

  /**
   * Number of walkers.
   *
   * @return nwalkers
   */
  public final int getWalkerCount() {
    return nwalkers;
  }

  /**
   * Number of dimensions.
   *
   * @return ndim
   */
  public final int getDimension() {
    return ndim;
  }

  /**
   * Number of blob values per walker.
   *
   * @return the blob count
   */
  public final int getBlobCount() {
    return blobCount;
  }

  /**
   * The number of moves made on this chain before the current one.
   *
   * @return the index of the current step
   */
  public final long getStepIndex() {
    return stepIndex;
  }

  /**
   * Sets the index returned by {@link #getStepIndex()}; the sampler calls this before each move.
   *
   * @param stepIndex the number of moves made before this one
   */
  public final void setStepIndex(long stepIndex) {
    this.stepIndex = stepIndex;
  }

  /**
   * The random stream every draw must come from.
   *
   * @return the sampler's stream
   */
  public final RandomStream getRandom() {
    return random;
  }

  /**
   * The model.
   *
   * @return the model
   */
  public final Model getModel() {
    return model;
  }

  /**
   * One current coordinate.
   *
   * @param walker the walker
   * @param dim the dimension
   * @return its value
   */
  public final double getCoordinate(int walker, int dim) {
    return coords[walker * ndim + dim];
  }

  /**
   * Copies the current coordinates, row-major, into {@code dest}.
   *
   * @param dest at least {@code nwalkers * ndim} doubles
   */
  public final void copyCoords(double[] dest) {
    System.arraycopy(coords, 0, dest, 0, nwalkers * ndim);
  }

  /**
   * One walker's current log-probability.
   *
   * @param walker the walker
   * @return its log-probability
   */
  public final double getLogProbability(int walker) {
    return logProbability[walker];
  }

  /**
   * The live coordinates; built-in moves read them, the sampler writes them.
   *
   * @return {@code nwalkers * ndim}, row-major
   */
  public final double[] coords() {
    return coords;
  }

  /**
   * The live log-probabilities.
   *
   * @return {@code nwalkers} values
   */
  public final double[] logProbabilities() {
    return logProbability;
  }

  /**
   * The live blobs.
   *
   * @return {@code nwalkers * blobCount} values
   */
  public final double[] blobs() {
    return blobs;
  }

  /**
   * Which walkers accepted during the current step; the sampler clears it before each move.
   *
   * @return the live flags
   */
  public final boolean[] acceptedFlags() {
    return accepted;
  }

  /**
   * Whether a walker accepted a proposal during the current step.
   *
   * @param walker the walker
   * @return its flag in {@link #acceptedFlags()}
   */
  public final boolean isAccepted(int walker) {
    return accepted[walker];
  }

  /**
   * Scratch for proposals, {@code nwalkers * ndim}, evaluated by {@link #evaluate(int[], int)}.
   *
   * @return the scratch array
   */
  public final double[] proposals() {
    return proposals;
  }

  /**
   * Scratch for Hastings factors, {@code nwalkers}.
   *
   * @return the scratch array
   */
  public final double[] factors() {
    return factors;
  }

  /**
   * Scratch index arrays of {@code nwalkers} ints; slots 0 to 3 are independent.
   *
   * @param slot which array, 0 to 3
   * @return the scratch array
   */
  public final int[] scratch(int slot) {
    return scratchIndices[slot];
  }

  /**
   * The indices {@code 0 .. nwalkers - 1}. Do not modify.
   *
   * @return the identity mapping from row to walker
   */
  public final int[] allWalkers() {
    return allWalkers;
  }

  /**
   * Whatever a move keeps per run (the red-blue moves keep their split view here).
   *
   * @return the object last stored, or null
   */
  public final @Nullable Object attachment() {
    return attachment;
  }

  /**
   * Keeps {@code value} for the rest of the run.
   *
   * @param value the object to keep
   */
  public final void attach(Object value) {
    this.attachment = value;
  }

  /**
   * One array per proposal row on the serial path where the model takes each row as it is ({@link
   * Model#evaluatesRows}); null on every other path.
   *
   * @return the row arrays, or null
   */
  public final double @Nullable [][] directRows() {
    if (!model.evaluatesRows()) {
      return null;
    }
    double[][] rows = proposalRows;
    if (rows == null) {
      rows = new double[nwalkers][ndim];
      proposalRows = rows;
    }
    return rows;
  }

  /**
   * Evaluates scratch proposal rows {@code 0 .. count - 1} in one call to the model.
   *
   * @param walkers {@code walkers[k]} is the walker that row {@code k} is proposed for
   * @param count number of rows
   */
  public final void evaluate(int[] walkers, int count) {
    evaluatePoints(proposals, walkers, count);
  }

  /**
   * Evaluates rows {@code 0 .. count - 1} of {@code points}, after checking the arguments (the path
   * of a user's move); {@link #accept} then takes them from there.
   *
   * @param points row-major proposals
   * @param walkers {@code walkers[k]} is the walker that row {@code k} is proposed for
   * @param count number of rows
   * @throws EmceeException (EMCEE-M022) when the arrays are too short or a walker index is out of
   *     range
   */
  public final void evaluate(double[] points, int[] walkers, int count) {
    if (count < 0
        || count > nwalkers
        || walkers.length < count
        || points.length < (long) count * ndim) {
      throw new EmceeException(
          "EMCEE-M022",
          "a move asked to evaluate "
              + count
              + " proposals with "
              + points.length
              + " coordinates and "
              + walkers.length
              + " walker indices; give at most nwalkers = "
              + nwalkers
              + " proposals, count * ndim = "
              + (long) count * ndim
              + " coordinates and one walker index per proposal");
    }
    for (int k = 0; k < count; k++) {
      if (walkers[k] < 0 || walkers[k] >= nwalkers) {
        throw new EmceeException(
            "EMCEE-M022",
            "a move proposed row "
                + k
                + " for walker "
                + walkers[k]
                + ", but the walkers are 0 to "
                + (nwalkers - 1));
      }
    }
    evaluatePoints(points, walkers, count);
  }

  private void evaluatePoints(double[] points, int[] walkers, int count) {
    rowsHoldProposals = false;
    source = points;
    evaluator.evaluate(points, walkers, count, results);
  }

  /**
   * Like {@link #evaluate(int[], int)}, for proposals written into {@link #directRows()}.
   *
   * @param walkers the walker of each row
   * @param count number of rows
   */
  public final void evaluateRows(int[] walkers, int count) {
    double[][] rows = proposalRows;
    if (rows == null) {
      throw new IllegalStateException("directRows() was not called");
    }
    rowsHoldProposals = true;
    evaluator.evaluateRows(rows, walkers, count, results, proposals);
  }

  /**
   * The log-probability of an evaluated proposal row.
   *
   * @param row the row
   * @return its log-probability
   */
  public final double getProposalLogProbability(int row) {
    return results[row * width];
  }

  /**
   * Moves walker {@code walker} to evaluated proposal row {@code row}: copies its coordinates,
   * log-probability and blobs, and marks the walker as accepted.
   *
   * @param walker the walker
   * @param row the evaluated proposal row
   */
  public final void accept(int walker, int row) {
    double[][] rows = rowsHoldProposals ? proposalRows : null;
    double[] from = rows != null ? rows[row] : source;
    int at = rows != null ? 0 : row * ndim;
    int to = walker * ndim;
    for (int j = 0; j < ndim; j++) { // a row is short: a plain loop beats arraycopy's call here
      coords[to + j] = from[at + j];
    }
    logProbability[walker] = results[row * width];
    if (blobCount > 0) {
      System.arraycopy(results, row * width + 1, blobs, walker * blobCount, blobCount);
    }
    accepted[walker] = true;
  }

  /** Evaluates the current coordinates of every walker into the state (the initial state). */
  public final void evaluateCurrent() {
    evaluator.evaluateStart(coords, nwalkers, logProbability, blobs, results);
  }
}
