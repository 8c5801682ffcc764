package io.emcee.core.moves;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.internal.Metropolis;
import io.emcee.core.internal.MoveState;
import io.emcee.core.random.RandomStream;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A general Metropolis-Hastings move (emcee's {@code MHMove}): a user function proposes a new
 * position for every walker at once, with the log of each proposal's Hastings ratio {@code log q(x
 * | x') - log q(x' | x)}; every walker then accepts or rejects on its own.
 *
 * <pre>
 * {@code new MHMove((x, n, ndim, rng, q, f) -> { for (int i = 0; i < n * ndim; i++) q[i] = x[i] + 0.1 * rng.nextGaussian(); })}
 * </pre>
 */
@Stability(Stability.Level.STABLE)
public class MHMove implements Move {

  /** Proposes a new position for every walker. */
  @FunctionalInterface
  public interface ProposalFunction {
    /**
     * Writes one proposal per walker.
     *
     * @param coords the current coordinates, row-major (read-only)
     * @param nwalkers the number of walkers
     * @param ndim the number of dimensions
     * @param random the random stream every draw must come from
     * @param proposals receives the proposals, row-major
     * @param logFactors receives {@code log q(x | x') - log q(x' | x)} per walker (0 for a
     *     symmetric proposal)
     */
    void propose(
        double[] coords,
        int nwalkers,
        int ndim,
        RandomStream random,
        double[] proposals,
        double[] logFactors);
  }

  private final @Nullable ProposalFunction proposal;
  private final int requiredDimension;

  /**
   * An MH move for any dimension.
   *
   * @param proposal the proposal function
   */
  public MHMove(ProposalFunction proposal) {
    this(proposal, 0);
  }

  /**
   * An MH move valid only in {@code ndim} dimensions.
   *
   * @param proposal the proposal function
   * @param ndim the dimension it is written for, or 0 for any
   */
  public MHMove(ProposalFunction proposal, int ndim) {
    this.proposal = Objects.requireNonNull(proposal);
    this.requiredDimension = ndim;
  }

  /**
   * For subclasses that write proposals by overriding {@link #fillProposals}.
   *
   * @param ndim the dimension the move is written for, or 0 for any
   */
  protected MHMove(int ndim) {
    this.proposal = null;
    this.requiredDimension = ndim;
  }

  /**
   * Writes one proposal per walker and its log Hastings factor; by default calls the proposal
   * function.
   *
   * @param ctx the ensemble's state and random stream
   * @param proposals receives the proposals, row-major
   * @param logFactors receives the log Hastings factors (zero on entry)
   */
  protected void fillProposals(MoveContext ctx, double[] proposals, double[] logFactors) {
    Objects.requireNonNull(proposal, "a subclass without a proposal function overrides this")
        .propose(
            MoveState.of(ctx).coords(),
            ctx.getWalkerCount(),
            ctx.getDimension(),
            ctx.getRandom(),
            proposals,
            logFactors);
  }

  /**
   * The name used in error messages.
   *
   * @return the simple class name
   */
  protected String name() {
    return getClass().getSimpleName();
  }

  @Override
  public void validate(int nwalkers, int ndim) {
    if (requiredDimension != 0 && requiredDimension != ndim) {
      throw new EmceeException(
          "EMCEE-M009",
          name()
              + " is written for "
              + requiredDimension
              + " dimensions but the ensemble has "
              + ndim);
    }
  }

  @Override
  public final void propose(MoveContext ctx) {
    MoveState state = MoveState.of(ctx);
    int nwalkers = state.getWalkerCount();
    int ndim = state.getDimension();
    double[] proposals = state.proposals();
    double[] factors = state.factors();
    Arrays.fill(factors, 0);
    fillProposals(ctx, proposals, factors);
    for (int i = 0; i < nwalkers * ndim; i++) {
      if (!Double.isFinite(proposals[i])) {
        throw new EmceeException(
            "EMCEE-M009",
            name()
                + " proposed "
                + proposals[i]
                + " for walker "
                + i / ndim
                + " in dimension "
                + i % ndim
                + "; proposals must be finite");
      }
    }
    int[] walkers = state.allWalkers();
    state.evaluate(walkers, nwalkers);
    double[] logProbability = state.logProbabilities();
    RandomStream random = state.getRandom();
    for (int w = 0; w < nwalkers; w++) {
      double diff = factors[w] + state.getProposalLogProbability(w) - logProbability[w];
      if (Metropolis.accept(diff, random)) {
        state.accept(w, w);
      }
    }
  }

  /**
   * The move's name and, for a move built from a proposal function, the function's class (the class
   * that defined it, for a lambda) and the dimension it is written for: the same in every JVM,
   * unlike a lambda's {@code toString()}.
   */
  @Override
  public String describe() {
    return name()
        + "("
        + (proposal == null ? "" : "proposal " + MoveNames.stableName(proposal.getClass()))
        + (requiredDimension != 0
            ? (proposal == null ? "" : ", ") + "ndim=" + requiredDimension
            : "")
        + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
