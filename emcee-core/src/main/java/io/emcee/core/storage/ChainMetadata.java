package io.emcee.core.storage;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import java.util.List;

/**
 * What a stored chain is: its shape, the names of its parameters and blobs, the moves that made it
 * and the user's fingerprint of the problem (for example a model version). Backends keep it with
 * the chain, and a sampler resuming a chain checks that it is the same problem and the same moves.
 *
 * <pre>{@code ChainMetadata m = ChainMetadata.of(32, 5);}</pre>
 *
 * @param nwalkers number of walkers
 * @param ndim number of dimensions
 * @param parameterNames one name per dimension, or empty
 * @param blobNames one name per blob value, or empty
 * @param moves a description of the move set and thinning, as the sampler writes it
 * @param fingerprint the user's fingerprint of the problem, or empty
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record ChainMetadata(
    int nwalkers,
    int ndim,
    List<String> parameterNames,
    List<String> blobNames,
    String moves,
    String fingerprint) {

  /** Checks the shape and copies the lists. */
  public ChainMetadata {
    if (nwalkers < 1 || ndim < 1) {
      throw new EmceeException(
          "EMCEE-I021",
          "a chain needs at least 1 walker and 1 dimension, got nwalkers="
              + nwalkers
              + ", ndim="
              + ndim);
    }
    parameterNames = List.copyOf(parameterNames);
    blobNames = List.copyOf(blobNames);
    if (!parameterNames.isEmpty() && parameterNames.size() != ndim) {
      throw new EmceeException(
          "EMCEE-I014",
          parameterNames.size() + " parameter names " + parameterNames + " for " + ndim + " dims");
    }
  }

  /**
   * A chain of this shape with no names, moves or fingerprint.
   *
   * @param nwalkers number of walkers
   * @param ndim number of dimensions
   * @return the metadata
   */
  public static ChainMetadata of(int nwalkers, int ndim) {
    return new ChainMetadata(nwalkers, ndim, List.of(), List.of(), "", "");
  }

  /**
   * The number of blob values per walker and step.
   *
   * @return the size of {@link #blobNames()}
   */
  public int blobCount() {
    return blobNames.size();
  }

  /**
   * Whether another chain has the same shape (walkers, dimensions, blobs).
   *
   * @param other the other chain's metadata
   * @return true when the arrays of one fit the other
   */
  public boolean sameShape(ChainMetadata other) {
    return nwalkers == other.nwalkers && ndim == other.ndim && blobCount() == other.blobCount();
  }

  /**
   * The shape as text, for error messages.
   *
   * @return e.g. {@code "32 walkers x 5 dims x 2 blobs"}
   */
  public String shape() {
    return nwalkers
        + " walkers x "
        + ndim
        + " dims"
        + (blobCount() > 0 ? " x " + blobCount() + " blobs" : "");
  }
}
