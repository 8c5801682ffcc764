package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.api.EvaluationException;
import io.emcee.core.model.BlobField;
import io.emcee.core.model.Model;
import io.emcee.core.moves.Move;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.ChainMetadata;
import java.util.List;

/**
 * When a sampler may continue a stored chain, and the ensemble it continues from: the same problem
 * (fingerprint), the same moves (by their stable descriptions), the same parameter names, blobs and
 * dimension. Thinning may change from run to run: the chain's segments record it.
 */
final class ResumePolicy {
  private final String fingerprint;
  private final String movesDescription;
  private final List<String> parameterNames;

  ResumePolicy(List<Move> moves, List<Double> weights, String fingerprint, List<String> names) {
    this.fingerprint = fingerprint;
    this.movesDescription = describeMoves(moves, weights);
    this.parameterNames = names;
  }

  /** What is stored as the chain's moves: each move's description and weight. */
  static String describeMoves(List<Move> moves, List<Double> weights) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < moves.size(); i++) {
      sb.append(i > 0 ? "; " : "")
          .append(moves.get(i).describe())
          .append(" weight ")
          .append(weights.get(i));
    }
    return sb.toString();
  }

  /**
   * The moves of a stored description, without the {@code "thinBy=k; "} that chains stored before
   * segments recorded thinning put first.
   */
  static String storedMoves(String stored) {
    if (!stored.startsWith("thinBy=")) {
      return stored;
    }
    int end = stored.indexOf("; ");
    return end < 0 ? "" : stored.substring(end + 2);
  }

  String movesDescription() {
    return movesDescription;
  }

  /** Refuses to continue a stored chain of another problem or made by other moves. */
  void check(ChainMetadata stored) {
    if (!stored.fingerprint().equals(fingerprint)) {
      throw new EmceeException(
          "EMCEE-F010",
          "the stored chain was made for fingerprint '"
              + stored.fingerprint()
              + "' but this sampler's is '"
              + fingerprint
              + "'; resuming would mix two problems. Use the same fingerprint, start a new chain,"
              + " or pass allowResumeMismatch(true) if the change is harmless");
    }
    if (!storedMoves(stored.moves()).equals(movesDescription)) {
      throw new EmceeException(
          "EMCEE-F011",
          "the stored chain was made by ["
              + stored.moves()
              + "] but this sampler has ["
              + movesDescription
              + "]; the resumed chain would not be the one an uninterrupted run gives. Build the"
              + " sampler with the same moves, or pass allowResumeMismatch(true)");
    }
    if (!parameterNames.isEmpty()
        && !stored.parameterNames().isEmpty()
        && !stored.parameterNames().equals(parameterNames)) {
      throw new EmceeException(
          "EMCEE-F012",
          "the stored chain names its parameters "
              + stored.parameterNames()
              + " but this sampler "
              + parameterNames
              + "; use the same names or pass allowResumeMismatch(true)");
    }
  }

  /** Refuses to extend the stored chain with an ensemble of another shape. */
  static void checkShape(ChainBackend backend, int nwalkers, int ndim, List<String> blobNames) {
    int blobCount = blobNames.size();
    if (backend.getWalkerCount() != nwalkers
        || backend.getDimension() != ndim
        || backend.getBlobCount() != blobCount
        || !sameIntegers(backend.getMetadata().blobNames(), blobNames)) {
      throw new EmceeException(
          "EMCEE-I010",
          "the chain holds "
              + shape(backend.getWalkerCount(), backend.getDimension(), backend.getBlobCount())
              + " but this ensemble has "
              + shape(nwalkers, ndim, blobCount)
              + (backend.getBlobCount() == blobCount
                  ? " (the blobs "
                      + blobNames
                      + " where the chain stores "
                      + backend.getMetadata().blobNames()
                      + ")"
                  : "")
              + "; call reset() to start a new chain, or continue from getLastSample()");
    }
  }

  private static String shape(int nwalkers, int ndim, int blobCount) {
    return nwalkers
        + " walkers x "
        + ndim
        + " dims"
        + (blobCount > 0 ? " x " + blobCount + " blobs" : "");
  }

  /**
   * The ensemble at the last stored step, evaluated by {@code model} from here on. The model is
   * tried once on the stored position of walker 0, so that a model of another dimension fails here
   * with the dimensions named rather than inside the model later.
   */
  static Ensemble lastStored(ChainBackend backend, Model model) {
    int iteration = backend.isInitialized() ? backend.getIteration() : 0;
    if (iteration == 0) {
      throw new EmceeException(
          "EMCEE-I012",
          "the backend holds no step to resume from; start with run(ensemble, steps)");
    }
    ChainMetadata m = backend.getMetadata();
    if (m.blobCount() != model.getBlobCount()
        || !sameIntegers(m.blobNames(), model.getBlobNames())) {
      throw new EmceeException(
          "EMCEE-I010",
          "the stored chain has "
              + m.blobCount()
              + " blobs "
              + m.blobNames()
              + " but the model has "
              + model.getBlobCount()
              + " "
              + model.getBlobNames());
    }
    int n = m.nwalkers();
    int ndim = m.ndim();
    double[] coords = new double[n * ndim];
    double[] lp = new double[n];
    double[] blobs = new double[n * m.blobCount()];
    backend.readCoords(iteration - 1, coords, 0);
    backend.readLogProbability(iteration - 1, lp, 0);
    backend.readBlobs(iteration - 1, blobs, 0);
    probe(model, coords, ndim);
    return new Ensemble(model, coords, n, ndim, lp, blobs);
  }

  /**
   * Whether the same columns hold integers: a column stored as an integer cannot take a model's
   * doubles, nor the other way round (renamed double blobs are accepted, as they always were).
   */
  private static boolean sameIntegers(List<String> stored, List<String> model) {
    for (int k = 0; k < stored.size(); k++) {
      if (stored.get(k).endsWith(BlobField.INTEGER_SUFFIX)
          != model.get(k).endsWith(BlobField.INTEGER_SUFFIX)) {
        return false;
      }
    }
    return true;
  }

  private static void probe(Model model, double[] coords, int ndim) {
    double[] out = new double[1 + model.getBlobCount()];
    try {
      model.evaluate(coords, 1, ndim, out);
    } catch (EvaluationException | AssertionError e) {
      String cause =
          e instanceof EvaluationException ee
              ? ee.getCauseDescription()
              : EvaluationException.describe(e);
      throw new EmceeException(
          "EMCEE-I034",
          "the stored chain has "
              + ndim
              + " dimensions, and the model failed on walker 0's last stored position ("
              + cause
              + "); resume with the model of the stored chain, one that takes "
              + ndim
              + " coordinates",
          e);
    }
  }
}
