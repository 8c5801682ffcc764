package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.api.Pools;
import io.emcee.api.RunInterruptedException;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.model.LogProbabilityException;
import io.emcee.pool.local.InterruptiblePool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sampler on the local pool: same chain as serial, interrupts, failures, Ctrl-C. */
class LocalPoolSamplingTest {

  private static final LogProbability GAUSSIAN =
      x -> {
        double s = 0;
        for (double v : x) {
          s += v * v;
        }
        return -0.5 * s;
      };

  @Test
  void sameSeedGivesTheSerialPoolsChainBitForBit() {
    for (int[] shape : new int[][] {{32, 5}, {100, 10}, {6, 2}}) {
      Sampler serial = Sampler.builder().seed(21).build();
      serial.run(
          new Ensemble(GAUSSIAN, TestModels.start(shape[0], shape[1], 3), Pools.serial()), 300);
      for (int threads : new int[] {2, 3}) {
        try (InterruptiblePool pool = new InterruptiblePool(threads, false)) {
          Sampler local = Sampler.builder().seed(21).build();
          local.run(new Ensemble(GAUSSIAN, TestModels.start(shape[0], shape[1], 3), pool), 300);
          assertEquals(ChainDigest.of(serial), ChainDigest.of(local), threads + " threads");
        }
      }
    }
  }

  @Test
  void interruptMidRunKeepsEveryStepAndResumesToTheSameChain() throws Exception {
    LogProbability slow =
        x -> {
          long end = System.nanoTime() + 100_000;
          while (System.nanoTime() < end) {
            Thread.onSpinWait();
          }
          return GAUSSIAN.logProbability(x);
        };
    Sampler reference = Sampler.builder().seed(9).build();
    reference.run(new Ensemble(slow, TestModels.start(16, 3, 3)), 400);

    try (InterruptiblePool pool = new InterruptiblePool(2, false)) {
      Sampler sampler = Sampler.builder().seed(9).build();
      Thread self = Thread.currentThread();
      Thread interrupter =
          new Thread(
              () -> {
                try {
                  Thread.sleep(150);
                } catch (InterruptedException e) {
                  return;
                }
                self.interrupt();
              });
      interrupter.start();
      assertThrows(
          RunInterruptedException.class,
          () -> sampler.run(new Ensemble(slow, TestModels.start(16, 3, 3), pool), 400));
      // The interrupt reaches the pool mid-batch, or the sampler at a step boundary; either
      // way the pool's threads leave (idle ones within milliseconds) while the flag is set.
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (pool.getLiveThreads() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertTrue(Thread.interrupted());
      interrupter.join();
      int kept = sampler.getIteration();
      assertTrue(kept > 0 && kept < 400, "kept " + kept);
      assertEquals(0, pool.getLiveThreads(), "the pool's threads stopped");
      sampler.run(sampler.getLastSample(), 400 - kept);
      assertEquals(ChainDigest.of(reference), ChainDigest.of(sampler));
    }
  }

  @Test
  void aFailingWalkerIsNamedThePoolStaysUsableAndNoThreadIsLeftBehind() {
    double[][] start = TestModels.start(20, 3, 3);
    AtomicInteger calls = new AtomicInteger();
    LogProbability failing =
        x -> {
          if (calls.incrementAndGet() > 200 && x[0] > 1.0) {
            throw new IllegalStateException("model blew up at x0 > 1");
          }
          return GAUSSIAN.logProbability(x);
        };
    InterruptiblePool pool = new InterruptiblePool(2, false);
    Sampler sampler = Sampler.builder().seed(4).build();
    LogProbabilityException e =
        assertThrows(
            LogProbabilityException.class,
            () -> sampler.run(new Ensemble(failing, start, pool), 100));
    assertTrue(e.getMessage().contains("model blew up"), e.getMessage());
    assertTrue(e.getMessage().contains("walker " + e.getWalker() + " at ["), e.getMessage());
    assertTrue(e.getCoords()[0] > 1.0);
    int kept = sampler.getIteration();
    // The pool keeps working for another run.
    Sampler again = Sampler.builder().seed(4).build();
    again.run(new Ensemble(GAUSSIAN, start, pool), 20);
    assertEquals(20, again.getIteration());
    pool.close();
    assertTrue(kept < 100);
    assertEquals(
        0,
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("emcee-local-") && t.isAlive())
            .count(),
        "no pool thread left after close");
  }

  @Test
  void aProgramStartedWithCtrlCIgnoredSaysCtrlCCannotStopIt() throws Exception {
    List<String> java =
        ChildJvm.javaCommand(
            ChildJvm.classPathWithout(s -> false), List.of(), LocalSigintMain.class, "describe");
    List<String> ignoring = new ArrayList<>(List.of("sh", "-c", "trap '' INT; exec \"$@\"", "sh"));
    ignoring.addAll(java);
    try (ChildJvm normal = ChildJvm.launch(java, Map.of());
        ChildJvm ignored = ChildJvm.launch(ignoring, Map.of())) {
      assertEquals(0, normal.waitFor(Duration.ofSeconds(60)), normal.output());
      assertEquals(0, ignored.waitFor(Duration.ofSeconds(60)), ignored.output());
      assertTrue(normal.output().contains(", Ctrl-C stops sampling]"), normal.output());
      assertTrue(ignored.output().contains(", Ctrl-C ignored by this process]"), ignored.output());
    }
  }

  @Test
  void ctrlCStopsAtAStepBoundaryAndTheRunResumesToTheSameChain() throws Exception {
    Sampler reference = Sampler.builder().seed(LocalSigintMain.SEED).build();
    reference.run(
        new Ensemble(LocalSigintMain.model(), LocalSigintMain.start(), Pools.serial()),
        LocalSigintMain.STEPS);
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false),
            Map.of("EMCEE_THREADS", "2"),
            List.of(),
            LocalSigintMain.class)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!child.output().contains("sampling") && System.nanoTime() < deadline) {
        assertTrue(child.process().isAlive(), child.output());
        Thread.sleep(20);
      }
      assertTrue(child.output().contains("sampling"), child.output());
      child.interrupt();
      assertEquals(0, child.waitFor(Duration.ofSeconds(120)), child.output());
      String out = child.output();
      assertTrue(
          out.contains("[EMCEE-R002] Ctrl-C: the sampler stops after the current step"), out);
      assertTrue(out.contains("interrupted kept="), out);
      assertTrue(out.contains("flag=true poolThreads=0"), out);
      assertTrue(out.contains("steps=" + LocalSigintMain.STEPS), out);
      assertTrue(out.contains("digest=" + ChainDigest.of(reference)), out);
    }
  }
}
