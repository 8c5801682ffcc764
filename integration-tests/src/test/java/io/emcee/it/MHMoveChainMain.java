package io.emcee.it;

import io.emcee.api.LogProbability;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.moves.MHMove;
import io.emcee.core.storage.FileBackend;
import java.nio.file.Path;

/**
 * Child-JVM program for the move-identity test: samples a 3-D Gaussian with an {@link MHMove} whose
 * proposal is a lambda into a chain file, starting the chain or resuming the one stored there,
 * until it holds {@code total} steps. Arguments: {@code path total}.
 */
public final class MHMoveChainMain {
  static final int NWALKERS = 8;
  static final int NDIM = 3;

  private MHMoveChainMain() {}

  static final LogProbability MODEL =
      x -> {
        double s = 0;
        for (double v : x) {
          s += v * v;
        }
        return -0.5 * s;
      };

  /** A sampler with a lambda proposal: its description must be the same in every JVM. */
  static Sampler.Builder sampler() {
    MHMove move =
        new MHMove(
            (x, n, ndim, rng, q, f) -> {
              for (int i = 0; i < n * ndim; i++) {
                q[i] = x[i] + 0.5 * rng.nextGaussian();
              }
            });
    return Sampler.builder().seed(7).fingerprint("gauss-3d").move(move, 1.0);
  }

  static double[][] start() {
    java.util.Random r = new java.util.Random(4);
    double[][] start = new double[NWALKERS][NDIM];
    for (double[] w : start) {
      for (int j = 0; j < NDIM; j++) {
        w[j] = r.nextGaussian();
      }
    }
    return start;
  }

  /** Runs the program. */
  public static void main(String[] args) {
    Path path = Path.of(args[0]);
    int total = Integer.parseInt(args[1]);
    try (FileBackend chain = FileBackend.open(path)) {
      Sampler sampler = sampler().backend(chain).build();
      int have = chain.isInitialized() ? chain.getIteration() : 0;
      Ensemble from =
          have == 0
              ? new Ensemble(MODEL, start(), Pools.serial())
              : sampler.resume(MODEL, Pools.serial());
      sampler.run(from, total - have);
      System.out.println("steps=" + sampler.getIteration());
    }
  }
}
