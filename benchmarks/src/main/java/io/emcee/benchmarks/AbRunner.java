package io.emcee.benchmarks;

import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.random.RandomStream;
import java.util.function.LongUnaryOperator;

/**
 * One timed run of the README example (10-D, 100 walkers, serial pool) for {@link CoreAbMain},
 * which loads this class once per build of emcee-core, each in its own class loader. Public API
 * only, so that it runs against older builds too.
 *
 * <pre>{@code long nanos = new AbRunner().applyAsLong(1000L << 1 | 1); // 1000 steps, reused chain}
 * </pre>
 */
public final class AbRunner implements LongUnaryOperator {

  private final double[][] start = new double[100][10];
  private final Sampler reused = Sampler.builder().seed(1).skipInitialStateCheck(true).build();
  private long runs;

  /** A runner with the README example's starting ensemble (N(0, 1) draws, seed 42). */
  public AbRunner() {
    RandomStream r = new RandomStream(42);
    for (double[] w : start) {
      for (int j = 0; j < w.length; j++) {
        w[j] = r.nextGaussian();
      }
    }
  }

  /**
   * Runs once.
   *
   * @param stepsAndMode the number of steps times two, plus one to reuse one sampler's chain (reset
   *     between runs) rather than start a new sampler with a new chain
   * @return the run's wall time in nanoseconds
   */
  @Override
  public long applyAsLong(long stepsAndMode) {
    int steps = (int) (stepsAndMode >> 1);
    boolean reuse = (stepsAndMode & 1) != 0;
    long t0 = System.nanoTime();
    Sampler sampler =
        reuse ? reused : Sampler.builder().seed(runs).skipInitialStateCheck(true).build();
    if (reuse) {
      sampler.reset();
    }
    sampler.run(new Ensemble(GaussianModel.STANDARD_NORMAL, start, Pools.serial()), steps);
    runs++;
    return System.nanoTime() - t0;
  }
}
