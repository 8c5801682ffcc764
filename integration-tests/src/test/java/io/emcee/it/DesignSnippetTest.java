package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.diagnostics.AutocorrException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Runs the Java user-view snippet (the README's first example, with its full calls) as written. Its
 * only additions are the lines that fill {@code start}, which the snippet leaves to a comment.
 *
 * <p>As written, the snippet asks for tau on 800 steps of a 10-D Gaussian whose tau is about 100
 * steps; emcee raises {@code AutocorrError} there (the chain is shorter than 50 tau), and so do we,
 * with the estimates attached. The second test runs the same snippet with a chain long enough to
 * trust tau.
 */
class DesignSnippetTest {

  /** Standard normal draws for the starting positions, with a fixed seed. */
  private static void fillWithNormalDraws(double[][] start) {
    Random random = new Random(20261124);
    for (double[] walker : start) {
      for (int j = 0; j < walker.length; j++) {
        walker[j] = random.nextGaussian();
      }
    }
  }

  // spotless:off
  private void snippetAsWritten() {
    // ---- the user-view snippet, verbatim ----
    LogProbability logProb = x -> { double s = 0; for (double v : x) s += v * v; return -0.5 * s; };
    int ndim = 10, nwalkers = 100;
    double[][] start = new double[nwalkers][ndim];        // filled with N(0,1) draws
    fillWithNormalDraws(start);
    try (Pool pool = Pools.load()) {                        // backend chosen by classpath / config
        if (!pool.isMaster()) { pool.waitForTasks(); return; }   // MPI workers and grid workers serve here
        Ensemble ensemble = new Ensemble(logProb, start, pool);
        Sampler sampler = new Sampler();                    // default move: StretchMove(a = 2)
        Ensemble last = sampler.run(ensemble, 1000);
        double[][] flat = sampler.getFlatCoords(200, 10);   // discard 200 steps, thin by 10
        double[] tau = sampler.getIntegratedAutocorrTime(200, 1);
        double[] acc = sampler.getAcceptanceFraction();     // one per walker
    }
    // ---- end of snippet ----
  }
  // spotless:on

  @Test
  void snippetAsWrittenStopsAtTauLikeEmcee() {
    AutocorrException e = assertThrows(AutocorrException.class, this::snippetAsWritten);
    assertEquals("EMCEE-A001", e.getCode());
    assertTrue(e.getMessage().contains("shorter than 50 times"), e.getMessage());
    double[] tau = e.getTau();
    assertEquals(10, tau.length);
    // 800 steps hold too few autocorrelation times for a trusted estimate, but the rough ones
    // must still be those of a 10-D Gaussian under the stretch move (tau ~ 100 steps): far
    // above the 800/50 = 16 that would have been accepted.
    for (double t : tau) {
      assertTrue(t > 16 && t < 300, () -> Arrays.toString(tau));
    }
  }

  @Test
  void snippetWithALongEnoughChainGivesEveryResult() {
    LogProbability logProb =
        x -> {
          double s = 0;
          for (double v : x) s += v * v;
          return -0.5 * s;
        };
    int ndim = 10, nwalkers = 100;
    double[][] start = new double[nwalkers][ndim];
    fillWithNormalDraws(start);
    try (Pool pool = Pools.load()) {
      if (!pool.isMaster()) {
        pool.waitForTasks();
        return;
      }
      Ensemble ensemble = new Ensemble(logProb, start, pool);
      Sampler sampler = Sampler.builder().seed(7).build();
      Ensemble last = sampler.run(ensemble, 8000);
      double[][] flat = sampler.getFlatCoords(200, 10);
      double[] tau = sampler.getIntegratedAutocorrTime(200, 1);
      double[] acc = sampler.getAcceptanceFraction();

      assertEquals(nwalkers, last.getWalkerCount());
      assertEquals((8000 - 200) / 10 * nwalkers, flat.length);
      assertEquals(ndim, flat[0].length);
      assertEquals(ndim, tau.length);
      for (double t : tau) {
        assertTrue(t > 50 && t < 200, () -> Arrays.toString(tau));
      }
      assertEquals(nwalkers, acc.length);
      double meanAcceptance = Arrays.stream(acc).average().orElseThrow();
      // emcee's stretch move accepts ~42 % on a 10-D Gaussian; the mean over 100 walkers x 8000
      // steps has a standard error below 0.002.
      assertTrue(meanAcceptance > 0.40 && meanAcceptance < 0.44, () -> "" + meanAcceptance);
    }
  }
}
