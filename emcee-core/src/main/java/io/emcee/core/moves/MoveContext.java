package io.emcee.core.moves;

import io.emcee.api.EmceeException;
import io.emcee.api.EvaluationException;
import io.emcee.api.Stability;
import io.emcee.core.internal.Points;
import io.emcee.core.model.LogProbabilityException;
import io.emcee.core.model.Model;
import io.emcee.core.random.RandomStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Move} works on: the walkers' live state as flat primitive arrays, scratch buffers
 * allocated once per run, the random stream, and the evaluator that sends proposals to the model's
 * pool and checks what comes back. Created by the sampler; moves never allocate per walker.
 *
 * <p>Layout: coordinates are row-major, walker {@code w} at {@code [w * ndim, (w + 1) * ndim)};
 * proposals likewise by row; evaluation results are {@code 1 + blobCount} doubles per row, the
 * log-probability first.
 *
 * <pre>{@code ctx.evaluate(walkers, n); if (accept) ctx.accept(walkers[k], k);}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class MoveContext {
  private final Model model;
  private final List<String> parameterNames;
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
  private @Nullable Split split;

  /**
   * Creates a context for an ensemble of this shape. The state arrays start at zero; the sampler
   * fills them.
   *
   * @param model what is evaluated, and how
   * @param parameterNames one name per dimension for error messages, or empty
   * @param nwalkers number of walkers
   * @param ndim number of dimensions
   * @param random the sampler's random stream
   */
  public MoveContext(
      Model model, List<String> parameterNames, int nwalkers, int ndim, RandomStream random) {
    this.model = model;
    this.parameterNames = List.copyOf(parameterNames);
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
    this.factors = new double[nwalkers];
    this.results = new double[nwalkers * width];
    this.scratchIndices = new int[4][nwalkers];
    this.allWalkers = new int[nwalkers];
    for (int i = 0; i < nwalkers; i++) {
      allWalkers[i] = i;
    }
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
   * Number of blob values per walker.
   *
   * @return the blob count
   */
  public int getBlobCount() {
    return blobCount;
  }

  /**
   * The number of moves made on this chain before the current one (counting from 0), for moves that
   * cycle deterministically, such as {@link GaussianMove.Mode#SEQUENTIAL}.
   *
   * @return the index of the current step
   */
  public long getStepIndex() {
    return stepIndex;
  }

  /**
   * Sets the index returned by {@link #getStepIndex()}; the sampler calls this before each move.
   *
   * @param stepIndex the number of moves made before this one
   */
  public void setStepIndex(long stepIndex) {
    this.stepIndex = stepIndex;
  }

  /**
   * The model, for moves that need to know its shape.
   *
   * @return the model
   */
  public Model getModel() {
    return model;
  }

  /**
   * The random stream every draw must come from.
   *
   * @return the sampler's stream
   */
  public RandomStream getRandom() {
    return random;
  }

  /**
   * The walkers' current coordinates: live, {@code nwalkers * ndim}, row-major. Read it; change it
   * only through {@link #accept}.
   *
   * @return the live array
   */
  public double[] getCoords() {
    return coords;
  }

  /**
   * The walkers' current log-probabilities: live, {@code nwalkers}.
   *
   * @return the live array
   */
  public double[] getLogProbability() {
    return logProbability;
  }

  /**
   * The walkers' current blobs: live, {@code nwalkers * blobCount}.
   *
   * @return the live array
   */
  public double[] getBlobs() {
    return blobs;
  }

  /**
   * Which walkers accepted a proposal during the current step; the sampler clears it before each
   * step.
   *
   * @return the live array
   */
  public boolean[] getAccepted() {
    return accepted;
  }

  /**
   * Scratch space for proposals: {@code nwalkers * ndim}, row-major; row {@code k} is the proposal
   * evaluated as row {@code k} by {@link #evaluate}.
   *
   * @return the scratch array
   */
  public double[] getProposals() {
    return proposals;
  }

  /**
   * Scratch space for the log of each proposal's Hastings factor: {@code nwalkers}.
   *
   * @return the scratch array
   */
  public double[] getFactors() {
    return factors;
  }

  /** The split view of red-blue moves, created once per context and number of sets. */
  Split split(int nsplits) {
    Split s = split;
    if (s == null || s.capacity() != nsplits) {
      s = new Split(coords, ndim, nwalkers, nsplits);
      split = s;
    }
    return s;
  }

  /**
   * Scratch index arrays of {@code nwalkers} ints; slots 0 to 3 are independent.
   *
   * @param slot which array, 0 to 3
   * @return the scratch array
   */
  public int[] getScratchIndices(int slot) {
    return scratchIndices[slot];
  }

  /**
   * The indices {@code 0 .. nwalkers - 1}, for moves that propose for every walker at once. Do not
   * modify.
   *
   * @return the identity mapping from row to walker
   */
  public int[] getAllWalkers() {
    return allWalkers;
  }

  /**
   * Evaluates proposal rows {@code 0 .. count - 1} in one call to the model, checking each result.
   *
   * @param walkers {@code walkers[k]} is the walker that row {@code k} is proposed for
   * @param count number of rows
   * @throws LogProbabilityException naming the walker and coordinates when the function throws or
   *     returns NaN or +∞
   */
  public void evaluate(int[] walkers, int count) {
    rowsHoldProposals = false;
    evaluate(proposals, walkers, count, results);
  }

  /**
   * One array per proposal row, for the serial path where the log-probability takes each row as it
   * is ({@link Model#evaluatesRows}); null on every other path. A move of this package writes its
   * proposals here instead of into {@link #getProposals()}, then calls {@link #evaluateRows}: this
   * saves copying every row into the function's argument.
   */
  double @Nullable [][] directRows() {
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
   * Like {@link #evaluate}, for proposals written into {@link #directRows()}; {@link #accept} then
   * takes them from there.
   */
  void evaluateRows(int[] walkers, int count) {
    double[][] rows = Objects.requireNonNull(proposalRows);
    rowsHoldProposals = true;
    try {
      model.evaluateRows(rows, count, results);
    } catch (EvaluationException e) {
      throw failure(e, flatten(rows, count), walkers, count);
    }
    boolean bad = false;
    for (int k = 0; k < count; k++) { // one result per row: this path has no blobs
      bad |= !(results[k] < Double.POSITIVE_INFINITY); // NaN or +Infinity
    }
    if (bad) {
      check(flatten(rows, count), walkers, count, results);
    }
  }

  /** The rows as the flat proposals, for error reports. */
  private double[] flatten(double[][] rows, int count) {
    for (int k = 0; k < count; k++) {
      System.arraycopy(rows[k], 0, proposals, k * ndim, ndim);
    }
    return proposals;
  }

  /**
   * The log-probability of proposal row {@code row} after {@link #evaluate}.
   *
   * @param row the row
   * @return its log-probability
   */
  public double getProposalLogProbability(int row) {
    return results[row * width];
  }

  /**
   * Moves walker {@code walker} to proposal row {@code row}: copies its coordinates,
   * log-probability and blobs, and marks the walker as accepted.
   *
   * @param walker the walker
   * @param row the evaluated proposal row
   */
  public void accept(int walker, int row) {
    double[][] rows = rowsHoldProposals ? proposalRows : null;
    double[] source = rows != null ? rows[row] : proposals;
    int from = rows != null ? 0 : row * ndim;
    int to = walker * ndim;
    for (int j = 0; j < ndim; j++) { // a row is short: a plain loop beats arraycopy's call here
      coords[to + j] = source[from + j];
    }
    logProbability[walker] = results[row * width];
    if (blobCount > 0) {
      System.arraycopy(results, row * width + 1, blobs, walker * blobCount, blobCount);
    }
    accepted[walker] = true;
  }

  /**
   * Evaluates the current coordinates of every walker into the state (used for the initial state).
   */
  public void evaluateCurrent() {
    evaluate(coords, allWalkers, nwalkers, results);
    for (int w = 0; w < nwalkers; w++) {
      logProbability[w] = results[w * width];
      if (blobCount > 0) {
        System.arraycopy(results, w * width + 1, blobs, w * blobCount, blobCount);
      }
    }
    boolean anyFinite = false;
    for (double lp : logProbability) {
      anyFinite |= lp > Double.NEGATIVE_INFINITY;
    }
    if (!anyFinite) {
      throw new EmceeException(
          "EMCEE-I009",
          "every walker starts where the log-probability is -Infinity (outside the support), so"
              + " no proposal can ever be accepted; start the walkers inside the support, e.g. in"
              + " a small ball around a point with a finite log-probability");
    }
  }

  private void evaluate(double[] points, int[] walkers, int count, double[] out) {
    try {
      model.evaluate(points, count, ndim, out);
    } catch (EvaluationException e) {
      throw failure(e, points, walkers, count);
    }
    check(points, walkers, count, out);
  }

  /** The user's error for a failed evaluation of {@code points}, naming the walker and point. */
  private LogProbabilityException failure(
      EvaluationException e, double[] points, int[] walkers, int count) {
    int row = e.getIndex();
    boolean known = row >= 0 && row < count;
    int walker = known ? walkers[row] : -1;
    double[] at = known ? row(points, row) : new double[0];
    String code =
        e.getCause() instanceof EmceeException ee && ee.getCode().equals("EMCEE-E004")
            ? "EMCEE-E004"
            : "EMCEE-E001";
    return new LogProbabilityException(
        code,
        (known
                ? "the log-probability threw for walker "
                    + walker
                    + " at "
                    + Points.format(at, 0, ndim, parameterNames)
                : "the log-probability threw")
            + " (on "
            + e.getLocation()
            + "): "
            + e.getCauseDescription(),
        walker,
        at,
        e);
  }

  /** Refuses NaN and +Infinity results, naming the walker and point. */
  private void check(double[] points, int[] walkers, int count, double[] out) {
    for (int k = 0; k < count; k++) {
      double lp = out[k * width];
      if (!(lp < Double.POSITIVE_INFINITY)) {
        throw badValue(points, walkers[k], k, lp);
      }
    }
  }

  private LogProbabilityException badValue(double[] points, int walker, int row, double lp) {
    boolean nan = Double.isNaN(lp);
    return new LogProbabilityException(
        nan ? "EMCEE-E002" : "EMCEE-E003",
        "the log-probability returned "
            + (nan ? "NaN" : "+Infinity")
            + " for walker "
            + walker
            + " at "
            + Points.format(points, row, ndim, parameterNames)
            + (nan
                ? "; return Double.NEGATIVE_INFINITY outside the support, never NaN"
                : "; a log-density cannot be +Infinity: look for a division by zero or the log of"
                    + " a zero in the model"),
        walker,
        row(points, row),
        null);
  }

  private double[] row(double[] points, int row) {
    return Arrays.copyOfRange(points, row * ndim, (row + 1) * ndim);
  }
}
