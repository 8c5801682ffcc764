package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.pool.hazelcast.HazelcastPool;
import org.junit.jupiter.api.Test;

/**
 * The sampler on a Hazelcast cluster of this JVM (master) and two worker JVMs on 127.0.0.1, each
 * running {@link GridWorkerMain} with the test class path.
 */
class HazelcastGridTest extends GridClusterTest<HazelcastPool> {

  @Override
  protected String poolName() {
    return "hazelcast";
  }

  @Override
  protected int basePort(int index) {
    return 5711 + 10 * index;
  }

  @Override
  protected void checkHealthyRun(HazelcastPool master) {
    assertTrue(master.getBytesSent() > 0, "the workers took chunks");
  }

  @Test
  void bytesPerStepGrowWithWalkersTimesNdimNotWithTheModelsData() throws Exception {
    double[] data = new double[1_310_720]; // 10 MB captured by the model
    for (int i = 0; i < data.length; i++) {
      data[i] = i % 7;
    }
    LogProbability heavy = x -> -0.5 * (x[0] * x[0] + x[1] * x[1]) + data[3] * 0;
    LogProbability light = x -> -0.5 * (x[0] * x[0] + x[1] * x[1]);
    try (HazelcastPool master = cluster(5731)) {
      Sampler s = Sampler.builder().seed(1).build();
      Ensemble last = s.run(new Ensemble(heavy, TestModels.start(24, 2, 17), master), 1);
      long afterFirst = master.getBytesSent();
      s.run(last, 20);
      long heavyPerStep = (master.getBytesSent() - afterFirst) / 20;
      Sampler t = Sampler.builder().seed(1).build();
      Ensemble lightLast = t.run(new Ensemble(light, TestModels.start(24, 2, 17), master), 1);
      long lightStart = master.getBytesSent();
      t.run(lightLast, 20);
      long lightPerStep = (master.getBytesSent() - lightStart) / 20;
      Sampler wide = Sampler.builder().seed(1).build();
      Ensemble wideLast = wide.run(new Ensemble(light, TestModels.start(96, 2, 17), master), 1);
      long wideStart = master.getBytesSent();
      wide.run(wideLast, 20);
      long widePerStep = (master.getBytesSent() - wideStart) / 20;

      assertTrue(afterFirst > 10_000_000, "the model's data went once: " + afterFirst);
      assertEquals(
          lightPerStep, heavyPerStep, "per step, a 10 MB model costs what a small one does");
      // Per step: 2 half-steps x 2 workers x (rows x ndim doubles + a fixed header: the chunk's
      // place and the signed stamp), where each third of a half (12 or 48 walkers) goes to one
      // member: 4 or 16 rows of 2 doubles.
      long header = lightPerStep / (2 * 2) - 4 * 2 * 8;
      assertTrue(header > 0 && header < 128, "a small fixed header per chunk: " + header);
      assertEquals(2 * 2 * (4 * 2 * 8 + header), lightPerStep);
      assertEquals(2 * 2 * (16 * 2 * 8 + header), widePerStep);
    }
  }
}
