package io.emcee.core.storage;

import io.emcee.api.Stability;
import java.util.List;

/**
 * Where a {@link io.emcee.core.Sampler} stores its chain: per stored step, every walker's
 * coordinates, log-probability and blobs, plus the bookkeeping a resumed run needs (acceptance
 * counts, the number of proposals made, the random stream's state).
 *
 * <p>Arrays are flat and row-major: a step's coordinates are {@code nwalkers * ndim} doubles,
 * walker {@code w}'s at {@code [w * ndim, (w + 1) * ndim)}. Implementations copy what they are
 * given and write into arrays they are handed, so the sampler allocates nothing per step.
 *
 * <pre>{@code Sampler sampler = Sampler.builder().backend(ChainBackend.inMemory()).build();}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public interface ChainBackend extends AutoCloseable {

  /**
   * A backend that keeps the chain on the heap, in blocks of primitive arrays.
   *
   * @return an empty in-memory backend
   */
  static ChainBackend inMemory() {
    return new InMemoryBackend();
  }

  /**
   * Discards anything stored and prepares for a chain described by {@code metadata}.
   *
   * @param metadata the chain's shape, names, moves and fingerprint
   */
  void reset(ChainMetadata metadata);

  /**
   * Whether {@link #reset} has been called (or a stored chain was opened).
   *
   * @return true once the shape is known
   */
  boolean isInitialized();

  /**
   * What the stored chain is.
   *
   * @return the metadata given to {@link #reset}, or read from storage
   * @throws io.emcee.api.EmceeException (EMCEE-I022) before the backend is initialized
   */
  ChainMetadata getMetadata();

  /** Writes whatever is buffered to durable storage; the in-memory backend has nothing to do. */
  default void flush() {}

  /**
   * Number of walkers of the stored chain.
   *
   * @return nwalkers, or 0 before {@link #reset}
   */
  default int getWalkerCount() {
    return isInitialized() ? getMetadata().nwalkers() : 0;
  }

  /**
   * Number of dimensions of the stored chain.
   *
   * @return ndim, or 0 before {@link #reset}
   */
  default int getDimension() {
    return isInitialized() ? getMetadata().ndim() : 0;
  }

  /**
   * Number of blob values per walker and step.
   *
   * @return the blob count, or 0 before {@link #reset}
   */
  default int getBlobCount() {
    return isInitialized() ? getMetadata().blobCount() : 0;
  }

  /**
   * Number of stored steps.
   *
   * @return the iteration count
   */
  int getIteration();

  /**
   * A hint that {@code steps} more steps are coming, so storage can be reserved at once.
   *
   * @param steps the number of steps about to be saved
   */
  default void grow(int steps) {}

  /**
   * Appends one step.
   *
   * @param coords {@code nwalkers * ndim} coordinates
   * @param logProbability {@code nwalkers} log-probabilities
   * @param blobs {@code nwalkers * blobCount} blob values (ignored when there are none)
   * @param accepted per walker, the number of accepted proposals since the chain began
   * @param proposals the number of proposals each walker has had since the chain began
   * @param randomState the sampler's random stream after this step
   */
  void saveStep(
      double[] coords,
      double[] logProbability,
      double[] blobs,
      long[] accepted,
      long proposals,
      long[] randomState);

  /**
   * Declares how the steps saved from now on are made; the sampler calls it at the start of every
   * run that stores steps. A new segment opens at the next saved step when {@code thinBy} or {@code
   * tune} differ from the last segment's, or when that step does not follow the last stored one.
   * The default records nothing.
   *
   * @param thinBy the moves per stored step
   * @param tune whether moves may tune themselves
   * @param follows whether the next saved step follows the last stored step after {@code thinBy}
   *     moves (false when the run starts from another ensemble, or after moves not stored)
   * @throws io.emcee.api.EmceeException when the backend cannot record such a change (EMCEE-F020: a
   *     chain file of format 1)
   */
  default void startSegment(int thinBy, boolean tune, boolean follows) {}

  /**
   * The segments of the stored chain: which steps each run made, and how (see {@link
   * ChainSegment}). The default, for a backend that records none, is one segment of {@code thinBy =
   * 1} (a chain imported from emcee, which does not store its {@code thin_by}).
   *
   * @return the segments from the first, empty for an empty chain
   */
  default List<ChainSegment> getSegments() {
    return isInitialized() && getIteration() > 0
        ? List.of(new ChainSegment(0, 1, false, false))
        : List.of();
  }

  /**
   * Copies the coordinates of stored step {@code step} into {@code dest}.
   *
   * @param step a stored step, {@code 0 <= step < getIteration()}
   * @param dest receives {@code nwalkers * ndim} doubles
   * @param offset where in {@code dest} to start
   */
  void readCoords(int step, double[] dest, int offset);

  /**
   * Copies the log-probabilities of stored step {@code step} into {@code dest}.
   *
   * @param step a stored step
   * @param dest receives {@code nwalkers} doubles
   * @param offset where in {@code dest} to start
   */
  void readLogProbability(int step, double[] dest, int offset);

  /**
   * Copies the blobs of stored step {@code step} into {@code dest}.
   *
   * @param step a stored step
   * @param dest receives {@code nwalkers * blobCount} doubles
   * @param offset where in {@code dest} to start
   */
  void readBlobs(int step, double[] dest, int offset);

  /**
   * Copies one coordinate of one walker across stored steps {@code first}, {@code first + stride},
   * ... ({@code count} of them) into {@code dest[0..count)}: the series autocorrelation estimates
   * read. Must allow concurrent calls for different series. The default reads whole steps; backends
   * override it with direct access.
   *
   * @param walker the walker
   * @param dim the coordinate
   * @param first the first stored step
   * @param stride the distance between steps, at least 1
   * @param count how many steps
   * @param dest receives the values
   */
  default void readCoordSeries(
      int walker, int dim, int first, int stride, int count, double[] dest) {
    double[] step = new double[getWalkerCount() * getDimension()];
    int at = walker * getDimension() + dim;
    for (int i = 0; i < count; i++) {
      readCoords(first + i * stride, step, 0);
      dest[i] = step[at];
    }
  }

  /**
   * Per walker, the accepted proposals as of the last stored step.
   *
   * @return a fresh array of {@code nwalkers} counts
   */
  long[] getAccepted();

  /**
   * The proposals each walker had as of the last stored step.
   *
   * @return the count
   */
  long getProposals();

  /**
   * The random stream's state as of the last stored step, or an empty array if not kept.
   *
   * @return a fresh array
   */
  long[] getRandomState();

  /** Flushes and releases files; the in-memory backend has nothing to release. */
  @Override
  default void close() {}
}
