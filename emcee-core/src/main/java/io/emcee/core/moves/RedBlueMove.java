package io.emcee.core.moves;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.random.RandomStream;

/**
 * The red-blue mechanics of Foreman-Mackey et al. (2013) shared by the ensemble moves: the walkers
 * are split into sub-ensembles of equal size (shuffled every step by default); each sub-ensemble in
 * turn proposes against the others (the complementary ensemble), is evaluated in one pool call, and
 * each walker accepts with probability {@code min(1, factor * p(q) / p(x))}.
 *
 * <p>Subclasses write the proposals; everything else happens here.
 *
 * <pre>{@code class MyMove extends RedBlueMove { protected void propose(...) { ... } } }</pre>
 */
@Stability(Stability.Level.STABLE)
public abstract class RedBlueMove implements Move {
  private final RedBlueOptions options;

  /**
   * Creates the move with the given split options.
   *
   * @param options how to split the ensemble
   */
  protected RedBlueMove(RedBlueOptions options) {
    this.options = options;
  }

  /**
   * The split options of this move.
   *
   * @return the options
   */
  public RedBlueOptions getOptions() {
    return options;
  }

  /**
   * The name used in error messages; the simple class name by default.
   *
   * @return the move's name
   */
  protected String name() {
    return getClass().getSimpleName();
  }

  @Override
  public void validate(int nwalkers, int ndim) {
    int nsplits = options.nsplits();
    if (nwalkers % nsplits != 0) {
      int lower = nwalkers - nwalkers % nsplits;
      throw new EmceeException(
          "EMCEE-I005",
          name()
              + " splits the walkers into "
              + nsplits
              + " equal sets, but nwalkers = "
              + nwalkers
              + " is not a multiple of "
              + nsplits
              + "; use "
              + (lower >= nsplits ? lower + " or " : "")
              + (lower + nsplits)
              + " walkers");
    }
    if (nwalkers < 2 * ndim && !options.liveDangerously()) {
      throw new EmceeException(
          "EMCEE-I004",
          name()
              + " needs at least 2 * ndim = "
              + 2 * ndim
              + " walkers for "
              + ndim
              + " dimensions, but the ensemble has "
              + nwalkers
              + "; with fewer, the walkers cannot leave a lower-dimensional subspace. Use at least "
              + 2 * ndim
              + " walkers (or RedBlueOptions.withLiveDangerously(true) if you mix in a move"
              + " that can)");
    }
    int perSet = nwalkers / nsplits;
    int needed = minimumComplement();
    if ((nsplits - 1) * perSet < needed) {
      throw new EmceeException(
          "EMCEE-I004",
          name()
              + " needs at least "
              + needed
              + " walkers in the complementary ensemble, but "
              + nwalkers
              + " walkers in "
              + nsplits
              + " sets leave "
              + (nsplits - 1) * perSet
              + "; use more walkers");
    }
  }

  /**
   * The fewest walkers the complementary ensemble must hold for {@link #propose(double[], int,
   * int[], int, int[], int, RandomStream, double[], double[])} to work; 1 by default.
   *
   * @return the minimum size of the complement
   */
  protected int minimumComplement() {
    return 1;
  }

  @Override
  public final void propose(MoveContext ctx) {
    int nwalkers = ctx.getWalkerCount();
    int ndim = ctx.getDimension();
    int nsplits = options.nsplits();
    RandomStream random = ctx.getRandom();
    int[] labels = ctx.getScratchIndices(0);
    int[] active = ctx.getScratchIndices(1);
    int[] complement = ctx.getScratchIndices(2);
    double[] coords = ctx.getCoords();
    double[] logProbability = ctx.getLogProbability();
    double[] proposals = ctx.getProposals();
    double[] factors = ctx.getFactors();

    for (int i = 0; i < nwalkers; i++) {
      labels[i] = i % nsplits;
    }
    if (options.randomizeSplit()) {
      for (int i = nwalkers - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = labels[i];
        labels[i] = labels[j];
        labels[j] = t;
      }
    }
    for (int split = 0; split < nsplits; split++) {
      int nactive = 0;
      int ncomplement = 0;
      for (int i = 0; i < nwalkers; i++) {
        if (labels[i] == split) {
          active[nactive++] = i;
        }
      }
      for (int other = 0; other < nsplits; other++) {
        if (other == split) {
          continue;
        }
        for (int i = 0; i < nwalkers; i++) {
          if (labels[i] == other) {
            complement[ncomplement++] = i;
          }
        }
      }
      propose(coords, ndim, active, nactive, complement, ncomplement, random, proposals, factors);
      ctx.evaluate(active, nactive);
      for (int k = 0; k < nactive; k++) {
        int walker = active[k];
        double diff = factors[k] + ctx.getProposalLogProbability(k) - logProbability[walker];
        double u = random.nextDouble();
        if (diff >= 0 || diff > Math.log(u)) {
          ctx.accept(walker, k);
        }
      }
    }
  }

  /**
   * Writes one proposal per active walker.
   *
   * @param coords the current coordinates of all walkers, row-major (read-only)
   * @param ndim number of dimensions
   * @param active the walkers to propose for; row {@code k} is for walker {@code active[k]}
   * @param nactive how many entries of {@code active} are used
   * @param complement the walkers of the complementary ensemble
   * @param ncomplement how many entries of {@code complement} are used
   * @param random the random stream
   * @param proposals receives row {@code k} for each active walker
   * @param factors receives the log Hastings factor of each proposal
   */
  protected abstract void propose(
      double[] coords,
      int ndim,
      int[] active,
      int nactive,
      int[] complement,
      int ncomplement,
      RandomStream random,
      double[] proposals,
      double[] factors);
}
