package io.emcee.it;

import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.ChainMetadata;
import io.emcee.hdf5.EmceeHdf5;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;

/**
 * Child-JVM program for the bounded-heap export test: exports a generated chain of {@code steps} x
 * {@code nwalkers} x {@code ndim} (one blob) to HDF5 and prints the time and the peak heap used.
 * Coordinate {@code i} (row-major over the whole chain) is {@code i / 7}, the log-probability of
 * (step, walker) {@code -(step * nwalkers + walker) / 3} and its blob {@code (step * nwalkers +
 * walker) / 11}: values Python recomputes bit for bit. Arguments: {@code path steps nwalkers ndim
 * compression}.
 */
public final class Hdf5ExportMain {
  private Hdf5ExportMain() {}

  /** A chain whose values are computed when read: nothing of it is ever held. */
  static final class GeneratedChain implements ChainBackend {
    private final ChainMetadata metadata;
    private final int steps;

    GeneratedChain(int steps, int nwalkers, int ndim) {
      this.metadata =
          new ChainMetadata(nwalkers, ndim, List.of(), List.of("b"), "generated", "generated");
      this.steps = steps;
    }

    @Override
    public void reset(ChainMetadata m) {
      throw new UnsupportedOperationException("a generated chain is read-only");
    }

    @Override
    public boolean isInitialized() {
      return true;
    }

    @Override
    public ChainMetadata getMetadata() {
      return metadata;
    }

    @Override
    public int getIteration() {
      return steps;
    }

    @Override
    public void saveStep(
        double[] coords,
        double[] logProbability,
        double[] blobs,
        long[] accepted,
        long proposals,
        long[] randomState) {
      throw new UnsupportedOperationException("a generated chain is read-only");
    }

    @Override
    public void readCoords(int step, double[] dest, int offset) {
      int k = metadata.nwalkers() * metadata.ndim();
      long first = (long) step * k;
      for (int i = 0; i < k; i++) {
        dest[offset + i] = (double) (first + i) / 7.0;
      }
    }

    @Override
    public void readLogProbability(int step, double[] dest, int offset) {
      int n = metadata.nwalkers();
      for (int w = 0; w < n; w++) {
        dest[offset + w] = -(double) ((long) step * n + w) / 3.0;
      }
    }

    @Override
    public void readBlobs(int step, double[] dest, int offset) {
      int n = metadata.nwalkers();
      for (int w = 0; w < n; w++) {
        dest[offset + w] = (double) ((long) step * n + w) / 11.0;
      }
    }

    @Override
    public long[] getAccepted() {
      long[] a = new long[metadata.nwalkers()];
      for (int w = 0; w < a.length; w++) {
        a[w] = Math.min(steps, w);
      }
      return a;
    }

    @Override
    public long getProposals() {
      return steps;
    }

    @Override
    public long[] getRandomState() {
      return new long[0];
    }
  }

  /** Runs the program. */
  public static void main(String[] args) {
    Path path = Path.of(args[0]);
    int steps = Integer.parseInt(args[1]);
    int nwalkers = Integer.parseInt(args[2]);
    int ndim = Integer.parseInt(args[3]);
    int compression = Integer.parseInt(args[4]);
    long start = System.nanoTime();
    EmceeHdf5.write(
        new GeneratedChain(steps, nwalkers, ndim),
        path,
        EmceeHdf5.ExportOptions.DEFAULT.withCompression(compression));
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        "exported steps=%d seconds=%.1f peakHeapMB=%.1f maxHeapMB=%.1f%n",
        steps,
        (System.nanoTime() - start) / 1e9,
        peak / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576.0);
  }
}
