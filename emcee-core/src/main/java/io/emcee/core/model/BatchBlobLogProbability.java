package io.emcee.core.model;

import io.emcee.api.Stability;
import java.io.Serializable;

/**
 * A {@link BatchLogProbability} that also writes blobs for every point (emcee's {@code
 * vectorize=True} with blobs): row {@code i}'s blob columns at {@code [i * width, (i + 1) * width)}
 * of {@code blobs}, in the order of the model's {@link BlobLayout#columns()} ({@code width} is
 * {@link BlobLayout#width()}; field {@code f} starts at {@link BlobLayout#offset(String)}). Integer
 * columns take whole numbers of magnitude at most 2^53. The blobs arrive filled with NaN, so a row
 * at {@code -Infinity} may leave them out. Both arrays are reused: nothing is allocated per point.
 *
 * <pre>
 * {@code BatchBlobLogProbability f = (x, n, d, lp, b) -> { for (int i = 0; i < n; i++) { lp[i] = -0.5 * x[i * d] * x[i * d]; b[i] = x[i * d]; } };}
 * </pre>
 */
@FunctionalInterface
@Stability(Stability.Level.EXPERIMENTAL)
public interface BatchBlobLogProbability extends Serializable {

  /**
   * Writes the log-probability and the blobs of each of {@code count} points.
   *
   * @param coords the points, row-major: point {@code i} at {@code [i * ndim, (i + 1) * ndim)};
   *     read-only
   * @param count the number of points
   * @param ndim the number of dimensions
   * @param logProbability receives one value per point
   * @param blobs receives {@code width} values per point, row-major; at least {@code count * width}
   *     long (it may be longer)
   */
  void logProbability(
      double[] coords, int count, int ndim, double[] logProbability, double[] blobs);
}
