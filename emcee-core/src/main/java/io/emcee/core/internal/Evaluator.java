package io.emcee.core.internal;

import io.emcee.api.EmceeException;
import io.emcee.api.EvaluationException;
import io.emcee.core.model.LogProbabilityException;
import io.emcee.core.model.Model;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Sends points to a model, checks what comes back and words every failure the same way, naming the
 * walker and its coordinates: the one evaluator behind the sampler's moves and an ensemble's first
 * evaluation.
 *
 * <p>Results are {@code 1 + blobCount} doubles per row, the log-probability first.
 */
public final class Evaluator {
  /** The code of a blob the log-probability left unset or named wrongly. */
  private static final String BLOB_CODE = "EMCEE-E004";

  /**
   * The codes of a blob written wrongly, kept as they are when the error names the walker: a blob
   * left unset or named wrongly, an integer beyond 2^53, an array of the wrong length.
   */
  private static final List<String> BLOB_CODES = List.of(BLOB_CODE, "EMCEE-I085", "EMCEE-I086");

  private final Model model;
  private final List<String> parameterNames;
  private final int ndim;
  private final int width;

  /**
   * An evaluator of {@code model} for points of {@code ndim} coordinates.
   *
   * @param model what is evaluated, and how
   * @param parameterNames one name per dimension for error messages, or empty
   * @param ndim number of dimensions
   */
  public Evaluator(Model model, List<String> parameterNames, int ndim) {
    this.model = model;
    this.parameterNames = List.copyOf(parameterNames);
    this.ndim = ndim;
    this.width = 1 + model.getBlobCount();
  }

  /**
   * The model evaluated.
   *
   * @return the model
   */
  public Model getModel() {
    return model;
  }

  /**
   * Doubles per result row: the log-probability and the blobs.
   *
   * @return {@code 1 + blobCount}
   */
  public int getWidth() {
    return width;
  }

  /**
   * Evaluates rows {@code 0 .. count - 1} of {@code points} in one call to the model and refuses
   * NaN and +Infinity.
   *
   * @param points row-major points
   * @param walkers {@code walkers[k]} is the walker row {@code k} belongs to; null for row = walker
   * @param count number of rows
   * @param out receives {@code width} doubles per row
   * @throws LogProbabilityException naming the walker and point when the model fails
   */
  public void evaluate(double[] points, int @Nullable [] walkers, int count, double[] out) {
    try {
      model.evaluate(points, count, ndim, out);
    } catch (EvaluationException e) {
      throw failure(e, points, walkers, count);
    } catch (AssertionError e) { // the serial pool lets an Error through; the other pools wrap it
      throw failure(
          new EvaluationException(-1, "the calling thread", EvaluationException.describe(e), e),
          points,
          walkers,
          count);
    }
    check(points, walkers, count, out);
  }

  /**
   * Like {@link #evaluate} for proposals held one array per row, on the serial path where the model
   * takes each row as it is ({@link Model#evaluatesRows}); this path has no blobs.
   *
   * @param rows the points, one array per row
   * @param walkers the walker of each row
   * @param count number of rows
   * @param out receives one double per row
   * @param flat scratch of {@code count * ndim} doubles, used only to report a failure
   */
  public void evaluateRows(double[][] rows, int[] walkers, int count, double[] out, double[] flat) {
    try {
      model.evaluateRows(rows, count, out);
    } catch (EvaluationException e) {
      throw failure(e, flatten(rows, count, flat), walkers, count);
    } catch (AssertionError e) {
      throw failure(
          new EvaluationException(-1, "the calling thread", EvaluationException.describe(e), e),
          flatten(rows, count, flat),
          walkers,
          count);
    }
    boolean bad = false;
    for (int k = 0; k < count; k++) {
      bad |= !(out[k] < Double.POSITIVE_INFINITY); // NaN or +Infinity
    }
    if (bad) {
      check(flatten(rows, count, flat), walkers, count, out);
    }
  }

  /**
   * Evaluates a starting state: every walker's log-probability and blobs, refusing a state where no
   * walker has a finite log-probability.
   *
   * @param coords {@code nwalkers * ndim} coordinates
   * @param nwalkers number of walkers
   * @param logProbability receives {@code nwalkers} values
   * @param blobs receives {@code nwalkers * blobCount} values
   * @param results scratch of {@code nwalkers * width} doubles
   * @throws EmceeException (EMCEE-I009) when every walker is outside the support
   */
  public void evaluateStart(
      double[] coords, int nwalkers, double[] logProbability, double[] blobs, double[] results) {
    evaluate(coords, null, nwalkers, results);
    int blobCount = width - 1;
    for (int w = 0; w < nwalkers; w++) {
      logProbability[w] = results[w * width];
      if (blobCount > 0) {
        System.arraycopy(results, w * width + 1, blobs, w * blobCount, blobCount);
      }
    }
    checkSomeWalkerInSupport(logProbability, nwalkers);
  }

  /**
   * Refuses a starting state where no walker has a finite log-probability, computed or given.
   *
   * @param logProbability the walkers' log-probabilities
   * @param nwalkers how many of them
   * @throws EmceeException (EMCEE-I009) when every walker is outside the support
   */
  public static void checkSomeWalkerInSupport(double[] logProbability, int nwalkers) {
    boolean anyFinite = false;
    for (int w = 0; w < nwalkers; w++) {
      anyFinite |= logProbability[w] > Double.NEGATIVE_INFINITY;
    }
    if (!anyFinite) {
      throw new EmceeException(
          "EMCEE-I009",
          "every walker starts where the log-probability is -Infinity (outside the support), so"
              + " no proposal can ever be accepted; start the walkers inside the support, e.g. in"
              + " a small ball around a point with a finite log-probability");
    }
  }

  private double[] flatten(double[][] rows, int count, double[] flat) {
    for (int k = 0; k < count; k++) {
      System.arraycopy(rows[k], 0, flat, k * ndim, ndim);
    }
    return flat;
  }

  private static int walker(int @Nullable [] walkers, int row) {
    return walkers == null ? row : walkers[row];
  }

  /** The user's error for a failed evaluation of {@code points}, naming the walker and point. */
  private LogProbabilityException failure(
      EvaluationException e, double[] points, int @Nullable [] walkers, int count) {
    int row = e.getIndex();
    boolean known = row >= 0 && row < count;
    int walker = known ? walker(walkers, row) : -1;
    double[] at = known ? row(points, row) : new double[0];
    String walkerAt =
        known ? "walker " + walker + " at " + Points.format(at, 0, ndim, parameterNames) : "";
    String location = "(on " + e.getLocation() + ")";
    String blobCode = blobCode(e);
    String blobProblem = blobCode == null ? null : blobProblem(e, blobCode);
    return new LogProbabilityException(
        blobProblem == null || blobCode == null ? "EMCEE-E001" : blobCode,
        blobProblem == null
            ? "the log-probability threw"
                + (known ? " for " + walkerAt : "")
                + " "
                + location
                + ": "
                + e.getCauseDescription()
            : (known ? walkerAt : "a walker") + " " + location + ": " + blobProblem,
        walker,
        at,
        e);
  }

  /**
   * The code of a blob error ({@link #BLOB_CODES}), or null for any other failure. The cause is
   * there when the row ran in this JVM; a remote row brings only its description.
   */
  private static @Nullable String blobCode(EvaluationException e) {
    if (e.getCause() instanceof EmceeException ee) {
      return BLOB_CODES.contains(ee.getCode()) ? ee.getCode() : null;
    }
    String description = e.getCauseDescription();
    for (String code : BLOB_CODES) {
      if (description.contains("[" + code + "] ")) {
        return code;
      }
    }
    return null;
  }

  /** The detail of a blob error of code {@code code}, without its code. */
  private static @Nullable String blobProblem(EvaluationException e, String code) {
    if (e.getCause() instanceof EmceeException ee) {
      String message = String.valueOf(ee.getMessage());
      return message.substring(message.indexOf(']') + 1).strip();
    }
    String description = e.getCauseDescription();
    String marker = "[" + code + "] ";
    int at = description.indexOf(marker);
    return at < 0 ? null : description.substring(at + marker.length());
  }

  /** Refuses NaN and +Infinity results, naming the walker and point. */
  private void check(double[] points, int @Nullable [] walkers, int count, double[] out) {
    for (int k = 0; k < count; k++) {
      double lp = out[k * width];
      if (!(lp < Double.POSITIVE_INFINITY)) {
        throw badValue(points, walker(walkers, k), k, lp);
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
