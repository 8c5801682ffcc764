package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.diagnostics.Autocorrelation;
import io.emcee.core.model.BlobField;
import io.emcee.core.model.BlobField.Kind;
import io.emcee.core.model.BlobLayout;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.ChainSegment;
import java.util.Arrays;
import java.util.List;

/**
 * A read-only view of a stored chain in any {@link ChainBackend}: the samples, log-probabilities
 * and blobs of the selected steps, acceptance, autocorrelation time and a summary. Needs no {@link
 * Sampler}: it reads a chain a sampler is writing, one opened from a file, or one imported from
 * elsewhere. Every reader selects steps the same way as emcee's {@code get_value(name, flat, thin,
 * discard)}: steps {@code discard + thin - 1}, {@code discard + 2 thin - 1}, ...
 *
 * <p>{@code discard} and {@code thin} count stored steps, whatever thinning each run used: a chain
 * whose runs stored every 1st and then every 10th move is read as its stored steps in order (every
 * one a draw of the chain). {@link #getSegments()} says which steps each run made; the
 * autocorrelation time, measured in stored steps, needs steps spaced alike and refuses a selection
 * across segments of different {@code thinBy} (discard up to the later segment's first step).
 *
 * <pre>
 * {@code double[][] samples = Chain.of(FileBackend.openReadOnly(path)).getFlatCoords(500, 10);}
 * </pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class Chain {

  /** What a stored step holds per walker: what {@link #getValues} reads. */
  public enum Field {
    /** The walker's coordinates, {@code ndim} values. */
    COORDS,
    /** The walker's log-probability, one value. */
    LOG_PROBABILITY,
    /** The walker's blobs, {@code blobCount} values. */
    BLOBS
  }

  private final ChainBackend backend;
  private final List<String> parameterNames;

  private Chain(ChainBackend backend, List<String> parameterNames) {
    this.backend = backend;
    this.parameterNames = parameterNames;
  }

  /**
   * A view of the chain in {@code backend}; reads see every step stored so far.
   *
   * @param backend where the chain is stored
   * @return the view
   */
  public static Chain of(ChainBackend backend) {
    return new Chain(backend, List.of());
  }

  /** A view whose summaries use {@code parameterNames} when the stored chain names none. */
  static Chain of(ChainBackend backend, List<String> parameterNames) {
    return new Chain(backend, parameterNames);
  }

  /**
   * The backend read.
   *
   * @return the backend
   */
  public ChainBackend getBackend() {
    return backend;
  }

  /**
   * The number of stored steps.
   *
   * @return the chain's length
   */
  public int getIteration() {
    return backend.isInitialized() ? backend.getIteration() : 0;
  }

  /**
   * Number of walkers.
   *
   * @return nwalkers, or 0 for an empty backend
   */
  public int getWalkerCount() {
    return backend.getWalkerCount();
  }

  /**
   * Number of dimensions.
   *
   * @return ndim, or 0 for an empty backend
   */
  public int getDimension() {
    return backend.getDimension();
  }

  /**
   * The names of the dimensions: the stored ones, else the ones this view was made with.
   *
   * @return one name per dimension, or empty when none were given
   */
  public List<String> getParameterNames() {
    List<String> stored =
        backend.isInitialized() ? backend.getMetadata().parameterNames() : List.of();
    return stored.isEmpty() ? parameterNames : stored;
  }

  /**
   * The names of the stored blobs.
   *
   * @return the names, empty without blobs
   */
  public List<String> getBlobNames() {
    return backend.isInitialized() ? backend.getMetadata().blobNames() : List.of();
  }

  /**
   * The segments of the stored chain: which steps each run made, with which {@code thinBy} and
   * {@code tune}, and whether it followed the steps before it.
   *
   * @return the segments from the first, empty for an empty chain
   */
  public List<ChainSegment> getSegments() {
    return backend.isInitialized() ? backend.getSegments() : List.of();
  }

  /**
   * How many steps {@code discard} and {@code thin} select.
   *
   * @param discard steps to drop from the start (burn-in), {@code 0 <= discard < iteration}
   * @param thin keep every {@code thin}-th step, at least 1
   * @return the number of selected steps, at least 1
   * @throws EmceeException (EMCEE-I011) for an empty chain; (EMCEE-I008) for a discard or thin that
   *     selects nothing
   */
  public int getSelectedCount(int discard, int thin) {
    int iteration = getIteration();
    if (iteration == 0) {
      throw new EmceeException(
          "EMCEE-I011", "the chain is empty: run the sampler before reading the chain");
    }
    if (discard < 0 || discard >= iteration) {
      throw new EmceeException(
          "EMCEE-I008",
          "discard = "
              + discard
              + " but the chain holds "
              + iteration
              + " steps; discard must be between 0 and "
              + (iteration - 1));
    }
    if (thin < 1) {
      throw new EmceeException("EMCEE-I008", "thin = " + thin + " but must be at least 1");
    }
    int count = (iteration - discard) / thin;
    if (count == 0) {
      throw new EmceeException(
          "EMCEE-I008",
          "thin = "
              + thin
              + " selects no step from the "
              + (iteration - discard)
              + " left after discarding "
              + discard
              + "; use thin <= "
              + (iteration - discard));
    }
    return count;
  }

  /**
   * One field of the selected steps, flat: step {@code i}, walker {@code w}, value {@code j} at
   * {@code (i * nwalkers + w) * width + j}, where width is ndim, 1 or blobCount. Every other reader
   * of this class is a reshaping of this one.
   *
   * @param field what to read
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return the values
   * @throws EmceeException (EMCEE-I035) when the selection holds more values than one array can
   */
  public double[] getValues(Field field, int discard, int thin) {
    int count = getSelectedCount(discard, thin);
    int perStep = valuesPerStep(field);
    long total = (long) count * perStep;
    if (total > Integer.MAX_VALUE - 8) {
      throw new EmceeException(
          "EMCEE-I035",
          "the "
              + count
              + " selected steps hold "
              + total
              + " values of "
              + field
              + ", more than one Java array can; select fewer steps with a larger thin or"
              + " discard");
    }
    double[] out = new double[(int) total];
    for (int i = 0; i < count; i++) {
      read(field, step(discard, thin, i), out, i * perStep);
    }
    return out;
  }

  private int valuesPerStep(Field field) {
    int nwalkers = backend.getWalkerCount();
    return switch (field) {
      case COORDS -> nwalkers * backend.getDimension();
      case LOG_PROBABILITY -> nwalkers;
      case BLOBS -> nwalkers * backend.getBlobCount();
    };
  }

  private static int step(int discard, int thin, int i) {
    return discard + thin - 1 + i * thin;
  }

  private void read(Field field, int step, double[] dest, int offset) {
    switch (field) {
      case COORDS -> backend.readCoords(step, dest, offset);
      case LOG_PROBABILITY -> backend.readLogProbability(step, dest, offset);
      case BLOBS -> backend.readBlobs(step, dest, offset);
    }
  }

  /**
   * The selected steps of a field, one step at a time into one buffer, as rows of {@code width}.
   */
  private double[][][] steps(Field field, int discard, int thin, int width) {
    int count = getSelectedCount(discard, thin);
    int nwalkers = backend.getWalkerCount();
    double[] buffer = new double[valuesPerStep(field)];
    double[][][] out = new double[count][nwalkers][width];
    for (int i = 0; i < count; i++) {
      read(field, step(discard, thin, i), buffer, 0);
      for (int w = 0; w < nwalkers; w++) {
        System.arraycopy(buffer, w * width, out[i][w], 0, width);
      }
    }
    return out;
  }

  /** The selected rows of a field flattened over walkers: row {@code i * nwalkers + w}. */
  private static double[][] flat(double[][][] steps) {
    int nwalkers = steps.length == 0 ? 0 : steps[0].length;
    double[][] out = new double[steps.length * nwalkers][];
    for (int i = 0; i < steps.length; i++) {
      System.arraycopy(steps[i], 0, out, i * nwalkers, nwalkers);
    }
    return out;
  }

  /**
   * Stored coordinates as emcee's {@code get_chain(discard=discard, thin=thin)}.
   *
   * @param discard steps to drop from the start (burn-in)
   * @param thin keep every {@code thin}-th step
   * @return {@code [step][walker][dim]}
   */
  public double[][][] getCoords(int discard, int thin) {
    return steps(Field.COORDS, discard, thin, backend.getDimension());
  }

  /**
   * Every stored step.
   *
   * @return {@code [step][walker][dim]}
   */
  public double[][][] getCoords() {
    return getCoords(0, 1);
  }

  /**
   * Stored coordinates flattened over walkers (emcee's {@code get_chain(flat=True, ...)}): sample
   * {@code i * nwalkers + w} is walker {@code w} in the {@code i}-th selected step.
   *
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [sample][dim]}
   */
  public double[][] getFlatCoords(int discard, int thin) {
    return flat(getCoords(discard, thin));
  }

  /**
   * Every stored step, flattened over walkers.
   *
   * @return {@code [sample][dim]}
   */
  public double[][] getFlatCoords() {
    return getFlatCoords(0, 1);
  }

  /**
   * Log-probabilities of the selected steps (emcee's {@code get_log_prob}).
   *
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [step][walker]}
   */
  public double[][] getLogProbability(int discard, int thin) {
    double[] values = getValues(Field.LOG_PROBABILITY, discard, thin);
    int nwalkers = backend.getWalkerCount();
    double[][] out = new double[values.length / nwalkers][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Arrays.copyOfRange(values, i * nwalkers, (i + 1) * nwalkers);
    }
    return out;
  }

  /**
   * Log-probabilities of every stored step.
   *
   * @return {@code [step][walker]}
   */
  public double[][] getLogProbability() {
    return getLogProbability(0, 1);
  }

  /**
   * Log-probabilities of the selected steps, flattened over walkers.
   *
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [sample]}, in the order of {@link #getFlatCoords(int, int)}
   */
  public double[] getFlatLogProbability(int discard, int thin) {
    return getValues(Field.LOG_PROBABILITY, discard, thin);
  }

  /**
   * Blobs of the selected steps (emcee's {@code get_blobs}), in the order of {@link
   * #getBlobNames()}.
   *
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [step][walker][blob]}
   */
  public double[][][] getBlobs(int discard, int thin) {
    return steps(Field.BLOBS, discard, thin, backend.getBlobCount());
  }

  /**
   * Blobs of the selected steps, flattened over walkers in the order of {@link #getFlatCoords(int,
   * int)}.
   *
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [sample][blob]}
   */
  public double[][] getFlatBlobs(int discard, int thin) {
    return flat(getBlobs(discard, thin));
  }

  /**
   * One blob of the selected steps by name, flattened over walkers in the order of {@link
   * #getFlatCoords(int, int)} (emcee's {@code get_blobs(flat=True, discard=..., thin=...)[name]}).
   * A walker whose log-probability returned {@code -Infinity} without setting it holds NaN.
   *
   * @param name one of {@link #getBlobNames()}, or a scalar field of {@link #getBlobFields()} (an
   *     integer {@code n} for its column {@code n:int64})
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return one value per selected step and walker, step after step
   * @throws EmceeException (EMCEE-I040) when no stored blob has that name
   */
  public double[] getFlatBlob(String name, int discard, int thin) {
    List<String> names = getBlobNames();
    int index = names.indexOf(name);
    if (index < 0) {
      BlobLayout layout = BlobLayout.fromColumns(names);
      int f = layout.indexOf(name);
      if (f >= 0 && !layout.fields().get(f).isArray()) {
        index = layout.offset(f); // an integer field by its name, not its column's
      }
    }
    if (index < 0) {
      throw new EmceeException(
          "EMCEE-I040",
          names.isEmpty()
              ? "the chain stores no blobs, so none is named '"
                  + name
                  + "'; declare blobs with Ensemble.withBlobs(logProbability, names, ...)"
              : "no stored blob is named '" + name + "': the chain's blobs are " + names);
    }
    double[] all = getValues(Field.BLOBS, discard, thin);
    int width = names.size();
    double[] out = new double[all.length / width];
    for (int k = 0; k < out.length; k++) {
      out[k] = all[k * width + index];
    }
    return out;
  }

  /**
   * The stored blob fields (emcee's {@code blobs_dtype}), read back from the column names: {@code
   * b[0]..b[k-1]} are an array {@code b} of k doubles, a column ending with {@value
   * BlobField#INTEGER_SUFFIX} an integer, any other a double.
   *
   * <pre>{@code for (BlobField f : chain.getBlobFields()) System.out.println(f);}</pre>
   *
   * @return the fields, empty without blobs
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public List<BlobField> getBlobFields() {
    return BlobLayout.fromColumns(getBlobNames()).fields();
  }

  /**
   * A scalar double blob field of the selected steps (emcee's {@code get_blobs()[name]}).
   *
   * @param name a scalar double field of {@link #getBlobFields()}
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [step][walker]}; NaN where a walker at {@code -Infinity} left it unset
   * @throws EmceeException (EMCEE-I040) when no field has that name; (EMCEE-I087) when it is an
   *     array or an integer field
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public double[][] getBlob(String name, int discard, int thin) {
    double[] v = fieldValues(name, Kind.DOUBLE, false, discard, thin);
    int n = backend.getWalkerCount();
    double[][] out = new double[v.length / n][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Arrays.copyOfRange(v, i * n, (i + 1) * n);
    }
    return out;
  }

  /**
   * An array blob field of the selected steps (emcee's {@code get_blobs()[name]} for a field of
   * shape {@code (k,)}).
   *
   * @param name an array field of doubles of {@link #getBlobFields()}
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [step][walker][k]}
   * @throws EmceeException (EMCEE-I040) when no field has that name; (EMCEE-I087) when it is a
   *     scalar or an integer field
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public double[][][] getBlobArray(String name, int discard, int thin) {
    double[] v = fieldValues(name, Kind.DOUBLE, true, discard, thin);
    int n = backend.getWalkerCount();
    int k = field(name).length();
    double[][][] out = new double[v.length / (n * k)][n][];
    for (int i = 0; i < out.length; i++) {
      for (int w = 0; w < n; w++) {
        out[i][w] = Arrays.copyOfRange(v, (i * n + w) * k, (i * n + w + 1) * k);
      }
    }
    return out;
  }

  /**
   * A scalar integer blob field of the selected steps, exactly as written.
   *
   * @param name a scalar integer field of {@link #getBlobFields()}
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [step][walker]}; {@link Long#MIN_VALUE} where a walker at {@code -Infinity} left
   *     it unset
   * @throws EmceeException (EMCEE-I040) when no field has that name; (EMCEE-I087) when it is an
   *     array or a double field
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public long[][] getLongBlob(String name, int discard, int thin) {
    double[] v = fieldValues(name, Kind.LONG, false, discard, thin);
    int n = backend.getWalkerCount();
    long[][] out = new long[v.length / n][n];
    for (int i = 0; i < out.length; i++) {
      for (int w = 0; w < n; w++) {
        out[i][w] = BlobLayout.toLong(v[i * n + w]);
      }
    }
    return out;
  }

  /**
   * An integer array blob field of the selected steps, exactly as written.
   *
   * @param name an array field of integers of {@link #getBlobFields()}
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [step][walker][k]}; {@link Long#MIN_VALUE} where a walker at {@code -Infinity}
   *     left it unset
   * @throws EmceeException (EMCEE-I040) when no field has that name; (EMCEE-I087) when it is a
   *     scalar or a double field
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public long[][][] getLongBlobArray(String name, int discard, int thin) {
    double[] v = fieldValues(name, Kind.LONG, true, discard, thin);
    int n = backend.getWalkerCount();
    int k = field(name).length();
    long[][][] out = new long[v.length / (n * k)][n][k];
    for (int i = 0; i < out.length; i++) {
      for (int w = 0; w < n; w++) {
        for (int j = 0; j < k; j++) {
          out[i][w][j] = BlobLayout.toLong(v[(i * n + w) * k + j]);
        }
      }
    }
    return out;
  }

  private BlobField field(String name) {
    BlobLayout layout = BlobLayout.fromColumns(getBlobNames());
    return layout.fields().get(layout.require(name));
  }

  /**
   * The values of one field of the selected steps, flat: step {@code i}, walker {@code w}, element
   * {@code j} at {@code (i * nwalkers + w) * k + j}, after checking its kind and shape.
   */
  private double[] fieldValues(String name, Kind kind, boolean array, int discard, int thin) {
    List<String> names = getBlobNames();
    BlobLayout layout = BlobLayout.fromColumns(names);
    int f = layout.require(name);
    BlobField field = layout.fields().get(f);
    if (field.kind() != kind || field.isArray() != array) {
      throw new EmceeException(
          "EMCEE-I087",
          "the blob field "
              + field
              + " is "
              + (field.isArray() ? "an array of " + field.length() + " " : "a scalar ")
              + (field.kind() == Kind.LONG ? "integer" : "double")
              + (field.isArray() ? "s" : "")
              + "; read it with "
              + (field.kind() == Kind.LONG
                  ? field.isArray() ? "getLongBlobArray" : "getLongBlob"
                  : field.isArray() ? "getBlobArray" : "getBlob")
              + "(name, discard, thin)");
    }
    double[] all = getValues(Field.BLOBS, discard, thin);
    int width = names.size();
    int k = field.width();
    int at = layout.offset(f);
    int rows = all.length / width;
    double[] out = new double[rows * k];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(all, r * width + at, out, r * k, k);
    }
    return out;
  }

  /**
   * Per walker, the fraction of proposals accepted since the chain began (counting every move,
   * thinned or not), as of the last stored step.
   *
   * @return one fraction per walker
   * @throws EmceeException (EMCEE-I011) when the chain is empty
   */
  public double[] getAcceptanceFraction() {
    long proposals = backend.isInitialized() ? backend.getProposals() : 0;
    if (proposals == 0) {
      throw new EmceeException(
          "EMCEE-I011", "the chain is empty: run the sampler before asking for acceptance");
    }
    long[] accepted = backend.getAccepted();
    double[] out = new double[accepted.length];
    for (int w = 0; w < out.length; w++) {
      out[w] = accepted[w] / (double) proposals;
    }
    return out;
  }

  /**
   * The integrated autocorrelation time of each parameter, in steps, with emcee's estimator
   * (emcee's {@code get_autocorr_time(discard=..., thin=...)}: the thinned chain's estimate times
   * {@code thin}).
   *
   * @param discard steps to drop from the start
   * @param thin use every {@code thin}-th step
   * @return tau per parameter
   * @throws io.emcee.core.diagnostics.AutocorrException when the selected chain is shorter than 50
   *     tau; its {@code getTau()} still has the estimates
   */
  public double[] getIntegratedAutocorrTime(int discard, int thin) {
    return getIntegratedAutocorrTime(discard, thin, false);
  }

  /**
   * Like {@link #getIntegratedAutocorrTime(int, int)}; with {@code quiet} a chain shorter than 50
   * tau logs a warning instead of throwing.
   *
   * @param discard steps to drop from the start
   * @param thin use every {@code thin}-th step
   * @param quiet warn instead of throwing when the chain is short
   * @return tau per parameter
   */
  public double[] getIntegratedAutocorrTime(int discard, int thin, boolean quiet) {
    return getIntegratedAutocorrTime(
        discard, thin, Autocorrelation.DEFAULT_C, Autocorrelation.DEFAULT_TOL, quiet);
  }

  /**
   * Like {@link #getIntegratedAutocorrTime(int, int, boolean)} with emcee's window constant {@code
   * c} and length factor {@code tol} ({@code get_autocorr_time(discard, thin, c=c, tol=tol,
   * quiet=quiet)}).
   *
   * @param discard steps to drop from the start
   * @param thin use every {@code thin}-th step
   * @param c the window is the smallest {@code M >= c * tau(M)} (emcee: 5)
   * @param tol the chain must be at least {@code tol * tau} steps long (emcee: 50)
   * @param quiet warn instead of throwing when the chain is short
   * @return tau per parameter
   * @throws io.emcee.core.diagnostics.AutocorrException when not quiet and the selected chain is
   *     shorter than {@code tol} tau; its {@code getTau()} still has the estimates
   * @throws EmceeException (EMCEE-A020) when the selected steps span segments stored with different
   *     {@code thinBy}, whose steps are not spaced alike
   */
  public double[] getIntegratedAutocorrTime(
      int discard, int thin, double c, double tol, boolean quiet) {
    int count = getSelectedCount(discard, thin);
    int first = step(discard, thin, 0);
    SegmentSpacing.check(getSegments(), first, step(discard, thin, count - 1));
    double[] tau =
        Autocorrelation.integratedTime(
            (w, d, dest) -> backend.readCoordSeries(w, d, first, thin, count, dest),
            count,
            backend.getWalkerCount(),
            backend.getDimension(),
            c,
            tol,
            quiet);
    for (int d = 0; d < tau.length; d++) {
      tau[d] *= thin;
    }
    return tau;
  }

  /**
   * A summary of the selected steps per parameter: mean, standard deviation, the 16th, 50th and
   * 84th percentiles and the integrated autocorrelation time (NaN when the steps span segments of
   * different {@code thinBy}); printed as a table by {@code toString()}.
   *
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return the summary
   */
  public ChainSummary getSummary(int discard, int thin) {
    double[][] flat = getFlatCoords(discard, thin);
    int ndim = backend.getDimension();
    int count = getSelectedCount(discard, thin);
    double[] tau;
    if (SegmentSpacing.alike(
        getSegments(), step(discard, thin, 0), step(discard, thin, count - 1))) {
      tau = getIntegratedAutocorrTime(discard, thin, true);
    } else {
      tau = new double[ndim];
      Arrays.fill(tau, Double.NaN);
    }
    double acceptance = Arrays.stream(getAcceptanceFraction()).average().orElse(Double.NaN);
    return ChainSummary.of(flat, getParameterNames(), tau, backend.getWalkerCount(), acceptance);
  }

  @Override
  public String toString() {
    return "Chain[" + getIteration() + " steps in " + backend + "]";
  }
}
