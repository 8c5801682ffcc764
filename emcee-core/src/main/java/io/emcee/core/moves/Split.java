package io.emcee.core.moves;

import io.emcee.api.Stability;
import io.emcee.core.random.RandomStream;
import org.jspecify.annotations.Nullable;

/**
 * One half-step of a red-blue move, as a {@link RedBlueMove} sees it: the walkers that propose now
 * (the active set) and the complementary ensemble they propose against, split into its sets. A
 * read-only view over scratch arrays, valid during one call.
 *
 * <pre>{@code int c = split.getComplement(random.nextInt(split.getComplementCount()));}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class Split {
  private final double[] coords;
  private final int ndim;
  private final int nsplits;

  /**
   * Walkers grouped by set: set {@code j} at {@code [starts[j], starts[j+1])}; always a permutation
   * of all walkers (in walker order within a set after {@link #assign}, in random order after
   * {@link #randomize}).
   */
  private final int[] bySet;

  private final int[] starts;
  private final int[] complement;
  private final int[] setStarts;
  private double @Nullable [][] rows;
  private int activeStart;
  private int nactive;
  private int nsets;

  Split(double[] coords, int ndim, int nwalkers, int nsplits) {
    this.coords = coords;
    this.ndim = ndim;
    this.nsplits = nsplits;
    this.bySet = new int[nwalkers];
    this.starts = new int[nsplits + 1];
    this.complement = new int[nwalkers];
    this.setStarts = new int[nsplits];
  }

  /**
   * One array per proposal row, offered on the serial path when the move's {@link
   * RedBlueMove#writesRows()} is true: write row {@code k} into {@code proposalRows()[k]} instead
   * of the flat proposals, which saves copying every row into the log-probability's argument. Null
   * when proposals go to the flat array.
   *
   * @return the row arrays, or null
   */
  public double @Nullable [][] proposalRows() {
    return rows;
  }

  void useRows(double @Nullable [][] rows) {
    this.rows = rows;
  }

  /** The number of sets this view was made for. */
  int capacity() {
    return nsplits;
  }

  /**
   * Groups the walkers by their labels, once per step, in one pass without data-dependent branches
   * (the labels are random, so a branch per walker would mispredict half the time).
   */
  void assign(int[] labels, int nwalkers) {
    java.util.Arrays.fill(starts, 0);
    for (int i = 0; i < nwalkers; i++) {
      starts[labels[i] + 1]++;
    }
    for (int j = 0; j < nsplits; j++) {
      starts[j + 1] += starts[j];
    }
    int[] next = setStarts; // scratch: the next free slot of each set
    System.arraycopy(starts, 0, next, 0, nsplits);
    for (int i = 0; i < nwalkers; i++) {
      bySet[next[labels[i]]++] = i;
    }
  }

  /**
   * Splits the walkers into sets at random, as emcee's shuffled {@code arange(nwalkers) % nsplits}
   * does: set {@code j} gets {@code nwalkers / nsplits} walkers, one more for the first {@code
   * nwalkers % nsplits} sets, every such split equally likely. Done as a partial Fisher-Yates
   * shuffle of the walkers: the positions before the last set are drawn, the last set is what
   * remains. Half the draws of a full shuffle for two sets, and no labels to sort; within a set the
   * walkers are in random order.
   */
  void randomize(RandomStream random) {
    int nwalkers = bySet.length;
    int base = nwalkers / nsplits;
    int extra = nwalkers % nsplits;
    starts[0] = 0;
    for (int j = 0; j < nsplits; j++) {
      starts[j + 1] = starts[j] + base + (j < extra ? 1 : 0);
    }
    for (int i = 0; i < nwalkers; i++) {
      bySet[i] = i; // from walker order every step, so the split depends on the random state only
    }
    int drawn = starts[nsplits - 1];
    for (int p = 0; p < drawn; p++) {
      int j = p + random.nextInt(nwalkers - p);
      int t = bySet[p];
      bySet[p] = bySet[j];
      bySet[j] = t;
    }
  }

  /** Points the view at set {@code split} as the active set and the others as its complement. */
  void select(int split) {
    activeStart = starts[split];
    nactive = starts[split + 1] - activeStart;
    int n = 0;
    nsets = 0;
    for (int other = 0; other < nsplits; other++) {
      if (other == split) {
        continue;
      }
      setStarts[nsets++] = n;
      int size = starts[other + 1] - starts[other];
      System.arraycopy(bySet, starts[other], complement, n, size);
      n += size;
    }
    setStartsEnd = n;
  }

  private int setStartsEnd;

  /**
   * The current coordinates of all walkers, row-major (read-only).
   *
   * @return the live array
   */
  public double[] getCoords() {
    return coords;
  }

  /**
   * The number of dimensions.
   *
   * @return ndim
   */
  public int getDimension() {
    return ndim;
  }

  /**
   * How many walkers propose in this half-step.
   *
   * @return the size of the active set
   */
  public int getActiveCount() {
    return nactive;
  }

  /**
   * The walker that proposal row {@code k} is for.
   *
   * @param k a row, 0 to {@code getActiveCount() - 1}
   * @return the walker's index in the ensemble
   */
  public int getActive(int k) {
    return bySet[activeStart + k];
  }

  /**
   * The size of the complementary ensemble (all other sets together).
   *
   * @return the number of complementary walkers
   */
  public int getComplementCount() {
    return setStartsEnd;
  }

  /**
   * A walker of the complementary ensemble.
   *
   * @param k 0 to {@code getComplementCount() - 1}
   * @return the walker's index in the ensemble
   */
  public int getComplement(int k) {
    return complement[k];
  }

  /**
   * The number of sets the complementary ensemble is made of ({@code nsplits - 1}).
   *
   * @return the number of complementary sets
   */
  public int getSetCount() {
    return nsets;
  }

  /**
   * The size of complementary set {@code j}.
   *
   * @param j 0 to {@code getSetCount() - 1}
   * @return its number of walkers
   */
  public int getSetSize(int j) {
    return (j + 1 < nsets ? setStarts[j + 1] : setStartsEnd) - setStarts[j];
  }

  /**
   * Walker {@code k} of complementary set {@code j}.
   *
   * @param j the set
   * @param k 0 to {@code getSetSize(j) - 1}
   * @return the walker's index in the ensemble
   */
  public int getSetMember(int j, int k) {
    return complement[setStarts[j] + k];
  }
}
