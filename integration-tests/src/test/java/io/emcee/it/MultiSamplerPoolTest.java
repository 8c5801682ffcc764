package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.api.RowFunction;
import io.emcee.core.Ensemble;
import io.emcee.core.MultiSampler;
import io.emcee.core.Sampler;
import io.emcee.core.model.Model;
import io.emcee.pool.local.InterruptiblePool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** K ensembles on the local pool: each chain is the serial single run's, and they share maps. */
class MultiSamplerPoolTest {

  /** A Gaussian costly enough that the local pool spreads its rows over threads. */
  private static final LogProbability COSTLY = TestModels.costly(20_000);

  /** Counts the maps that reach the real pool. */
  private record Counting(Pool inner, AtomicInteger maps) implements Pool {
    @Override
    public void map(RowFunction f, double[] in, int inWidth, int n, double[] out, int outWidth) {
      maps.incrementAndGet();
      inner.map(f, in, inWidth, n, out, outWidth);
    }

    @Override
    public String getName() {
      return inner.getName();
    }

    @Override
    public void close() {}
  }

  @Test
  void theLocalPoolGivesEachEnsembleItsSerialSingleRun() {
    int k = 3;
    int steps = 40;
    List<double[][]> starts = new ArrayList<>();
    for (int e = 0; e < k; e++) {
      starts.add(TestModels.start(20, 4, 30 + e));
    }
    for (int threads : new int[] {2, 3}) {
      try (InterruptiblePool local = new InterruptiblePool(threads, false)) {
        AtomicInteger maps = new AtomicInteger();
        MultiSampler multi = MultiSampler.builder().ensembles(k).seed(77).build();
        multi.run(Model.of(COSTLY, new Counting(local, maps)), starts, steps);
        assertEquals(1 + 2 * steps, maps.get(), "one map per half-step for all ensembles");
        for (int e = 0; e < k; e++) {
          Sampler single = Sampler.builder().seed(MultiSampler.seedOf(77, e)).build();
          single.run(new Ensemble(COSTLY, starts.get(e), Pools.serial()), steps);
          assertEquals(
              ChainDigest.of(single),
              ChainDigest.of(multi.getSampler(e)),
              "ensemble " + e + " on " + threads + " threads");
        }
      }
    }
  }
}
