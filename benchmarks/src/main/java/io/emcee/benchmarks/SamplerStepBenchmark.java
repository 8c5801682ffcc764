package io.emcee.benchmarks;

import io.emcee.api.LogProbability;
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
 * Time per stored step of the default sampler on the seed's example (a standard normal, serial
 * pool): {@code bin/benchmark SamplerStepBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SamplerStepBenchmark {
  private static final int STEPS = 100;

  @Param({"10"})
  int ndim;

  @Param({"100"})
  int nwalkers;

  private Ensemble ensemble;
  private Sampler sampler;

  private static final LogProbability STANDARD_NORMAL =
      x -> {
        double s = 0;
        for (double v : x) {
          s += v * v;
        }
        return -0.5 * s;
      };

  /** A fresh chain per iteration, so that storage does not grow without bound. */
  @Setup(Level.Iteration)
  public void setUp() {
    RandomStream r = new RandomStream(1);
    double[][] start = new double[nwalkers][ndim];
    for (double[] w : start) {
      for (int j = 0; j < ndim; j++) {
        w[j] = r.nextGaussian();
      }
    }
    sampler = Sampler.builder().seed(1).build();
    ensemble = sampler.run(new Ensemble(STANDARD_NORMAL, start, Pools.serial()), 1);
  }

  /** Runs of 100 stored steps of the stretch move; the score is per step. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public Ensemble step() {
    ensemble = sampler.run(ensemble, STEPS);
    return ensemble;
  }
}
