package io.emcee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.api.LogProbability;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One run at a time per sampler: a second, from another thread, is refused, the chain intact. */
class ConcurrentRunTest {
  private static double gaussian(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return -0.5 * s;
  }

  @Test
  void aSecondThreadsRunIsRefusedAndTheChainStaysConsistent() throws Exception {
    CountDownLatch firstRunEvaluating = new CountDownLatch(1);
    CountDownLatch secondTried = new CountDownLatch(1);
    Thread[] first = new Thread[1];
    LogProbability model =
        x -> {
          if (Thread.currentThread() == first[0] && firstRunEvaluating.getCount() > 0) {
            firstRunEvaluating.countDown();
            try {
              secondTried.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return gaussian(x);
        };
    Sampler sampler = Sampler.builder().seed(2).build();
    Ensemble start = new Ensemble(model, StretchMoveStatisticsTest.normalStart(16, 3, 1));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<Ensemble> a =
          threads.submit(
              () -> {
                first[0] = Thread.currentThread();
                return sampler.run(start, 300);
              });
      assertTrue(firstRunEvaluating.await(30, TimeUnit.SECONDS));
      Future<EmceeException> b =
          threads.submit(
              () -> {
                try {
                  EmceeException refused = null;
                  try {
                    sampler.run(start, 300);
                  } catch (EmceeException e) {
                    refused = e;
                  }
                  try {
                    sampler.sample(start, 300);
                  } catch (EmceeException e) {
                    assertEquals("EMCEE-I013", e.getCode());
                  }
                  try {
                    sampler.reset();
                  } catch (EmceeException e) {
                    assertEquals("EMCEE-I013", e.getCode());
                  }
                  return refused;
                } finally {
                  secondTried.countDown();
                }
              });
      EmceeException refused = b.get(60, TimeUnit.SECONDS);
      a.get(60, TimeUnit.SECONDS);
      assertEquals("EMCEE-I013", refused == null ? null : refused.getCode());
      assertTrue(refused.getMessage().contains("another run is in progress"), refused.getMessage());
    } finally {
      threads.shutdownNow();
      assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
    }
    assertEquals(300, sampler.getIteration());
    double[][][] coords = sampler.getCoords();
    double[][] lp = sampler.getLogProbability();
    for (int i = 0; i < coords.length; i++) {
      for (int w = 0; w < coords[i].length; w++) {
        assertEquals(gaussian(coords[i][w]), lp[i][w], 0.0, "step " + i + " walker " + w);
      }
    }
    // Afterwards the sampler runs again.
    sampler.run(100);
    assertEquals(400, sampler.getIteration());
  }
}
