package io.emcee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.ChainSegment;
import io.emcee.core.storage.FileBackend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chain records the options of each run in its segments, in memory and in chain files. */
class ChainSegmentsTest {
  private static final int NWALKERS = 12;
  private static final int NDIM = 2;
  private static final RunOptions THIN_3 = RunOptions.DEFAULT.withThinBy(3);

  @TempDir Path dir;

  private static double gaussian(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return -0.5 * s;
  }

  private static Ensemble start() {
    return new Ensemble(
        ChainSegmentsTest::gaussian, StretchMoveStatisticsTest.normalStart(NWALKERS, NDIM, 5));
  }

  /** Runs 10 steps, 5 thinned by 3, 5 unstored, 4 thinned by 3, then 3 tuned. */
  private static Sampler runMixed(ChainBackend backend) {
    Sampler s = Sampler.builder().seed(1).backend(backend).build();
    s.run(start(), 10);
    s.run(s.getLastSample(), 5, THIN_3);
    s.run(s.getLastSample(), 5, THIN_3.withStore(false));
    s.run(s.getLastSample(), 4, THIN_3);
    s.run(s.getLastSample(), 3, THIN_3.withTune(true));
    return s;
  }

  private static final List<ChainSegment> MIXED =
      List.of(
          new ChainSegment(0, 1, false, false),
          new ChainSegment(10, 3, false, true),
          new ChainSegment(15, 3, false, false),
          new ChainSegment(19, 3, true, true));

  @Test
  void eachChangeOfOptionsOrGapOpensASegment() {
    Sampler s = runMixed(ChainBackend.inMemory());
    assertEquals(22, s.getIteration());
    assertEquals(MIXED, s.getChain().getSegments());
    s.run(s.getLastSample(), 2, THIN_3.withTune(true));
    assertEquals(MIXED, s.getChain().getSegments(), "a run that changes nothing continues");
    s.reset();
    assertEquals(List.of(), s.getChain().getSegments());
  }

  @Test
  void aChainFileKeepsItsSegmentsAcrossBlocksAndReopening() {
    Path file = dir.resolve("mixed.chain");
    Sampler memory = runMixed(ChainBackend.inMemory());
    try (FileBackend chain =
        FileBackend.open(file, FileBackend.Options.DEFAULT.withFlushEverySteps(4))) {
      Sampler s = runMixed(chain);
      assertEquals(MIXED, s.getChain().getSegments(), "while some steps are buffered");
    }
    try (FileBackend stored = FileBackend.openReadOnly(file)) {
      Chain chain = Chain.of(stored);
      assertEquals(MIXED, chain.getSegments());
      assertTrue(Arrays.deepEquals(memory.getCoords(), chain.getCoords()));
    }
  }

  @Test
  void resumingWithAnotherThinByIsAllowedAndGivesTheUninterruptedChain() {
    Path file = dir.resolve("resume.chain");
    try (FileBackend chain = FileBackend.open(file)) {
      Sampler first = Sampler.builder().seed(2).backend(chain).build();
      first.run(start(), 8);
    }
    try (FileBackend chain = FileBackend.open(file)) {
      Sampler again = Sampler.builder().seed(77).thinBy(4).backend(chain).build();
      again.run(again.resume(ChainSegmentsTest::gaussian, io.emcee.api.Pools.serial()), 6);
      assertEquals(
          List.of(new ChainSegment(0, 1, false, false), new ChainSegment(8, 4, false, true)),
          again.getChain().getSegments());
    }
    Sampler whole = Sampler.builder().seed(2).build();
    whole.run(start(), 8);
    whole.run(whole.getLastSample(), 6, RunOptions.DEFAULT.withThinBy(4));
    try (FileBackend stored = FileBackend.openReadOnly(file)) {
      Chain chain = Chain.of(stored);
      assertTrue(Arrays.deepEquals(whole.getCoords(), chain.getCoords()));
      assertArrayEquals(whole.getAcceptanceFraction(), chain.getAcceptanceFraction());
    }
  }

  @Test
  void autocorrelationRefusesStepsOfDifferentSpacingAndReadsEachSegment() {
    Sampler s = Sampler.builder().seed(3).build();
    s.run(start(), 300);
    s.run(s.getLastSample(), 300, RunOptions.DEFAULT.withThinBy(2));
    EmceeException mixed =
        assertThrows(EmceeException.class, () -> s.getIntegratedAutocorrTime(0, 1, true));
    assertEquals("EMCEE-A020", mixed.getCode());
    assertTrue(mixed.getMessage().contains("discard at least 300"), mixed.getMessage());
    assertEquals(NDIM, s.getIntegratedAutocorrTime(300, 1, true).length);
    assertTrue(Double.isNaN(s.getSummary(0, 1).parameters().get(0).tau()));
    assertTrue(s.getSummary(300, 1).parameters().get(0).tau() > 0);
    assertEquals(600 * NWALKERS, s.getFlatCoords(0, 1).length, "other readers read every step");
  }
}
