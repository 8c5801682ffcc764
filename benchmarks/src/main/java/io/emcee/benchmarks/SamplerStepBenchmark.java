package io.emcee.benchmarks;

import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.random.RandomStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time and allocation per stored step of the default sampler on the README example (log p = -½|x|²,
 * serial pool), chain storage included. Each invocation resets the chain (whose memory is reused)
 * and stores 1000 steps, so with {@code -prof gc} the allocation per operation is what one step
 * allocates beyond the chain it writes into: {@code bin/benchmark SamplerStepBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class SamplerStepBenchmark {
  private static final int STEPS = 1000;

  @Param({"10"})
  int ndim;

  @Param({"100"})
  int nwalkers;

  private Ensemble ensemble;
  private Sampler sampler;

  /** One sampler per trial, started from N(0, I). */
  @Setup(Level.Trial)
  public void setUp() {
    RandomStream r = new RandomStream(1);
    double[][] start = new double[nwalkers][ndim];
    for (double[] w : start) {
      for (int j = 0; j < ndim; j++) {
        w[j] = r.nextGaussian();
      }
    }
    sampler = Sampler.builder().seed(1).skipInitialStateCheck(true).build();
    ensemble = sampler.run(new Ensemble(GaussianModel.STANDARD_NORMAL, start, Pools.serial()), 1);
  }

  /** 1000 stored steps of the stretch move into a reused chain; the score is per step. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public Ensemble step() {
    sampler.reset();
    ensemble = sampler.run(ensemble, STEPS);
    return ensemble;
  }
}
