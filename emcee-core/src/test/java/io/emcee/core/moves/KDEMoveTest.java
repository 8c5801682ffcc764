package io.emcee.core.moves;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The KDE move's bandwidth as scipy's {@code gaussian_kde} takes {@code bw_method}: Scott's and
 * Silverman's rules, a scalar, and a callable that gets the complementary walkers and returns the
 * factor.
 */
class KDEMoveTest {
  private static final Target TARGET = Target.standardNormal(3, 40);

  private static Sampler run(KDEMove move, Target target, int steps) {
    Sampler sampler = Sampler.builder().seed(21).move(move, 1).build();
    sampler.run(new Ensemble(target.logProbability(), target.start()), steps);
    return sampler;
  }

  @Test
  void aCallableThatAnswersWithARuleMakesThatRulesChain() {
    assertArrayEquals(
        run(new KDEMove(), TARGET, 30).getFlatCoords(0, 1),
        run(new KDEMove(KDEMove.Dataset::scottFactor), TARGET, 30).getFlatCoords(0, 1));
    assertArrayEquals(
        run(new KDEMove(KDEMove.Bandwidth.SILVERMAN), TARGET, 30).getFlatCoords(0, 1),
        run(new KDEMove(KDEMove.Dataset::silvermanFactor), TARGET, 30).getFlatCoords(0, 1));
    assertArrayEquals(
        run(new KDEMove(0.7), TARGET, 30).getFlatCoords(0, 1),
        run(new KDEMove(data -> 0.7), TARGET, 30).getFlatCoords(0, 1));
  }

  @Test
  void theCallableGetsTheComplementaryWalkersOfEachHalfStep() {
    Target target = Target.standardNormal(2, 25);
    List<Integer> counts = new ArrayList<>();
    List<String> outsiders = new ArrayList<>();
    double[][] current = new double[25][];
    for (int w = 0; w < 25; w++) {
      current[w] = target.start()[w].clone();
    }
    KDEMove move =
        new KDEMove(
            data -> {
              counts.add(data.getPointCount());
              assertEquals(2, data.getDimension());
              Set<String> positions = new HashSet<>();
              for (double[] w : current) {
                positions.add(Arrays.toString(w));
              }
              Set<String> distinct = new HashSet<>();
              for (int i = 0; i < data.getPointCount(); i++) {
                String p = Arrays.toString(new double[] {data.get(i, 0), data.get(i, 1)});
                distinct.add(p);
                if (!positions.contains(p)) {
                  outsiders.add(p);
                }
              }
              assertEquals(data.getPointCount(), distinct.size(), "distinct walkers");
              return data.scottFactor();
            });
    Sampler sampler = Sampler.builder().seed(4).move(move, 1).build();
    // The first step only: every point it sees is a start position or one the first half moved to.
    sampler.run(new Ensemble(target.logProbability(), target.start()), 1);
    double[][] after = sampler.getCoords()[0];
    List<double[]> both = new ArrayList<>(Arrays.asList(current));
    both.addAll(Arrays.asList(after));
    Set<String> known = new HashSet<>();
    for (double[] p : both) {
      known.add(Arrays.toString(p));
    }
    outsiders.removeIf(known::contains);
    assertEquals(List.of(), outsiders, "points that are no walker's position");
    assertEquals(2, counts.size(), "one call per half-step");
    assertEquals(Set.of(12, 13), new HashSet<>(counts), "25 walkers: sets of 13 and 12");
  }

  @Test
  void aBadFactorFromTheCallableIsRefusedNamingIt() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      EmceeException e =
          assertThrows(
              EmceeException.class, () -> run(new KDEMove(data -> bad), TARGET, 2), "" + bad);
      assertEquals("EMCEE-M007", e.getCode());
      assertTrue(
          e.getMessage().contains("returned " + bad + " for 20 points in 3"), e.getMessage());
    }
  }

  @Test
  void describeNamesTheBandwidth() {
    assertEquals("KDEMove(SCOTT)", new KDEMove().describe());
    assertEquals("KDEMove(factor=0.5)", new KDEMove(0.5).describe());
    assertTrue(
        new KDEMove(KDEMove.Dataset::scottFactor)
            .describe()
            .startsWith("KDEMove(bandwidth method " + KDEMoveTest.class.getName() + "$$Lambda"),
        new KDEMove(KDEMove.Dataset::scottFactor).describe());
  }
}
