package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.RunInterruptedException;
import io.emcee.api.Stability;
import io.emcee.core.model.Model;
import io.emcee.core.model.ParameterNames;
import io.emcee.core.moves.Move;
import io.emcee.core.random.RandomStream;
import io.emcee.core.storage.ChainBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * emcee's {@code EnsembleSampler}: advances an {@link Ensemble} with one or more weighted moves,
 * stores every step in a {@link ChainBackend}, and answers questions about the chain (samples,
 * acceptance, autocorrelation time) through its {@link Chain} view.
 *
 * <p>The random stream lives here, so the same seed gives the same chain, bit for bit, on every
 * pool. When a run fails or is interrupted, the sampler rolls back to the last completed step: the
 * chain keeps every completed step and {@link #getLastSample()} continues from there. One run at a
 * time: a second {@code run} or {@code sample} while one is in progress, from any thread, is
 * refused (EMCEE-I013); use one sampler per chain.
 *
 * <pre>{@code Sampler sampler = Sampler.builder().seed(42).build(); sampler.run(ensemble, 1000);}
 * </pre>
 */
@Stability(Stability.Level.STABLE)
public final class Sampler {
  private static final System.Logger LOG = System.getLogger(Sampler.class.getName());

  private final MoveSchedule schedule;
  private final long seed;
  private final RandomStream random;
  private final ChainBackend backend;
  private final RunOptions runOptions;
  private final List<String> parameterNames;
  private final String fingerprint;
  private final ResumePolicy resumePolicy;
  private final Checkpoint checkpoint;
  private final RunStart start;
  private final Chain chain;
  private final RunGuard guard = new RunGuard();
  private final long[] randomState = new long[RandomStream.STATE_LENGTH];

  private @Nullable LiveContext context;
  private @Nullable Ensemble template;
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
   * @throws EmceeException (EMCEE-M021) when a move is null
   */
  public Sampler(Move... moves) {
    this(builder().moves(moves));
  }

  private Sampler(Builder b) {
    this.schedule = new MoveSchedule(b.moves, b.weights);
    this.seed = b.seed != null ? b.seed : RandomStream.randomSeed();
    this.random = new RandomStream(seed);
    this.backend = b.backend != null ? b.backend : ChainBackend.inMemory();
    this.runOptions = b.runOptions;
    this.parameterNames = List.copyOf(b.parameterNames);
    this.fingerprint = b.fingerprint;
    this.resumePolicy =
        new ResumePolicy(schedule.moves(), schedule.weights(), fingerprint, parameterNames);
    this.checkpoint = new Checkpoint(backend, random);
    this.start =
        new RunStart(
            schedule,
            backend,
            checkpoint,
            resumePolicy,
            parameterNames,
            b.namedParameters,
            fingerprint);
    this.chain = Chain.of(backend, parameterNames);
    if (backend.isInitialized() && backend.getIteration() > 0) {
      if (!b.allowResumeMismatch) {
        resumePolicy.check(backend.getMetadata());
      }
      checkpoint.loadStored();
    }
    LOG.log(System.Logger.Level.DEBUG, "sampler seed {0}, moves {1}", seed, schedule.moves());
  }

  /**
   * The ensemble at the last stored step of the backend's chain, evaluated by {@code model}: how a
   * chain stored in a file continues after a crash, ({@code sampler.run(sampler.resume(model),
   * remaining)}) to exactly the chain an uninterrupted run would have given. The model is tried
   * once on a stored position.
   *
   * @param model what to evaluate from here on (the same problem as the stored chain)
   * @return the last stored ensemble, with its stored log-probabilities and blobs
   * @throws EmceeException (EMCEE-I012) when the backend holds no step; (EMCEE-I010) when the
   *     model's blobs do not match the stored chain's; (EMCEE-I034) when the model fails on the
   *     stored chain's positions, as a model of another dimension does
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public Ensemble resume(Model model) {
    return ResumePolicy.lastStored(backend, model);
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
   *     chain then holds every completed step; (EMCEE-I013) while another run is in progress
   */
  public Ensemble run(Ensemble initial, int steps) {
    return run(initial, steps, runOptions);
  }

  /**
   * Runs {@code steps} steps from {@code initial} with this run's own options (emcee's {@code
   * run_mcmc(p0, n, thin_by=..., store=..., ...)}) and returns the last ensemble. With {@code
   * store(false)} the chain is left as it was: a burn-in that needs no {@link #reset()}.
   *
   * @param initial where the walkers start
   * @param steps number of steps, at least 1; each is {@code options.thinBy()} moves
   * @param options how this run advances and stores the chain
   * @return the ensemble after the last step
   * @throws EmceeException as {@link #run(Ensemble, int)}
   */
  public Ensemble run(Ensemble initial, int steps, RunOptions options) {
    guard.enter();
    try {
      LiveContext ctx = begin(initial, RunStart.checkSteps(steps), options);
      for (int i = 0; i < steps; i++) {
        advance(ctx, options);
      }
      return getLastSample();
    } finally {
      guard.exit();
    }
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
    return run(initial, steps, runOptions, listener);
  }

  /**
   * Runs like {@link #run(Ensemble, int, RunOptions)}, calling {@code listener} after every step;
   * stops early when it returns false.
   *
   * @param initial where the walkers start
   * @param steps the most steps to run, at least 1
   * @param options how this run advances and stores the chain
   * @param listener called after each step
   * @return the ensemble after the last step run
   */
  public Ensemble run(Ensemble initial, int steps, RunOptions options, StepListener listener) {
    for (Step step : sample(initial, steps, options)) {
      if (!listener.onStep(step)) {
        break;
      }
    }
    return getLastSample();
  }

  /**
   * Runs until {@code stopping}'s rule is met, or for {@code maxSteps} steps, and says which: the
   * rule is checked every {@link Stopping#getCheckEvery()} steps without holding the sampler up
   * (see {@link Stopping}). With one ensemble R-hat is the split-R-hat of the walker-averaged
   * series ({@link ConvergenceCheck} says why the walkers are not used as chains); {@link
   * MultiSampler} runs several independent ensembles for an R-hat across them.
   *
   * @param initial where the walkers start
   * @param maxSteps the most steps to store, at least 1
   * @param stopping the rule and how it is checked
   * @return why and where the run ended
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public StopReport runUntil(Ensemble initial, int maxSteps, Stopping stopping) {
    return runUntil(initial, maxSteps, stopping, step -> true);
  }

  /**
   * Like {@link #runUntil(Ensemble, int, Stopping)}, calling {@code listener} after every step (a
   * progress bar); the run also stops when it returns false.
   *
   * @param initial where the walkers start
   * @param maxSteps the most steps to store, at least 1
   * @param stopping the rule and how it is checked
   * @param listener called after each step
   * @return why and where the run ended
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public StopReport runUntil(
      Ensemble initial, int maxSteps, Stopping stopping, StepListener listener) {
    return StoppingRun.drive(chain, stopping, sample(initial, maxSteps), listener);
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
    return sample(initial, steps, runOptions);
  }

  /**
   * Iterates a run of {@code steps} steps with this run's own options, as {@link #sample(Ensemble,
   * int)} does.
   *
   * @param initial where the walkers start
   * @param steps number of steps, at least 1
   * @param options how this run advances and stores the chain
   * @return a single-use iterable of the steps
   */
  public Iterable<Step> sample(Ensemble initial, int steps, RunOptions options) {
    return iterate(initial, RunStart.checkSteps(steps), options);
  }

  /**
   * Iterates a run without a step count (emcee's {@code sample(p0, iterations=None)}): each step is
   * made when the loop asks for it, and the run ends when the loop stops asking. Stored steps are
   * in the chain as each is yielded, so a loop that breaks (or a failing step) leaves every yielded
   * step stored and {@link #getLastSample()} at the last of them; a {@link
   * io.emcee.core.storage.FileBackend} writes them crash-safely as in any run. Unlike emcee, the
   * steps may be stored (the chain grows while the loop goes on); pass {@code
   * getRunOptions().withStore(false)} to only advance the ensemble.
   *
   * <pre>{@code for (Step s : sampler.sample(start)) { if (converged(s)) break; }}</pre>
   *
   * @param initial where the walkers start
   * @return a single-use iterable of steps that never runs out
   */
  public Iterable<Step> sample(Ensemble initial) {
    return sample(initial, runOptions);
  }

  /**
   * Iterates a run without a step count, with this run's own options (see {@link
   * #sample(Ensemble)}).
   *
   * @param initial where the walkers start
   * @param options how this run advances and stores the chain
   * @return a single-use iterable of steps that never runs out
   */
  public Iterable<Step> sample(Ensemble initial, RunOptions options) {
    return iterate(initial, SampledRun.ENDLESS, options);
  }

  /** Iterates {@code steps} steps, or without end for {@link SampledRun#ENDLESS}. */
  private Iterable<Step> iterate(Ensemble initial, int steps, RunOptions options) {
    LiveContext ctx;
    int runGeneration;
    guard.enter();
    try {
      ctx = begin(initial, steps, options);
      runGeneration = generation;
    } finally {
      guard.exit();
    }
    return new SampledRun(
        guard,
        steps,
        runGeneration,
        () -> generation,
        () -> {
          advance(ctx, options);
          return new Step(backend.getIteration(), getLastSample(), ctx.acceptedFlags().clone());
        });
  }

  /** Starts a run: the chain readied by {@link RunStart}, the walkers' state in the context. */
  private LiveContext begin(Ensemble initial, int steps, RunOptions options) {
    int nwalkers = initial.getWalkerCount();
    int ndim = initial.getDimension();
    int blobCount = initial.getBlobCount();
    LiveContext ctx = context;
    start.prepare(initial, options, ctx);
    Ensemble t = template;
    if (ctx == null
        || t == null
        || t.getModel() != initial.getModel()
        || ctx.getWalkerCount() != nwalkers
        || ctx.getDimension() != ndim
        || ctx.getBlobCount() != blobCount) {
      ctx = new LiveContext(initial.getModel(), parameterNames, nwalkers, ndim, random);
    }
    System.arraycopy(initial.coordsView(), 0, ctx.coords(), 0, nwalkers * ndim);
    double[] lp = initial.logProbabilityView();
    double[] blobs = initial.blobsView();
    if (lp != null && (blobCount == 0 || blobs != null)) {
      System.arraycopy(lp, 0, ctx.logProbabilities(), 0, nwalkers);
      if (blobCount > 0 && blobs != null) {
        System.arraycopy(blobs, 0, ctx.blobs(), 0, nwalkers * blobCount);
      }
    } else {
      ctx.evaluateCurrent();
    }
    context = ctx;
    template = initial;
    generation++;
    Arrays.fill(ctx.acceptedFlags(), false);
    ctx.setTuning(options.tune());
    checkpoint.markRunStart(ctx);
    hasState = true;
    start.reserve(steps, options);
    return ctx;
  }

  private void advance(LiveContext ctx, RunOptions options) {
    boolean[] flags = ctx.acceptedFlags();
    boolean store = options.store();
    try {
      for (int k = 0; k < options.thinBy(); k++) {
        if (Thread.currentThread().isInterrupted()) {
          throw new RunInterruptedException(
              "sampling was interrupted; the chain holds every completed step ("
                  + backend.getIteration()
                  + "); continue with sampler.run(sampler.getLastSample(), remainingSteps)");
        }
        Arrays.fill(flags, false);
        ctx.setStepIndex(checkpoint.stepIndex());
        ctx.step(schedule.pick(random));
        checkpoint.countMove(flags, store);
      }
      if (!store) {
        checkpoint.markCompletedStep(ctx);
        return;
      }
      random.copyState(randomState);
      backend.saveStep(
          ctx.coords(),
          ctx.logProbabilities(),
          ctx.blobs(),
          checkpoint.accepted(),
          checkpoint.proposals(),
          randomState);
    } catch (RuntimeException | Error e) {
      checkpoint.rollback(ctx);
      throw e;
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
    LiveContext ctx = Objects.requireNonNull(context);
    return new Ensemble(
        t.getModel(),
        ctx.coords().clone(),
        t.getWalkerCount(),
        t.getDimension(),
        ctx.logProbabilities().clone(),
        ctx.blobs().clone());
  }

  /**
   * Forgets the chain and the acceptance counts (emcee's {@code reset()}); the seed stream goes on.
   *
   * @throws EmceeException (EMCEE-I013) while a run is in progress
   */
  public void reset() {
    guard.enter();
    try {
      if (backend.isInitialized()) {
        backend.reset(backend.getMetadata());
      }
      checkpoint.reset();
    } finally {
      guard.exit();
    }
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
   * The options of runs given none, as the builder set them: start from these to change one setting
   * for one run ({@code run(e, n, getRunOptions().withThinBy(10))}).
   *
   * @return the options
   */
  public RunOptions getRunOptions() {
    return runOptions;
  }

  /**
   * The random stream's state now (emcee's {@code random_state}): after a run, the state its last
   * step left; a chain file stores it with every block ({@link ChainBackend#getRandomState()}).
   *
   * @return a fresh array of {@link RandomStream#STATE_LENGTH} longs
   */
  public long[] getRandomState() {
    return random.getState();
  }

  /**
   * Puts the random stream in a state one run saved (emcee's {@code random_state} setter, or {@code
   * rstate0}): with the ensemble of that moment, the next run makes the chain that run made from
   * there, bit for bit.
   *
   * <pre>{@code sampler.setRandomState(FileBackend.openReadOnly(path).getRandomState());}</pre>
   *
   * @param state a state from {@link #getRandomState()} or a backend's {@code getRandomState()}
   * @throws EmceeException (EMCEE-I020) when it is not such a state; (EMCEE-I013) during a run
   */
  public void setRandomState(long[] state) {
    guard.enter();
    try {
      random.setState(state);
    } finally {
      guard.exit();
    }
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
  @Stability(Stability.Level.EXPERIMENTAL)
  public ChainBackend getBackend() {
    return backend;
  }

  /**
   * The read-only view of this sampler's chain, which every chain reader of the sampler uses.
   *
   * @return the view
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public Chain getChain() {
    return chain;
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
    return schedule.moves();
  }

  /**
   * Stored steps as emcee's {@code get_chain(discard=discard, thin=thin)}; see {@link
   * Chain#getCoords(int, int)}.
   *
   * @param discard steps to drop from the start (burn-in)
   * @param thin keep every {@code thin}-th step
   * @return {@code [step][walker][dim]}
   */
  public double[][][] getCoords(int discard, int thin) {
    return chain.getCoords(discard, thin);
  }

  /**
   * Every stored step.
   *
   * @return {@code [step][walker][dim]}
   */
  public double[][][] getCoords() {
    return chain.getCoords();
  }

  /**
   * Stored steps flattened over walkers (emcee's {@code get_chain(flat=True, ...)}); see {@link
   * Chain#getFlatCoords(int, int)}.
   *
   * @param discard steps to drop from the start (burn-in)
   * @param thin keep every {@code thin}-th step
   * @return {@code [sample][dim]}
   */
  public double[][] getFlatCoords(int discard, int thin) {
    return chain.getFlatCoords(discard, thin);
  }

  /**
   * Every stored step, flattened over walkers.
   *
   * @return {@code [sample][dim]}
   */
  public double[][] getFlatCoords() {
    return chain.getFlatCoords();
  }

  /**
   * Log-probabilities of the selected steps (emcee's {@code get_log_prob}).
   *
   * @param discard steps to drop from the start (burn-in)
   * @param thin keep every {@code thin}-th step
   * @return {@code [step][walker]}
   */
  public double[][] getLogProbability(int discard, int thin) {
    return chain.getLogProbability(discard, thin);
  }

  /**
   * Log-probabilities of every stored step.
   *
   * @return {@code [step][walker]}
   */
  public double[][] getLogProbability() {
    return chain.getLogProbability();
  }

  /**
   * Log-probabilities of the selected steps, flattened over walkers.
   *
   * @param discard steps to drop from the start (burn-in)
   * @param thin keep every {@code thin}-th step
   * @return {@code [sample]}, in the order of {@link #getFlatCoords(int, int)}
   */
  public double[] getFlatLogProbability(int discard, int thin) {
    return chain.getFlatLogProbability(discard, thin);
  }

  /**
   * Blobs of the selected steps (emcee's {@code get_blobs}), in the order of {@link
   * #getBlobNames()}.
   *
   * @param discard steps to drop from the start (burn-in)
   * @param thin keep every {@code thin}-th step
   * @return {@code [step][walker][blob]}
   */
  public double[][][] getBlobs(int discard, int thin) {
    return chain.getBlobs(discard, thin);
  }

  /**
   * Blobs of the selected steps, flattened over walkers in the order of {@link #getFlatCoords(int,
   * int)}.
   *
   * @param discard steps to drop from the start (burn-in)
   * @param thin keep every {@code thin}-th step
   * @return {@code [sample][blob]}
   */
  public double[][] getFlatBlobs(int discard, int thin) {
    return chain.getFlatBlobs(discard, thin);
  }

  /**
   * One blob of the selected steps by name, flattened over walkers (see {@link
   * Chain#getFlatBlob(String, int, int)}).
   *
   * @param name one of {@link #getBlobNames()}
   * @param discard steps to drop from the start (burn-in)
   * @param thin keep every {@code thin}-th step
   * @return one value per selected step and walker, step after step
   */
  public double[] getFlatBlob(String name, int discard, int thin) {
    return chain.getFlatBlob(name, discard, thin);
  }

  /**
   * A summary of the selected steps per parameter (see {@link Chain#getSummary(int, int)}).
   *
   * @param discard steps to drop from the start (burn-in)
   * @param thin keep every {@code thin}-th step
   * @return the summary
   */
  public ChainSummary getSummary(int discard, int thin) {
    return chain.getSummary(discard, thin);
  }

  /**
   * Per walker, the fraction of proposals accepted since the chain began (counting every move,
   * thinned or not).
   *
   * @return one fraction per walker
   */
  public double[] getAcceptanceFraction() {
    return chain.getAcceptanceFraction();
  }

  /**
   * The integrated autocorrelation time of each parameter, in steps, with emcee's estimator (see
   * {@link Chain#getIntegratedAutocorrTime(int, int)}).
   *
   * @param discard steps to drop from the start (burn-in)
   * @param thin keep every {@code thin}-th step
   * @return tau per parameter
   */
  public double[] getIntegratedAutocorrTime(int discard, int thin) {
    return chain.getIntegratedAutocorrTime(discard, thin);
  }

  /**
   * Like {@link #getIntegratedAutocorrTime(int, int)}; with {@code quiet} a chain shorter than 50
   * tau logs a warning instead of throwing.
   *
   * @param discard steps to drop from the start (burn-in)
   * @param thin keep every {@code thin}-th step
   * @param quiet warn instead of throwing when the chain is short
   * @return tau per parameter
   */
  public double[] getIntegratedAutocorrTime(int discard, int thin, boolean quiet) {
    return chain.getIntegratedAutocorrTime(discard, thin, quiet);
  }

  /**
   * Like {@link #getIntegratedAutocorrTime(int, int, boolean)} with emcee's window constant {@code
   * c} and length factor {@code tol} (see {@link Chain#getIntegratedAutocorrTime(int, int, double,
   * double, boolean)}).
   *
   * @param discard steps to drop from the start (burn-in)
   * @param thin keep every {@code thin}-th step
   * @param c the window constant (emcee: 5)
   * @param tol how many tau the chain must be long (emcee: 50)
   * @param quiet warn instead of throwing when the chain is short
   * @return tau per parameter
   */
  public double[] getIntegratedAutocorrTime(
      int discard, int thin, double c, double tol, boolean quiet) {
    return chain.getIntegratedAutocorrTime(discard, thin, c, tol, quiet);
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

  @Override
  public String toString() {
    return "Sampler[seed=" + seed + ", moves=" + schedule.moves() + ", " + backend + "]";
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
    private RunOptions runOptions = RunOptions.DEFAULT;
    private List<String> parameterNames = List.of();
    private @Nullable ParameterNames namedParameters;
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
      this.namedParameters = null;
      return this;
    }

    /**
     * Names the dimensions as emcee's {@code parameter_names} does, in its list or dict form: the
     * labels ({@link ParameterNames#getLabels()}, {@code mu[0]} for a vector's first) name the
     * dimensions in errors, summaries and exports, and each run checks that its ensemble matches:
     * as many dimensions as the names cover, a model that takes each point alone (not batched, as
     * emcee refuses {@code parameter_names} with {@code vectorize=True}), and, for a model made by
     * {@link ParameterNames#logProbability}, these same names.
     *
     * <pre>{@code
     * ParameterNames names = ParameterNames.builder().vector("mu", 0, 1).scalar("sigma", 2).build();
     * Sampler s = Sampler.builder().parameterNames(names).build();
     * s.run(new Ensemble(names.logProbability(p -> lp(p.vector("mu"), p.get("sigma"))), start), 1000);
     * }</pre>
     *
     * @param names the names
     * @return this builder
     * @throws EmceeException (EMCEE-I014) when two labels are the same (a name and a vector's
     *     element written alike)
     */
    public Builder parameterNames(ParameterNames names) {
      parameterNames(Objects.requireNonNull(names, "names").getLabels().toArray(new String[0]));
      this.namedParameters = names;
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
     * @throws EmceeException (EMCEE-M003) for a weight that is not positive and finite;
     *     (EMCEE-M021) for a null move
     */
    public Builder move(Move move, double weight) {
      moves.add(MoveSchedule.checkMove(move, weight, moves.size()));
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
      if (moves == null) {
        throw new EmceeException(
            "EMCEE-M021", "the moves are null; pass move objects, or none for the default");
      }
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
    @Stability(Stability.Level.EXPERIMENTAL)
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
      this.runOptions = runOptions.withThinBy(thinBy);
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
      this.runOptions = runOptions.withSkipInitialStateCheck(skip);
      return this;
    }

    /**
     * Whether runs given no options store their steps (emcee's {@code store}); true by default.
     *
     * @param store whether to store
     * @return this builder
     */
    public Builder store(boolean store) {
      this.runOptions = runOptions.withStore(store);
      return this;
    }

    /**
     * Whether runs given no options let moves tune themselves (emcee's {@code tune}); false by
     * default.
     *
     * @param tune whether moves may tune
     * @return this builder
     */
    public Builder tune(boolean tune) {
      this.runOptions = runOptions.withTune(tune);
      return this;
    }

    /**
     * The options of runs given none, all at once (replacing {@link #thinBy}, {@link
     * #skipInitialStateCheck}, {@link #store} and {@link #tune} set before).
     *
     * @param options the options
     * @return this builder
     */
    public Builder runOptions(RunOptions options) {
      this.runOptions = Objects.requireNonNull(options);
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
