package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pools;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real {@code mpirun} jobs of {@link MpiChainMain} on loopback with 2 and 3 ranks: the chain is bit
 * for bit the serial pool's, a worker's exception ends the whole job quickly with a message naming
 * the rank and the walker, and every rank exits. Skipped, with the reason, only when pool-mpi,
 * mpi.jar or mpirun is missing (bin/test installs them).
 */
class MpiPoolTest {
  private static final int STEPS = 60;
  private static final long SEED = 20261125;
  private static final Duration HANG_GUARD = Duration.ofSeconds(120);

  @BeforeEach
  void needsMpi() {
    MpiRun.assumeMpi();
  }

  @org.junit.jupiter.api.Test
  void chainIsBitIdenticalWhenRowsCostDifferentAmountsAndMapsAreBalanced() throws Exception {
    int steps = 20;
    String serial =
        MpiChainMain.chain(Pools.serial(), steps, SEED, new MpiChainMain.Model(-1, 0, false, true));
    try (MpiRun run =
        MpiRun.start(4, MpiChainMain.class, "" + steps, "" + SEED, "-1", "0", "-", "unequal")) {
      int exit = run.waitFor(HANG_GUARD);
      String out = run.output();
      assertEquals(0, exit, out);
      assertTrue(out.contains("checksum=" + serial), "serial checksum " + serial + ":\n" + out);
      Matcher ordered = Pattern.compile("maps in cost order: (\\d+)").matcher(out);
      assertTrue(ordered.find() && Long.parseLong(ordered.group(1)) > 0, "rows reordered:\n" + out);
      assertEveryRankFinalizedAndExited(run, 4);
    }
  }

  @Test
  void severalEnsemblesShareTheRanksAndEachGetsItsSingleSerialRunsChain() throws Exception {
    int steps = 30;
    int ensembles = 3;
    try (MpiRun run =
        MpiRun.start(
            3, MpiChainMain.class, "" + steps, "" + SEED, "-1", "0", "-", "-", "" + ensembles)) {
      int exit = run.waitFor(HANG_GUARD);
      String out = run.output();
      assertEquals(0, exit, out);
      for (int e = 0; e < ensembles; e++) {
        String serial =
            MpiChainMain.chain(
                Pools.serial(),
                steps,
                SEED + e,
                io.emcee.core.MultiSampler.seedOf(SEED, e),
                new MpiChainMain.Model(-1, 0, false));
        assertTrue(out.contains("ensemble " + e + " checksum=" + serial), e + ":\n" + out);
      }
      assertEveryRankFinalizedAndExited(run, 3);
    }
  }

  @ParameterizedTest(name = "{0} ranks")
  @ValueSource(ints = {2, 3})
  void chainIsBitIdenticalToTheSerialPoolAndEveryRankExits(int ranks) throws Exception {
    String serial =
        MpiChainMain.chain(Pools.serial(), STEPS, SEED, new MpiChainMain.Model(-1, 0, false));
    try (MpiRun run = MpiRun.start(ranks, MpiChainMain.class, "" + STEPS, "" + SEED)) {
      int exit = run.waitFor(HANG_GUARD);
      String out = run.output();
      assertEquals(0, exit, out);
      assertTrue(out.contains("pool=mpi MpiPool[rank 0 of " + ranks + "]"), out);
      assertTrue(out.contains("checksum=" + serial), "serial checksum " + serial + ":\n" + out);
      for (int r = 1; r < ranks; r++) {
        // Released by the master's close, having received the function once for the whole run.
        assertTrue(out.contains("rank " + r + " received the function 1 times"), out);
      }
      assertEveryRankFinalizedAndExited(run, ranks);
    }
  }

  @ParameterizedTest(name = "{0} ranks")
  @ValueSource(ints = {2, 3})
  void mapKeepsOrderReportsTheFirstFailingRowAndSendsEachFunctionOnce(int ranks) throws Exception {
    try (MpiRun run = MpiRun.start(ranks, MpiMapMain.class)) {
      int exit = run.waitFor(HANG_GUARD);
      String out = run.output();
      assertEquals(0, exit, out);
      assertTrue(out.contains("rank 0 checks failed: 0"), out);
      assertTrue(!out.contains("FAILED"), out);
      // Rows 5..9 fail; row 5 is rank 0's with 2 ranks (rows 0-5) and rank 1's with 3 (rows 4-7).
      assertTrue(
          out.contains("the function threw at batch row 5 on rank " + (ranks == 2 ? 0 : 1) + ":"),
          out);
      for (int r = 1; r < ranks; r++) {
        // Sum, then the failing lambda, then Sum again; the unserializable one never left rank 0.
        assertTrue(out.contains("rank " + r + " received 3 functions"), out);
      }
      assertEveryRankFinalizedAndExited(run, ranks);
    }
  }

  @ParameterizedTest(name = "{0} ranks")
  @ValueSource(ints = {2, 3})
  void aWorkersExceptionEndsTheJobQuicklyWithRankWalkerAndMessage(int ranks) throws Exception {
    int failing = ranks - 1;
    try (MpiRun run =
        MpiRun.start(ranks, MpiChainMain.class, "" + STEPS, "" + SEED, "" + failing, "100")) {
      int exit = run.waitFor(HANG_GUARD);
      long exitMillis = System.currentTimeMillis();
      String out = run.output();
      assertNotEquals(0, exit, out);
      Pattern clear =
          Pattern.compile(
              "\\[EMCEE-E001\\] the log-probability threw for walker (\\d+) at \\[[^\\]]+\\] \\(on"
                  + " rank "
                  + failing
                  + "\\): java.lang.IllegalStateException: deliberate failure on rank "
                  + failing);
      Matcher m = clear.matcher(out);
      assertTrue(m.find(), out);
      int walker = Integer.parseInt(m.group(1));
      assertTrue(walker >= 0 && walker < MpiChainMain.NWALKERS, out);

      Matcher failedAt = Pattern.compile("rank " + failing + " failing at (\\d+)").matcher(out);
      assertTrue(failedAt.find(), out);
      long seconds = (exitMillis - Long.parseLong(failedAt.group(1))) / 1000;
      assertTrue(seconds < 10, "the job took " + seconds + " s to end after the failure:\n" + out);
      assertEveryRankFinalizedAndExited(run, ranks);
    }
  }

  @Test
  void aWorkerThatDiesEndsTheWholeJobQuickly() throws Exception {
    int ranks = 3;
    try (MpiRun run =
        MpiRun.start(ranks, MpiChainMain.class, "" + STEPS, "" + SEED, "1", "100", "halt")) {
      int exit = run.waitFor(HANG_GUARD);
      long exitMillis = System.currentTimeMillis();
      String out = run.output();
      assertNotEquals(0, exit, out);
      Matcher failedAt = Pattern.compile("rank 1 failing at (\\d+)").matcher(out);
      assertTrue(failedAt.find(), out);
      long seconds = (exitMillis - Long.parseLong(failedAt.group(1))) / 1000;
      assertTrue(seconds < 10, "the job took " + seconds + " s to end after the crash:\n" + out);
      assertEquals(ranks, run.rankPids().size(), out);
      assertEquals(List.of(), run.survivors(Duration.ofSeconds(5)), "orphaned ranks:\n" + out);
    }
  }

  private static void assertEveryRankFinalizedAndExited(MpiRun run, int ranks)
      throws InterruptedException {
    String out = run.output();
    List<Long> pids = run.rankPids();
    assertEquals(ranks, pids.size(), out);
    for (int r = 0; r < ranks; r++) {
      assertTrue(out.contains("rank " + r + " finalized"), out);
    }
    assertEquals(List.of(), run.survivors(Duration.ofSeconds(5)), "orphaned ranks:\n" + out);
  }

  @Test
  void aProgramWithoutTheMasterGuardEndsWithAClearErrorInsteadOfHanging() throws Exception {
    long start = System.nanoTime();
    try (MpiRun run = MpiRun.start(2, MpiNoGuardMain.class)) {
      int exit = run.waitFor(HANG_GUARD);
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      String out = run.output();
      assertNotEquals(0, exit, out);
      assertTrue(seconds < 60, "the job took " + seconds + " s:\n" + out);
      assertTrue(out.contains("[EMCEE-P076] MPI rank 1 closes its pool"), out);
      assertTrue(out.contains("EMCEE-P006"), out);
    }
  }
}
