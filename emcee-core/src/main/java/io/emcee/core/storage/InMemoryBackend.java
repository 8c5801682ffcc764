package io.emcee.core.storage;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the chain on the heap in blocks of primitive arrays, so that growing never copies what is
 * already stored and no single array approaches the JVM's size limit. The first blocks are small
 * (about 512 KB): the JVM zeroes each just before it is written, while it is in the cache, and a
 * short chain lives in them. After about 8 MB of coordinates the blocks are large (about 8 MB): the
 * JVM puts arrays that size outside the young generation, so the garbage collector does not copy a
 * long chain around. A reset to the same shape keeps the blocks for the next chain (so memory stays
 * at its high-water mark until the backend is dropped).
 *
 * <pre>{@code ChainBackend backend = new InMemoryBackend();}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class InMemoryBackend implements ChainBackend {

  private static final int LARGE_BLOCK_DOUBLES = 1 << 20;
  private static final int SMALL_BLOCKS = 16;

  private int nwalkers;
  private int ndim;
  private int blobCount;
  private int iteration;

  /** Steps per block in the first tier (small blocks), and in the tier after it (large blocks). */
  private int smallSteps = 1;

  private int largeSteps = 1;

  /** Steps held by the first tier: SMALL_BLOCKS small blocks, as many steps as one large block. */
  private int firstTierSteps = 1;

  private final List<double[]> coordBlocks = new ArrayList<>();
  private final List<double[]> logProbBlocks = new ArrayList<>();
  private final List<double[]> blobBlocks = new ArrayList<>();
  private long[] accepted = new long[0];
  private long proposals;
  private long[] randomState = new long[0];
  private boolean initialized;
  private final Segments segments = new Segments();
  private ChainMetadata metadata = ChainMetadata.of(1, 1);

  /** An empty backend; the sampler calls {@link #reset} before the first step. */
  public InMemoryBackend() {}

  @Override
  public void reset(ChainMetadata metadata) {
    int nwalkers = metadata.nwalkers();
    int ndim = metadata.ndim();
    int blobCount = metadata.blobCount();
    boolean sameShape =
        initialized
            && nwalkers == this.nwalkers
            && ndim == this.ndim
            && blobCount == this.blobCount;
    this.metadata = metadata;
    this.nwalkers = nwalkers;
    this.ndim = ndim;
    this.blobCount = blobCount;
    this.iteration = 0;
    if (!sameShape) {
      // A chain of the same shape (emcee's burn-in, reset, production) reuses the blocks.
      int large = Math.max(1, LARGE_BLOCK_DOUBLES / (nwalkers * ndim));
      this.smallSteps = Math.max(1, large / SMALL_BLOCKS);
      this.largeSteps = large / smallSteps * smallSteps;
      this.firstTierSteps = largeSteps;
      coordBlocks.clear();
      logProbBlocks.clear();
      blobBlocks.clear();
    }
    accepted = new long[nwalkers];
    proposals = 0;
    randomState = new long[0];
    segments.clear();
    initialized = true;
  }

  @Override
  public void startSegment(int thinBy, boolean tune, boolean follows) {
    segments.declare(thinBy, tune, follows);
  }

  @Override
  public List<ChainSegment> getSegments() {
    return segments.list();
  }

  @Override
  public boolean isInitialized() {
    return initialized;
  }

  @Override
  public ChainMetadata getMetadata() {
    if (!initialized) {
      throw new EmceeException(
          "EMCEE-I022", "the backend holds no chain yet: nothing was run; run the sampler first");
    }
    return metadata;
  }

  @Override
  public int getIteration() {
    return iteration;
  }

  @Override
  public void saveStep(
      double[] coords,
      double[] logProbability,
      double[] blobs,
      long[] accepted,
      long proposals,
      long[] randomState) {
    if (!initialized) {
      throw new EmceeException(
          "EMCEE-I022",
          "saveStep before reset: the backend has no shape; call reset(metadata) first");
    }
    if (iteration == Integer.MAX_VALUE) {
      throw new EmceeException(
          "EMCEE-I023", "the chain holds 2^31-1 steps, the most one backend can; thin it");
    }
    int block = blockOf(iteration);
    int slot = slotOf(iteration);
    if (block == coordBlocks.size()) {
      int steps = iteration < firstTierSteps ? smallSteps : largeSteps;
      coordBlocks.add(new double[steps * nwalkers * ndim]);
      logProbBlocks.add(new double[steps * nwalkers]);
      if (blobCount > 0) {
        blobBlocks.add(new double[steps * nwalkers * blobCount]);
      }
    }
    System.arraycopy(coords, 0, coordBlocks.get(block), slot * nwalkers * ndim, nwalkers * ndim);
    System.arraycopy(logProbability, 0, logProbBlocks.get(block), slot * nwalkers, nwalkers);
    if (blobCount > 0) {
      System.arraycopy(
          blobs, 0, blobBlocks.get(block), slot * nwalkers * blobCount, nwalkers * blobCount);
    }
    System.arraycopy(accepted, 0, this.accepted, 0, nwalkers);
    this.proposals = proposals;
    if (this.randomState.length != randomState.length) {
      this.randomState = new long[randomState.length];
    }
    System.arraycopy(randomState, 0, this.randomState, 0, randomState.length);
    segments.saved(iteration);
    iteration++;
  }

  /**
   * Refuses, before anything is allocated, a run whose steps can never be held: past 2^31-1 steps,
   * or more than the whole heap.
   */
  @Override
  public void grow(int steps) {
    if (!initialized) {
      return;
    }
    if ((long) iteration + steps > Integer.MAX_VALUE) {
      throw new EmceeException(
          "EMCEE-I023",
          "the chain holds "
              + iteration
              + " steps and a run of "
              + steps
              + " more would pass 2^31-1 steps, the most one backend can; run fewer steps or"
              + " store every k-th with Sampler.builder().thinBy(k)");
    }
    long allocated = 0;
    for (double[] block : coordBlocks) {
      allocated += block.length / ((long) nwalkers * ndim);
    }
    long missing = Math.max(0, (long) iteration + steps - allocated);
    long bytes = missing * nwalkers * (ndim + 1L + blobCount) * Double.BYTES;
    long heap = Runtime.getRuntime().maxMemory();
    if (bytes > heap) {
      throw new EmceeException(
          "EMCEE-I033",
          "a run of "
              + steps
              + " steps of "
              + nwalkers
              + " walkers x "
              + ndim
              + " dims needs about "
              + (bytes >> 20)
              + " MB more on the heap, but the JVM's heap is at most "
              + (heap >> 20)
              + " MB; run fewer steps, store every k-th with Sampler.builder().thinBy(k), give"
              + " the JVM more memory (-Xmx), or store the chain in a file (FileBackend)");
    }
  }

  /** The block that holds {@code step}. */
  private int blockOf(int step) {
    return step < firstTierSteps
        ? step / smallSteps
        : firstTierSteps / smallSteps + (step - firstTierSteps) / largeSteps;
  }

  /** Where {@code step} sits in its block, in steps. */
  private int slotOf(int step) {
    return step < firstTierSteps ? step % smallSteps : (step - firstTierSteps) % largeSteps;
  }

  private void checkStep(int step) {
    if (step < 0 || step >= iteration) {
      throw new EmceeException(
          "EMCEE-I024", "step " + step + " is not stored; steps 0 to " + (iteration - 1) + " are");
    }
  }

  @Override
  public void readCoords(int step, double[] dest, int offset) {
    checkStep(step);
    int n = nwalkers * ndim;
    System.arraycopy(coordBlocks.get(blockOf(step)), slotOf(step) * n, dest, offset, n);
  }

  @Override
  public void readCoordSeries(
      int walker, int dim, int first, int stride, int count, double[] dest) {
    if (count > 0) {
      checkStep(first);
      checkStep(first + (count - 1) * stride);
    }
    int perStep = nwalkers * ndim;
    int at = walker * ndim + dim;
    for (int i = 0; i < count; i++) {
      int step = first + i * stride;
      dest[i] = coordBlocks.get(blockOf(step))[slotOf(step) * perStep + at];
    }
  }

  @Override
  public void readLogProbability(int step, double[] dest, int offset) {
    checkStep(step);
    System.arraycopy(
        logProbBlocks.get(blockOf(step)), slotOf(step) * nwalkers, dest, offset, nwalkers);
  }

  @Override
  public void readBlobs(int step, double[] dest, int offset) {
    checkStep(step);
    if (blobCount == 0) {
      return;
    }
    int n = nwalkers * blobCount;
    System.arraycopy(blobBlocks.get(blockOf(step)), slotOf(step) * n, dest, offset, n);
  }

  @Override
  public long[] getAccepted() {
    return accepted.clone();
  }

  @Override
  public long getProposals() {
    return proposals;
  }

  @Override
  public long[] getRandomState() {
    return randomState.clone();
  }

  @Override
  public String toString() {
    return "InMemoryBackend[" + iteration + " steps of " + nwalkers + "x" + ndim + "]";
  }
}
