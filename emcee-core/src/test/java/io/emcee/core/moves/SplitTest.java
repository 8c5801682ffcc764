package io.emcee.core.moves;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.core.random.RandomStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * How the red-blue moves split an ensemble, as emcee's {@code arange(nwalkers) % nsplits} (shuffled
 * or not): the set sizes for odd counts, the sets in walker order when not shuffled, a partition
 * into active and complementary walkers, and every walker equally likely in the larger set.
 */
class SplitTest {

  private static int[] sizes(Split split, int nsplits) {
    int[] sizes = new int[nsplits];
    for (int s = 0; s < nsplits; s++) {
      split.select(s);
      sizes[s] = split.getActiveCount();
    }
    return sizes;
  }

  private static int[] activeOf(Split split) {
    int[] active = new int[split.getActiveCount()];
    for (int k = 0; k < active.length; k++) {
      active[k] = split.getActive(k);
    }
    return active;
  }

  @Test
  void oddCountsSplitAsEmceeSplitsThem() {
    RandomStream random = new RandomStream(3);
    int[][] cases = {{25, 2, 13, 12}, {51, 2, 26, 25}, {25, 4, 7, 6, 6, 6}, {33, 3, 11, 11, 11}};
    for (int[] c : cases) {
      int nwalkers = c[0];
      int nsplits = c[1];
      int[] expected = Arrays.copyOfRange(c, 2, c.length);
      Split split = new Split(new double[nwalkers], 1, nwalkers, nsplits);
      split.randomize(random);
      assertArrayEquals(expected, sizes(split, nsplits), nwalkers + " walkers in " + nsplits);
      int[] labels = new int[nwalkers];
      for (int i = 0; i < nwalkers; i++) {
        labels[i] = i % nsplits;
      }
      split.assign(labels, nwalkers);
      assertArrayEquals(expected, sizes(split, nsplits), nwalkers + " in order, " + nsplits);
    }
  }

  @Test
  void inWalkerOrderSetJHoldsTheWalkersWhoseIndexModNsplitsIsJ() {
    int nwalkers = 25;
    int nsplits = 3;
    Split split = new Split(new double[nwalkers], 1, nwalkers, nsplits);
    int[] labels = new int[nwalkers];
    for (int i = 0; i < nwalkers; i++) {
      labels[i] = i % nsplits;
    }
    split.assign(labels, nwalkers);
    for (int s = 0; s < nsplits; s++) {
      split.select(s);
      int set = s;
      int[] expected =
          java.util.stream.IntStream.range(0, nwalkers).filter(i -> i % nsplits == set).toArray();
      assertArrayEquals(expected, activeOf(split), "set " + s);
    }
  }

  @Test
  void eachHalfStepPartitionsTheWalkersIntoActiveAndComplement() {
    RandomStream random = new RandomStream(5);
    int nwalkers = 25;
    for (int nsplits : new int[] {2, 3, 4}) {
      Split split = new Split(new double[nwalkers], 1, nwalkers, nsplits);
      split.randomize(random);
      for (int s = 0; s < nsplits; s++) {
        split.select(s);
        int[] seen = new int[nwalkers];
        for (int k = 0; k < split.getActiveCount(); k++) {
          seen[split.getActive(k)]++;
        }
        int inSets = 0;
        for (int j = 0; j < split.getSetCount(); j++) {
          for (int k = 0; k < split.getSetSize(j); k++) {
            seen[split.getSetMember(j, k)]++;
            inSets++;
          }
        }
        for (int k = 0; k < split.getComplementCount(); k++) {
          assertTrue(split.getComplement(k) >= 0 && split.getComplement(k) < nwalkers);
        }
        assertEquals(nwalkers - split.getActiveCount(), split.getComplementCount());
        assertEquals(split.getComplementCount(), inSets);
        assertEquals(nsplits - 1, split.getSetCount());
        int[] once = new int[nwalkers];
        Arrays.fill(once, 1);
        assertArrayEquals(once, seen, nsplits + " sets, set " + s);
      }
    }
  }

  /**
   * With 25 walkers in two shuffled sets, each walker lands in the larger set (13) with probability
   * 13/25: over many splits, every walker's frequency is within 4.5 standard errors of it, and the
   * frequencies of two walkers together show no preference for pairs (both in the larger set with
   * probability 13/25 * 12/24).
   */
  @Test
  void shuffledSplitsPutEveryWalkerInTheLargerSetEquallyOften() {
    RandomStream random = new RandomStream(11);
    int nwalkers = 25;
    int draws = 40_000;
    Split split = new Split(new double[nwalkers], 1, nwalkers, 2);
    int[] inLarger = new int[nwalkers];
    int pairs = 0;
    for (int d = 0; d < draws; d++) {
      split.randomize(random);
      split.select(0);
      boolean first = false;
      boolean second = false;
      for (int k = 0; k < split.getActiveCount(); k++) {
        int w = split.getActive(k);
        inLarger[w]++;
        first |= w == 0;
        second |= w == 24;
      }
      pairs += first && second ? 1 : 0;
    }
    double p = 13.0 / 25;
    double se = Math.sqrt(p * (1 - p) / draws);
    for (int w = 0; w < nwalkers; w++) {
      double f = inLarger[w] / (double) draws;
      assertTrue(Math.abs(f - p) < 4.5 * se, "walker " + w + ": " + f + " vs " + p);
    }
    double pp = p * 12 / 24;
    double sePair = Math.sqrt(pp * (1 - pp) / draws);
    double fp = pairs / (double) draws;
    assertTrue(Math.abs(fp - pp) < 4.5 * sePair, "pair: " + fp + " vs " + pp);
  }
}
