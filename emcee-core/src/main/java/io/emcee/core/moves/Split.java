package io.emcee.core.moves;

import io.emcee.api.Stability;

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
  private final int[] active;
  private final int[] complement;
  private final int[] setStarts;
  private int nactive;
  private int nsets;

  Split(double[] coords, int ndim, int nwalkers, int nsplits) {
    this.coords = coords;
    this.ndim = ndim;
    this.active = new int[nwalkers];
    this.complement = new int[nwalkers];
    this.setStarts = new int[nsplits];
  }

  /** The number of sets this view was made for. */
  int capacity() {
    return setStarts.length;
  }

  /** Fills the view for {@code split} from the walkers' labels. */
  void fill(int[] labels, int nwalkers, int nsplits, int split) {
    nactive = 0;
    for (int i = 0; i < nwalkers; i++) {
      if (labels[i] == split) {
        active[nactive++] = i;
      }
    }
    int n = 0;
    nsets = 0;
    for (int other = 0; other < nsplits; other++) {
      if (other == split) {
        continue;
      }
      setStarts[nsets++] = n;
      for (int i = 0; i < nwalkers; i++) {
        if (labels[i] == other) {
          complement[n++] = i;
        }
      }
    }
    setStarts[nsets] = n;
  }

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
    return active[k];
  }

  /**
   * The size of the complementary ensemble (all other sets together).
   *
   * @return the number of complementary walkers
   */
  public int getComplementCount() {
    return setStarts[nsets];
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
    return setStarts[j + 1] - setStarts[j];
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
