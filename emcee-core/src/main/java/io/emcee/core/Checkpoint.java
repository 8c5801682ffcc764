package io.emcee.core;

import io.emcee.core.internal.MoveState;
import io.emcee.core.random.RandomStream;
import io.emcee.core.storage.ChainBackend;
import java.util.Arrays;

/**
 * The acceptance counts of a running chain and the point a failed or interrupted step rolls back
 * to: the start of the run until a step is stored, then the backend's last stored step (with its
 * counts and random state), so completed steps cost no copy here. A run that stores nothing leaves
 * the counts as they were and rolls back to its last completed step, copied here after each.
 */
final class Checkpoint {
  private final ChainBackend backend;
  private final RandomStream random;
  private final long[] startRandom = new long[RandomStream.STATE_LENGTH];
  private long[] accepted = new long[0];
  private long proposals;
  private long unstoredMoves;
  private long startUnstoredMoves;
  private int runStartIteration;
  private double[] startCoords = new double[0];
  private double[] startLogProbability = new double[0];
  private double[] startBlobs = new double[0];
  private long[] startAccepted = new long[0];
  private long startProposals;

  Checkpoint(ChainBackend backend, RandomStream random) {
    this.backend = backend;
    this.random = random;
  }

  /** Takes the counts (and random state, when kept) of the chain stored in the backend. */
  void loadStored() {
    accepted = backend.getAccepted();
    proposals = backend.getProposals();
    long[] state = backend.getRandomState();
    if (state.length == RandomStream.STATE_LENGTH) {
      random.setState(state);
    }
  }

  /** Starts counting for a new chain of {@code nwalkers}. */
  void startChain(int nwalkers) {
    accepted = new long[nwalkers];
    proposals = 0;
  }

  /** Per walker, the accepted proposals since the chain began: live, updated by the run loop. */
  long[] accepted() {
    return accepted;
  }

  /** The proposals each walker has had since the chain began. */
  long proposals() {
    return proposals;
  }

  /**
   * The index of the next move, which moves may use to cycle (a sequential Gaussian move's
   * dimension): the stored proposals, plus the moves of a run that stores nothing, so that a chain
   * resumed from its file makes the moves an uninterrupted run makes.
   */
  long stepIndex() {
    return proposals + unstoredMoves;
  }

  /** Counts one more move of every walker; a move of a run that stores nothing changes no count. */
  void countMove(boolean[] flags, boolean stored) {
    if (!stored) {
      unstoredMoves++;
      return;
    }
    for (int w = 0; w < flags.length; w++) {
      accepted[w] += flags[w] ? 1 : 0; // no branch: the flags are random
    }
    proposals++;
  }

  /** Remembers where this run starts, the point to roll back to until a step is stored. */
  void markRunStart(MoveState state) {
    runStartIteration = backend.getIteration();
    unstoredMoves = 0;
    startAccepted = accepted.clone();
    startProposals = proposals;
    markCompletedStep(state);
  }

  /**
   * Remembers the state after a completed step of a run that stores nothing (or at a run's start):
   * the point to roll back to. Copies into the arrays of the last call when the shape is the same.
   */
  void markCompletedStep(MoveState state) {
    startCoords = copy(state.coords(), startCoords);
    startLogProbability = copy(state.logProbabilities(), startLogProbability);
    startBlobs = copy(state.blobs(), startBlobs);
    startUnstoredMoves = unstoredMoves;
    random.copyState(startRandom);
  }

  private static double[] copy(double[] from, double[] to) {
    if (to.length != from.length) {
      return from.clone();
    }
    System.arraycopy(from, 0, to, 0, from.length);
    return to;
  }

  /** Puts the state back to the last completed step after a failed or interrupted step. */
  void rollback(MoveState state) {
    int iteration = backend.getIteration();
    if (iteration > runStartIteration) {
      backend.readCoords(iteration - 1, state.coords(), 0);
      backend.readLogProbability(iteration - 1, state.logProbabilities(), 0);
      backend.readBlobs(iteration - 1, state.blobs(), 0);
      System.arraycopy(backend.getAccepted(), 0, accepted, 0, accepted.length);
      proposals = backend.getProposals();
      random.setState(backend.getRandomState());
    } else {
      System.arraycopy(startCoords, 0, state.coords(), 0, startCoords.length);
      System.arraycopy(
          startLogProbability, 0, state.logProbabilities(), 0, startLogProbability.length);
      System.arraycopy(startBlobs, 0, state.blobs(), 0, startBlobs.length);
      System.arraycopy(startAccepted, 0, accepted, 0, accepted.length);
      proposals = startProposals;
      unstoredMoves = startUnstoredMoves;
      random.setState(startRandom);
    }
  }

  /** Forgets the counts (emcee's {@code reset()}). */
  void reset() {
    Arrays.fill(accepted, 0);
    proposals = 0;
    unstoredMoves = 0;
    runStartIteration = 0;
    if (startAccepted.length == accepted.length) {
      Arrays.fill(startAccepted, 0);
    }
    startProposals = 0;
  }
}
