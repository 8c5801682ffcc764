package io.emcee.core.moves;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.internal.Metropolis;
import io.emcee.core.internal.MoveState;
import io.emcee.core.random.RandomStream;

/**
 * The red-blue mechanics of Foreman-Mackey et al. (2013) shared by the ensemble moves: the walkers
 * are split into {@code nsplits} sets (shuffled every step by default); each set in turn proposes
 * against the others (the complementary ensemble), is evaluated in one call, and each walker
 * accepts with probability {@code min(1, factor * p(q) / p(x))}.
 *
 * <p>Any number of walkers splits as emcee splits it, by the labels {@code walker % nsplits}: set
 * {@code j} holds {@code nwalkers / nsplits} walkers, one more for the first {@code nwalkers %
 * nsplits} sets (25 walkers in two sets: 13 and 12), and the shuffle keeps those sizes.
 *
 * <p>Subclasses write the proposals and their log Hastings factors; everything else happens here.
 *
 * <pre>{@code class MyMove extends RedBlueMove { protected void propose(Split s, ...) { ... } } }
 * </pre>
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
    int smallestSet = nwalkers / nsplits;
    int needed = minimumSetSize();
    if (smallestSet < needed) {
      throw new EmceeException(
          "EMCEE-I004",
          name()
              + " needs at least "
              + needed
              + " walkers in each of its "
              + nsplits
              + " sets, but "
              + nwalkers
              + " walkers leave "
              + smallestSet
              + " in the smallest; use at least "
              + needed * nsplits
              + " walkers");
    }
  }

  /**
   * The fewest walkers each of the {@code nsplits} sets must hold for this move to work; 1 by
   * default.
   *
   * @return the minimum set size
   */
  protected int minimumSetSize() {
    return 1;
  }

  /**
   * Prepares this move for a step, before the ensemble is split, as emcee's {@code
   * RedBlueMove.setup(coords)}: called at the start of every step of this move with the walkers'
   * current state (read their coordinates with {@link MoveContext#copyCoords} or {@link
   * MoveContext#getCoordinate}). Nothing by default. For a move that derives something from the
   * whole ensemble once per step (a global scale, a covariance) and reads it in {@link
   * #propose(Split, RandomStream, double[], double[])}; keep it in a field, so give each sampler
   * its own instance. emcee's {@code DEMove} uses it to fix its {@code gamma0} from the dimension;
   * ours computes that in the proposal, and no built-in move needs it.
   *
   * @param context the walkers' state before this step; do not keep it
   */
  protected void setup(MoveContext context) {}

  @Override
  public final void propose(MoveContext ctx) {
    setup(ctx);
    MoveState state = MoveState.of(ctx);
    int nwalkers = state.getWalkerCount();
    int nsplits = options.nsplits();
    RandomStream random = state.getRandom();
    int[] labels = state.scratch(0);
    double[] logProbability = state.logProbabilities();
    double[] proposals = state.proposals();
    double[] factors = state.factors();
    Split split =
        state.attachment() instanceof Split s && s.capacity() == nsplits
            ? s
            : new Split(state.coords(), state.getDimension(), nwalkers, nsplits);
    state.attach(split);

    if (options.randomizeSplit()) {
      split.randomize(random);
    } else {
      for (int i = 0; i < nwalkers; i++) {
        labels[i] = i % nsplits;
      }
      split.assign(labels, nwalkers);
    }
    int[] active = state.scratch(1);
    int[] accepted = state.scratch(2);
    boolean writesRows = writesRows();
    for (int s = 0; s < nsplits; s++) {
      split.select(s);
      int nactive = split.getActiveCount();
      for (int k = 0; k < nactive; k++) {
        active[k] = split.getActive(k);
      }
      double[][] rows = writesRows ? state.directRows() : null;
      split.useRows(rows);
      boolean ratios = propose(split, random, proposals, factors);
      int power = ratios ? ratioPower(state.getDimension()) : 1;
      if (rows != null) {
        state.evaluateRows(active, nactive);
      } else {
        state.evaluate(active, nactive);
      }
      // Decide every walker first, then move the accepted ones: a branch on each (random)
      // decision would be mispredicted about half the time.
      int naccepted = 0;
      for (int k = 0; k < nactive; k++) {
        double delta = state.getProposalLogProbability(k) - logProbability[active[k]];
        boolean accept =
            ratios
                ? Metropolis.acceptRatio(factors[k], power, delta, random)
                : Metropolis.accept(factors[k] + delta, random);
        accepted[naccepted] = k;
        naccepted += accept ? 1 : 0;
      }
      for (int i = 0; i < naccepted; i++) {
        int k = accepted[i];
        state.accept(active[k], k);
      }
    }
  }

  /**
   * The power that the ratios {@link #propose(Split, RandomStream, double[], double[])} writes
   * (when it returns true) are raised to: 1 by default, so they are the Hastings factors
   * themselves. A move may write a base instead and name its power here, which spares computing the
   * power (the stretch move writes {@code z} and says {@code ndim - 1}).
   *
   * @param ndim number of dimensions
   * @return the power, at least 0
   */
  protected int ratioPower(int ndim) {
    return 1;
  }

  /**
   * Whether this move writes its proposals into {@link Split#proposalRows()} when the split offers
   * them (the serial path, where each row goes to the log-probability as it is): false by default,
   * the flat array.
   *
   * @return whether proposals go to the split's rows when it has them
   */
  protected boolean writesRows() {
    return false;
  }

  /**
   * Writes one proposal per active walker and its Hastings factor.
   *
   * @param split the active set and the complementary ensemble, with the walkers' coordinates
   * @param random the random stream
   * @param proposals receives row {@code k} for active walker {@code split.getActive(k)}
   * @param factors receives each proposal's Hastings factor: its logarithm when this method returns
   *     false, the ratio itself when it returns true
   * @return whether {@code factors} holds ratios rather than their logarithms
   */
  protected abstract boolean propose(
      Split split, RandomStream random, double[] proposals, double[] factors);
}
