package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.RunInterruptedException;
import io.emcee.api.Stability;
import io.emcee.core.diagnostics.Autocorrelation;
import io.emcee.core.internal.InitialState;
import io.emcee.core.model.Model;
import io.emcee.core.moves.Move;
import io.emcee.core.moves.MoveContext;
import io.emcee.core.moves.StretchMove;
import io.emcee.core.random.RandomStream;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.ChainMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * emcee's {@code EnsembleSampler}: advances an {@link Ensemble} with one or more weighted moves,
 * stores every step in a {@link ChainBackend}, and answers questions about the chain (samples,
 * acceptance, autocorrelation time).
 *
 * <p>The random stream lives here, so the same seed gives the same chain, bit for bit, on every
 * pool. When a run fails or is interrupted, the sampler rolls back to the last completed step: the
 * chain keeps every completed step and {@link #getLastSample()} continues from there. Not
 * thread-safe: use one sampler per thread.
 *
 * <pre>{@code Sampler sampler = Sampler.builder().seed(42).build(); sampler.run(ensemble, 1000);}
 * </pre>
 */
@Stability(Stability.Level.STABLE)
public final class Sampler {
  private static final System.Logger LOG = System.getLogger(Sampler.class.getName());

  private final List<Move> moves;
  private final double[] cumulativeWeights;
  private final long seed;
  private final RandomStream random;
  private final ChainBackend backend;
  private final int thinBy;
  private final boolean skipInitialStateCheck;
  private final List<String> parameterNames;
  private final String fingerprint;
  private final String movesDescription;

  private @Nullable MoveContext context;
  private @Nullable Ensemble template;
  private int runStartIteration;
  private double[] startCoords = new double[0];
  private double[] startLogProbability = new double[0];
  private double[] startBlobs = new double[0];
  private long[] startAccepted = new long[0];
  private long startProposals;
  private final long[] startRandom = new long[RandomStream.STATE_LENGTH];
  private final long[] randomState = new long[RandomStream.STATE_LENGTH];
  private long[] accepted = new long[0];
  private long proposals;
  private boolean hasState;
  private int generation;

  /** A sampler with emcee's default move, {@code StretchMove(a = 2)}, and a random seed. */
  public Sampler() {
    this(builder());
  }

  /**
   * A sampler that picks among {@code moves} with equal weights, with a random seed.
   *
   * @param moves one or more moves
   */
  public Sampler(Move... moves) {
    this(builder().moves(moves));
  }

  private Sampler(Builder b) {
    List<Move> ms = new ArrayList<>(b.moves);
    List<Double> ws = new ArrayList<>(b.weights);
    if (ms.isEmpty()) {
      ms.add(new StretchMove());
      ws.add(1.0);
    }
    this.moves = List.copyOf(ms);
    double total = 0;
    for (double w : ws) {
      total += w;
    }
    this.cumulativeWeights = new double[ws.size()];
    double running = 0;
    for (int i = 0; i < ws.size(); i++) {
      running += ws.get(i) / total;
      cumulativeWeights[i] = running;
    }
    this.seed = b.seed != null ? b.seed : RandomStream.randomSeed();
    this.random = new RandomStream(seed);
    this.backend = b.backend != null ? b.backend : ChainBackend.inMemory();
    this.thinBy = b.thinBy;
    this.skipInitialStateCheck = b.skipInitialStateCheck;
    this.parameterNames = List.copyOf(b.parameterNames);
    this.fingerprint = b.fingerprint;
    this.movesDescription = describeMoves(moves, ws, thinBy);
    if (backend.isInitialized() && backend.getIteration() > 0) {
      if (!b.allowResumeMismatch) {
        checkSameProblem(backend.getMetadata());
      }
      accepted = backend.getAccepted();
      proposals = backend.getProposals();
      long[] state = backend.getRandomState();
      if (state.length == RandomStream.STATE_LENGTH) {
        random.setState(state);
      }
    }
    LOG.log(System.Logger.Level.DEBUG, "sampler seed {0}, moves {1}", seed, moves);
  }

  private static String describeMoves(List<Move> moves, List<Double> weights, int thinBy) {
    StringBuilder sb = new StringBuilder("thinBy=").append(thinBy);
    for (int i = 0; i < moves.size(); i++) {
      sb.append("; ").append(moves.get(i)).append(" weight ").append(weights.get(i));
    }
    return sb.toString();
  }

  /** Refuses to continue a stored chain of another problem or made by other moves. */
  private void checkSameProblem(ChainMetadata stored) {
    if (!stored.fingerprint().equals(fingerprint)) {
      throw new EmceeException(
          "EMCEE-F010",
          "the stored chain was made for fingerprint '"
              + stored.fingerprint()
              + "' but this sampler's is '"
              + fingerprint
              + "'; resuming would mix two problems. Use the same fingerprint, start a new chain,"
              + " or pass allowResumeMismatch(true) if the change is harmless");
    }
    if (!stored.moves().equals(movesDescription)) {
      throw new EmceeException(
          "EMCEE-F011",
          "the stored chain was made by ["
              + stored.moves()
              + "] but this sampler has ["
              + movesDescription
              + "]; the resumed chain would not be the one an uninterrupted run gives. Build the"
              + " sampler with the same moves and thinBy, or pass allowResumeMismatch(true)");
    }
    if (!parameterNames.isEmpty()
        && !stored.parameterNames().isEmpty()
        && !stored.parameterNames().equals(parameterNames)) {
      throw new EmceeException(
          "EMCEE-F012",
          "the stored chain names its parameters "
              + stored.parameterNames()
              + " but this sampler "
              + parameterNames
              + "; use the same names or pass allowResumeMismatch(true)");
    }
  }

  /**
   * The ensemble at the last stored step of the backend's chain, evaluated by {@code model}: how a
   * chain stored in a file continues after a crash, ({@code sampler.run(sampler.resume(model),
   * remaining)}) to exactly the chain an uninterrupted run would have given.
   *
   * @param model what to evaluate from here on (the same problem as the stored chain)
   * @return the last stored ensemble, with its stored log-probabilities and blobs
   * @throws EmceeException (EMCEE-I012) when the backend holds no step; (EMCEE-I010) when the
   *     model's blobs do not match the stored chain's
   */
  public Ensemble resume(Model model) {
    int iteration = backend.isInitialized() ? backend.getIteration() : 0;
    if (iteration == 0) {
      throw new EmceeException(
          "EMCEE-I012",
          "the backend holds no step to resume from; start with run(ensemble, steps)");
    }
    ChainMetadata m = backend.getMetadata();
    if (m.blobCount() != model.getBlobCount()) {
      throw new EmceeException(
          "EMCEE-I010",
          "the stored chain has "
              + m.blobCount()
              + " blobs "
              + m.blobNames()
              + " but the model has "
              + model.getBlobCount()
              + " "
              + model.getBlobNames());
    }
    int n = m.nwalkers();
    double[] coords = new double[n * m.ndim()];
    double[] lp = new double[n];
    double[] blobs = new double[n * m.blobCount()];
    backend.readCoords(iteration - 1, coords, 0);
    backend.readLogProbability(iteration - 1, lp, 0);
    backend.readBlobs(iteration - 1, blobs, 0);
    return new Ensemble(model, coords, n, m.ndim(), lp, blobs);
  }

  /**
   * Like {@link #resume(Model)} for a plain log-probability.
   *
   * @param logProbability the model
   * @param pool where it is evaluated
   * @return the last stored ensemble
   */
  public Ensemble resume(LogProbability logProbability, Pool pool) {
    return resume(Model.of(logProbability, pool));
  }

  /**
   * A builder for samplers with a seed, weighted moves, a backend or thinning.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs {@code steps} stored steps from {@code initial} and returns the last ensemble. The chain
   * grows by {@code steps}; each stored step is {@code thinBy} moves.
   *
   * @param initial where the walkers start
   * @param steps number of steps to store, at least 1
   * @return the ensemble after the last step
   * @throws EmceeException with a stable code when the input is invalid or the model fails; the
   *     chain then holds every completed step
   */
  public Ensemble run(Ensemble initial, int steps) {
    MoveContext ctx = begin(initial, steps);
    for (int i = 0; i < steps; i++) {
      advance(ctx);
    }
    return getLastSample();
  }

  /**
   * Runs like {@link #run(Ensemble, int)}, calling {@code listener} after every stored step; stops
   * early when it returns false.
   *
   * @param initial where the walkers start
   * @param steps the most steps to store, at least 1
   * @param listener called after each step
   * @return the ensemble after the last step run
   */
  public Ensemble run(Ensemble initial, int steps, StepListener listener) {
    for (Step step : sample(initial, steps)) {
      if (!listener.onStep(step)) {
        break;
      }
    }
    return getLastSample();
  }

  /**
   * Continues from the last sample for {@code steps} more steps (emcee's {@code run_mcmc(None,
   * steps)}).
   *
   * @param steps number of steps to store, at least 1
   * @return the ensemble after the last step
   * @throws EmceeException (EMCEE-I012) when nothing has run yet
   */
  public Ensemble run(int steps) {
    return run(getLastSample(), steps);
  }

  /**
   * Iterates the run step by step: each element is performed when requested, stored, and yielded,
   * so a loop can monitor the chain and stop early. Validation and the initial evaluation happen at
   * this call.
   *
   * @param initial where the walkers start
   * @param steps number of steps to store, at least 1
   * @return a single-use iterable of the steps
   */
  public Iterable<Step> sample(Ensemble initial, int steps) {
    MoveContext ctx = begin(initial, steps);
    int runGeneration = generation;
    Iterator<Step> iterator =
        new Iterator<>() {
          private int done;

          @Override
          public boolean hasNext() {
            return done < steps;
          }

          @Override
          public Step next() {
            if (done >= steps) {
              throw new NoSuchElementException("the run of " + steps + " steps is complete");
            }
            if (runGeneration != generation) {
              throw new EmceeException(
                  "EMCEE-I013",
                  "another run was started on this sampler; a sampler runs one chain at a time");
            }
            advance(ctx);
            done++;
            return new Step(backend.getIteration(), getLastSample(), ctx.getAccepted().clone());
          }
        };
    boolean[] used = new boolean[1];
    return () -> {
      if (used[0]) {
        throw new EmceeException(
            "EMCEE-I013", "sample(...) can be iterated once; call sample again for another run");
      }
      used[0] = true;
      return iterator;
    };
  }

  private MoveContext begin(Ensemble initial, int steps) {
    if (steps <= 0) {
      throw new EmceeException(
          "EMCEE-I007", "steps = " + steps + " but a run needs at least 1 step");
    }
    int nwalkers = initial.getWalkerCount();
    int ndim = initial.getDimension();
    int blobCount = initial.getBlobCount();
    if (!parameterNames.isEmpty() && parameterNames.size() != ndim) {
      throw new EmceeException(
          "EMCEE-I014",
          parameterNames.size()
              + " parameter names "
              + parameterNames
              + " were given but the ensemble has "
              + ndim
              + " dimensions; name every dimension or none");
    }
    for (Move move : moves) {
      move.validate(nwalkers, ndim);
    }
    if (backend.isInitialized() && backend.getIteration() > 0) {
      if (backend.getWalkerCount() != nwalkers
          || backend.getDimension() != ndim
          || backend.getBlobCount() != blobCount) {
        throw new EmceeException(
            "EMCEE-I010",
            "the chain holds "
                + shape(backend.getWalkerCount(), backend.getDimension(), backend.getBlobCount())
                + " but this ensemble has "
                + shape(nwalkers, ndim, blobCount)
                + "; call reset() to start a new chain, or continue from getLastSample()");
      }
    } else {
      backend.reset(
          new ChainMetadata(
              nwalkers,
              ndim,
              parameterNames,
              initial.getBlobNames(),
              movesDescription,
              fingerprint));
      accepted = new long[nwalkers];
      proposals = 0;
    }
    if (!skipInitialStateCheck) {
      InitialState.checkIndependent(initial.coordsView(), nwalkers, ndim);
    }
    MoveContext ctx = context;
    Ensemble t = template;
    if (ctx == null
        || t == null
        || t.getModel() != initial.getModel()
        || ctx.getWalkerCount() != nwalkers
        || ctx.getDimension() != ndim
        || ctx.getBlobCount() != blobCount) {
      ctx = new MoveContext(initial.getModel(), parameterNames, nwalkers, ndim, random);
    }
    System.arraycopy(initial.coordsView(), 0, ctx.getCoords(), 0, nwalkers * ndim);
    double[] lp = initial.logProbabilityView();
    double[] blobs = initial.blobsView();
    if (lp != null && (blobCount == 0 || blobs != null)) {
      System.arraycopy(lp, 0, ctx.getLogProbability(), 0, nwalkers);
      if (blobCount > 0 && blobs != null) {
        System.arraycopy(blobs, 0, ctx.getBlobs(), 0, nwalkers * blobCount);
      }
    } else {
      ctx.evaluateCurrent();
    }
    context = ctx;
    template = initial;
    generation++;
    Arrays.fill(ctx.getAccepted(), false);
    markRunStart(ctx);
    backend.grow(steps);
    return ctx;
  }

  private static String shape(int nwalkers, int ndim, int blobCount) {
    return nwalkers
        + " walkers x "
        + ndim
        + " dims"
        + (blobCount > 0 ? " x " + blobCount + " blobs" : "");
  }

  private void advance(MoveContext ctx) {
    boolean[] flags = ctx.getAccepted();
    try {
      for (int k = 0; k < thinBy; k++) {
        if (Thread.currentThread().isInterrupted()) {
          throw new RunInterruptedException(
              "sampling was interrupted; the chain holds every completed step ("
                  + backend.getIteration()
                  + "); continue with sampler.run(sampler.getLastSample(), remainingSteps)");
        }
        Arrays.fill(flags, false);
        ctx.setStepIndex(proposals);
        pickMove().propose(ctx);
        for (int w = 0; w < flags.length; w++) {
          accepted[w] += flags[w] ? 1 : 0; // no branch: the flags are random
        }
        proposals++;
      }
      random.copyState(randomState);
      backend.saveStep(
          ctx.getCoords(),
          ctx.getLogProbability(),
          ctx.getBlobs(),
          accepted,
          proposals,
          randomState);
    } catch (RuntimeException | Error e) {
      rollback(ctx);
      throw e;
    }
  }

  private Move pickMove() {
    if (cumulativeWeights.length == 1) {
      return moves.get(0);
    }
    double u = random.nextDouble();
    for (int i = 0; i < cumulativeWeights.length - 1; i++) {
      if (u < cumulativeWeights[i]) {
        return moves.get(i);
      }
    }
    return moves.get(cumulativeWeights.length - 1);
  }

  /**
   * Remembers where this run starts, the point to roll back to until a step is stored. After that
   * the backend's last stored step (with its acceptance counts and random state) is the point to
   * roll back to, so completed steps cost no copy here.
   */
  private void markRunStart(MoveContext ctx) {
    runStartIteration = backend.getIteration();
    startCoords = ctx.getCoords().clone();
    startLogProbability = ctx.getLogProbability().clone();
    startBlobs = ctx.getBlobs().clone();
    startAccepted = accepted.clone();
    startProposals = proposals;
    random.copyState(startRandom);
    hasState = true;
  }

  /** Puts the state back to the last completed step after a failed or interrupted step. */
  private void rollback(MoveContext ctx) {
    int iteration = backend.getIteration();
    if (iteration > runStartIteration) {
      backend.readCoords(iteration - 1, ctx.getCoords(), 0);
      backend.readLogProbability(iteration - 1, ctx.getLogProbability(), 0);
      backend.readBlobs(iteration - 1, ctx.getBlobs(), 0);
      System.arraycopy(backend.getAccepted(), 0, accepted, 0, accepted.length);
      proposals = backend.getProposals();
      random.setState(backend.getRandomState());
    } else {
      System.arraycopy(startCoords, 0, ctx.getCoords(), 0, startCoords.length);
      System.arraycopy(
          startLogProbability, 0, ctx.getLogProbability(), 0, startLogProbability.length);
      System.arraycopy(startBlobs, 0, ctx.getBlobs(), 0, startBlobs.length);
      System.arraycopy(startAccepted, 0, accepted, 0, accepted.length);
      proposals = startProposals;
      random.setState(startRandom);
    }
  }

  /**
   * The ensemble after the last completed step (or the start of the current run): continue a run,
   * or resume after an interrupt or failure, from here.
   *
   * @return a fresh ensemble
   * @throws EmceeException (EMCEE-I012) when nothing has run yet
   */
  public Ensemble getLastSample() {
    Ensemble t = template;
    if (!hasState || t == null) {
      throw new EmceeException(
          "EMCEE-I012",
          "the sampler has not run yet: call run(ensemble, steps) first"
              + (backend.isInitialized() && backend.getIteration() > 0
                  ? ", or resume(model) to continue the stored chain"
                  : ""));
    }
    // Between steps the context holds the last completed step (a failed step was rolled back).
    MoveContext ctx = Objects.requireNonNull(context);
    return new Ensemble(
        t.getModel(),
        ctx.getCoords().clone(),
        t.getWalkerCount(),
        t.getDimension(),
        ctx.getLogProbability().clone(),
        ctx.getBlobs().clone());
  }

  /**
   * Forgets the chain and the acceptance counts (emcee's {@code reset()}); the seed stream goes on.
   */
  public void reset() {
    if (backend.isInitialized()) {
      backend.reset(backend.getMetadata());
    }
    Arrays.fill(accepted, 0);
    proposals = 0;
    runStartIteration = 0;
    if (startAccepted.length == accepted.length) {
      Arrays.fill(startAccepted, 0);
    }
    startProposals = 0;
  }

  /**
   * The number of stored steps.
   *
   * @return the chain's length
   */
  public int getIteration() {
    return backend.getIteration();
  }

  /**
   * The seed of the random stream: pass it to {@link Builder#seed} to reproduce this chain.
   *
   * @return the seed
   */
  public long getSeed() {
    return seed;
  }

  /**
   * Where the chain is stored.
   *
   * @return the backend
   */
  public ChainBackend getBackend() {
    return backend;
  }

  /**
   * The names of the dimensions, as given to {@link Builder#parameterNames}.
   *
   * @return one name per dimension, or an empty list when none were given
   */
  public List<String> getParameterNames() {
    return parameterNames;
  }

  /**
   * The moves, in the order given.
   *
   * @return an unmodifiable list
   */
  public List<Move> getMoves() {
    return moves;
  }

  /**
   * Stored steps as emcee's {@code get_chain(discard=discard, thin=thin)}: steps {@code discard +
   * thin - 1}, {@code discard + 2 thin - 1}, ...
   *
   * @param discard steps to drop from the start (burn-in), {@code 0 <= discard < iteration}
   * @param thin keep every {@code thin}-th step, at least 1
   * @return {@code [step][walker][dim]}
   */
  public double[][][] getCoords(int discard, int thin) {
    int count = selected(discard, thin);
    int nwalkers = backend.getWalkerCount();
    int ndim = backend.getDimension();
    double[] buffer = new double[nwalkers * ndim];
    double[][][] out = new double[count][nwalkers][ndim];
    for (int i = 0; i < count; i++) {
      backend.readCoords(discard + thin - 1 + i * thin, buffer, 0);
      for (int w = 0; w < nwalkers; w++) {
        System.arraycopy(buffer, w * ndim, out[i][w], 0, ndim);
      }
    }
    return out;
  }

  /**
   * Every stored step.
   *
   * @return {@code [step][walker][dim]}
   */
  public double[][][] getCoords() {
    return getCoords(0, 1);
  }

  /**
   * Stored steps flattened over walkers (emcee's {@code get_chain(flat=True, ...)}): sample {@code
   * i * nwalkers + w} is walker {@code w} in the {@code i}-th selected step.
   *
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [sample][dim]}
   */
  public double[][] getFlatCoords(int discard, int thin) {
    int count = selected(discard, thin);
    int nwalkers = backend.getWalkerCount();
    int ndim = backend.getDimension();
    double[] buffer = new double[nwalkers * ndim];
    double[][] out = new double[count * nwalkers][ndim];
    for (int i = 0; i < count; i++) {
      backend.readCoords(discard + thin - 1 + i * thin, buffer, 0);
      for (int w = 0; w < nwalkers; w++) {
        System.arraycopy(buffer, w * ndim, out[i * nwalkers + w], 0, ndim);
      }
    }
    return out;
  }

  /**
   * Every stored step, flattened over walkers.
   *
   * @return {@code [sample][dim]}
   */
  public double[][] getFlatCoords() {
    return getFlatCoords(0, 1);
  }

  /**
   * Log-probabilities of the selected steps (emcee's {@code get_log_prob}).
   *
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [step][walker]}
   */
  public double[][] getLogProbability(int discard, int thin) {
    int count = selected(discard, thin);
    double[][] out = new double[count][backend.getWalkerCount()];
    for (int i = 0; i < count; i++) {
      backend.readLogProbability(discard + thin - 1 + i * thin, out[i], 0);
    }
    return out;
  }

  /**
   * Log-probabilities of every stored step.
   *
   * @return {@code [step][walker]}
   */
  public double[][] getLogProbability() {
    return getLogProbability(0, 1);
  }

  /**
   * Log-probabilities of the selected steps, flattened over walkers.
   *
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [sample]}, in the order of {@link #getFlatCoords(int, int)}
   */
  public double[] getFlatLogProbability(int discard, int thin) {
    int count = selected(discard, thin);
    int nwalkers = backend.getWalkerCount();
    double[] out = new double[count * nwalkers];
    for (int i = 0; i < count; i++) {
      backend.readLogProbability(discard + thin - 1 + i * thin, out, i * nwalkers);
    }
    return out;
  }

  /**
   * Blobs of the selected steps (emcee's {@code get_blobs}), in the order of {@link
   * #getBlobNames()}.
   *
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [step][walker][blob]}
   */
  public double[][][] getBlobs(int discard, int thin) {
    int count = selected(discard, thin);
    int nwalkers = backend.getWalkerCount();
    int nblobs = backend.getBlobCount();
    double[] buffer = new double[nwalkers * nblobs];
    double[][][] out = new double[count][nwalkers][nblobs];
    for (int i = 0; i < count; i++) {
      backend.readBlobs(discard + thin - 1 + i * thin, buffer, 0);
      for (int w = 0; w < nwalkers; w++) {
        System.arraycopy(buffer, w * nblobs, out[i][w], 0, nblobs);
      }
    }
    return out;
  }

  /**
   * Blobs of the selected steps, flattened over walkers in the order of {@link #getFlatCoords(int,
   * int)}.
   *
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return {@code [sample][blob]}
   */
  public double[][] getFlatBlobs(int discard, int thin) {
    double[][][] blobs = getBlobs(discard, thin);
    int nwalkers = backend.getWalkerCount();
    double[][] out = new double[blobs.length * nwalkers][];
    for (int i = 0; i < blobs.length; i++) {
      for (int w = 0; w < nwalkers; w++) {
        out[i * nwalkers + w] = blobs[i][w];
      }
    }
    return out;
  }

  /**
   * The names of the blobs of the current chain.
   *
   * @return an unmodifiable list, empty without blobs or before the first run
   */
  public List<String> getBlobNames() {
    Ensemble t = template;
    return t == null ? List.of() : t.getBlobNames();
  }

  /**
   * A summary of the selected steps per parameter: mean, standard deviation, the 16th, 50th and
   * 84th percentiles and the integrated autocorrelation time; printed as a table by {@code
   * toString()}.
   *
   * @param discard steps to drop from the start
   * @param thin keep every {@code thin}-th step
   * @return the summary
   */
  public ChainSummary getSummary(int discard, int thin) {
    double[][] flat = getFlatCoords(discard, thin);
    double[] tau = getIntegratedAutocorrTime(discard, thin, true);
    int ndim = backend.getDimension();
    List<ChainSummary.Parameter> parameters = new ArrayList<>();
    double[] column = new double[flat.length];
    for (int d = 0; d < ndim; d++) {
      double sum = 0;
      for (int i = 0; i < flat.length; i++) {
        column[i] = flat[i][d];
        sum += column[i];
      }
      double mean = sum / flat.length;
      double ss = 0;
      for (double v : column) {
        ss += (v - mean) * (v - mean);
      }
      Arrays.sort(column);
      parameters.add(
          new ChainSummary.Parameter(
              parameterNames.isEmpty() ? "x" + d : parameterNames.get(d),
              mean,
              Math.sqrt(ss / flat.length),
              ChainSummary.quantile(column, 0.16),
              ChainSummary.quantile(column, 0.50),
              ChainSummary.quantile(column, 0.84),
              tau[d]));
    }
    double acceptance = Arrays.stream(getAcceptanceFraction()).average().orElse(Double.NaN);
    return new ChainSummary(
        List.copyOf(parameters), flat.length, backend.getWalkerCount(), acceptance);
  }

  /**
   * Per walker, the fraction of proposals accepted since the chain began (counting every move,
   * thinned or not).
   *
   * @return one fraction per walker
   * @throws EmceeException (EMCEE-I011) when the chain is empty
   */
  public double[] getAcceptanceFraction() {
    if (proposals == 0) {
      throw new EmceeException(
          "EMCEE-I011", "the chain is empty: run the sampler before asking for acceptance");
    }
    double[] out = new double[accepted.length];
    for (int w = 0; w < out.length; w++) {
      out[w] = accepted[w] / (double) proposals;
    }
    return out;
  }

  /**
   * The integrated autocorrelation time of each parameter, in steps, with emcee's estimator
   * (emcee's {@code get_autocorr_time(discard=..., thin=...)}: the thinned chain's estimate times
   * {@code thin}).
   *
   * @param discard steps to drop from the start
   * @param thin use every {@code thin}-th step
   * @return tau per parameter
   * @throws io.emcee.core.diagnostics.AutocorrException when the selected chain is shorter than 50
   *     tau; its {@code getTau()} still has the estimates
   */
  public double[] getIntegratedAutocorrTime(int discard, int thin) {
    return getIntegratedAutocorrTime(discard, thin, false);
  }

  /**
   * Like {@link #getIntegratedAutocorrTime(int, int)}; with {@code quiet} a chain shorter than 50
   * tau logs a warning instead of throwing.
   *
   * @param discard steps to drop from the start
   * @param thin use every {@code thin}-th step
   * @param quiet warn instead of throwing when the chain is short
   * @return tau per parameter
   */
  public double[] getIntegratedAutocorrTime(int discard, int thin, boolean quiet) {
    int count = selected(discard, thin);
    int first = discard + thin - 1;
    double[] tau =
        Autocorrelation.integratedTime(
            (w, d, dest) -> backend.readCoordSeries(w, d, first, thin, count, dest),
            count,
            backend.getWalkerCount(),
            backend.getDimension(),
            Autocorrelation.DEFAULT_C,
            Autocorrelation.DEFAULT_TOL,
            quiet);
    int ndim = backend.getDimension();
    for (int d = 0; d < ndim; d++) {
      tau[d] *= thin;
    }
    return tau;
  }

  private int selected(int discard, int thin) {
    int iteration = backend.getIteration();
    if (iteration == 0) {
      throw new EmceeException(
          "EMCEE-I011", "the chain is empty: run the sampler before reading the chain");
    }
    if (discard < 0 || discard >= iteration) {
      throw new EmceeException(
          "EMCEE-I008",
          "discard = "
              + discard
              + " but the chain holds "
              + iteration
              + " steps; discard must be between 0 and "
              + (iteration - 1));
    }
    if (thin < 1) {
      throw new EmceeException("EMCEE-I008", "thin = " + thin + " but must be at least 1");
    }
    int count = (iteration - discard) / thin;
    if (count == 0) {
      throw new EmceeException(
          "EMCEE-I008",
          "thin = "
              + thin
              + " selects no step from the "
              + (iteration - discard)
              + " left after discarding "
              + discard
              + "; use thin <= "
              + (iteration - discard));
    }
    return count;
  }

  @Override
  public String toString() {
    return "Sampler[seed=" + seed + ", moves=" + moves + ", " + backend + "]";
  }

  /**
   * Builds a {@link Sampler}: seed, weighted moves, chain backend, thinning.
   *
   * <pre>{@code Sampler s = Sampler.builder().seed(1).move(new StretchMove(), 1.0).build();}</pre>
   */
  @Stability(Stability.Level.STABLE)
  public static final class Builder {
    private final List<Move> moves = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private @Nullable Long seed;
    private @Nullable ChainBackend backend;
    private int thinBy = 1;
    private boolean skipInitialStateCheck;
    private List<String> parameterNames = List.of();
    private String fingerprint = "";
    private boolean allowResumeMismatch;

    private Builder() {}

    /**
     * A fingerprint of the problem (say, the model's version and data set) stored with the chain: a
     * sampler resuming a stored chain refuses one with another fingerprint.
     *
     * @param fingerprint any text that changes when the problem does
     * @return this builder
     */
    public Builder fingerprint(String fingerprint) {
      this.fingerprint = Objects.requireNonNull(fingerprint);
      return this;
    }

    /**
     * Resume a stored chain even when its fingerprint, move set or parameter names differ from this
     * sampler's.
     *
     * @param allow whether to allow it
     * @return this builder
     */
    public Builder allowResumeMismatch(boolean allow) {
      this.allowResumeMismatch = allow;
      return this;
    }

    /**
     * Names the dimensions (emcee's {@code parameter_names}), for errors, summaries and exports.
     *
     * @param names one distinct, non-blank name per dimension
     * @return this builder
     * @throws EmceeException (EMCEE-I014) for blank or repeated names
     */
    public Builder parameterNames(String... names) {
      Set<String> seen = new HashSet<>();
      for (String n : names) {
        if (n == null || n.isBlank() || !seen.add(n)) {
          throw new EmceeException(
              "EMCEE-I014",
              "parameter names must be distinct and non-blank, got " + Arrays.toString(names));
        }
      }
      this.parameterNames = List.of(names);
      return this;
    }

    /**
     * Fixes the random stream: the same seed gives the same chain on every pool.
     *
     * @param seed any long
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Adds a move chosen with probability proportional to {@code weight} at each step.
     *
     * @param move the move
     * @param weight a positive, finite weight
     * @return this builder
     * @throws EmceeException (EMCEE-M003) for a weight that is not positive and finite
     */
    public Builder move(Move move, double weight) {
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new EmceeException(
            "EMCEE-M003",
            "the weight of "
                + move
                + " is "
                + weight
                + " but must be positive and finite; leave a move out rather than weigh it 0");
      }
      moves.add(move);
      weights.add(weight);
      return this;
    }

    /**
     * Adds moves with equal weights.
     *
     * @param moves the moves
     * @return this builder
     */
    public Builder moves(Move... moves) {
      for (Move m : moves) {
        move(m, 1.0);
      }
      return this;
    }

    /**
     * Where to store the chain; in memory by default.
     *
     * @param backend the backend
     * @return this builder
     */
    public Builder backend(ChainBackend backend) {
      this.backend = backend;
      return this;
    }

    /**
     * Store only every {@code thinBy}-th step (emcee's {@code thin_by}): a run of {@code n} steps
     * then makes {@code n * thinBy} moves.
     *
     * @param thinBy at least 1
     * @return this builder
     * @throws EmceeException (EMCEE-I008) when {@code thinBy < 1}
     */
    public Builder thinBy(int thinBy) {
      if (thinBy < 1) {
        throw new EmceeException("EMCEE-I008", "thinBy = " + thinBy + " but must be at least 1");
      }
      this.thinBy = thinBy;
      return this;
    }

    /**
     * Skips the check that the initial walkers are linearly independent (emcee's {@code
     * skip_initial_state_check}).
     *
     * @param skip whether to skip it
     * @return this builder
     */
    public Builder skipInitialStateCheck(boolean skip) {
      this.skipInitialStateCheck = skip;
      return this;
    }

    /**
     * Builds the sampler.
     *
     * @return a new sampler
     */
    public Sampler build() {
      return new Sampler(this);
    }
  }
}
