package io.emcee.core;

import io.emcee.core.internal.MoveState;
import io.emcee.core.random.RandomStream;
import io.emcee.core.storage.ChainBackend;
import java.util.Arrays;

/**
 * The acceptance counts of a running chain and the point a failed or interrupted step rolls back
 * to: the start of the run until a step is stored, then the backend's last stored step (with its
 * counts and random state), so completed steps cost no copy here.
 */
final class Checkpoint {
  private final ChainBackend backend;
  private final RandomStream random;
  private final long[] startRandom = new long[RandomStream.STATE_LENGTH];
  private long[] accepted = new long[0];
  private long proposals;
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

  /** Counts one more move of every walker. */
  void countMove(boolean[] flags) {
    for (int w = 0; w < flags.length; w++) {
      accepted[w] += flags[w] ? 1 : 0; // no branch: the flags are random
    }
    proposals++;
  }

  /** Remembers where this run starts, the point to roll back to until a step is stored. */
  void markRunStart(MoveState state) {
    runStartIteration = backend.getIteration();
    startCoords = state.coords().clone();
    startLogProbability = state.logProbabilities().clone();
    startBlobs = state.blobs().clone();
    startAccepted = accepted.clone();
    startProposals = proposals;
    random.copyState(startRandom);
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
      random.setState(startRandom);
    }
  }

  /** Forgets the counts (emcee's {@code reset()}). */
  void reset() {
    Arrays.fill(accepted, 0);
    proposals = 0;
    runStartIteration = 0;
    if (startAccepted.length == accepted.length) {
      Arrays.fill(startAccepted, 0);
    }
    startProposals = 0;
  }
}
