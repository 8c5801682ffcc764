package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.Stability;
import io.emcee.core.diagnostics.Convergence;
import io.emcee.core.diagnostics.ConvergenceSummary;
import io.emcee.core.model.Model;
import io.emcee.core.random.RandomStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Several independent ensembles sampled together: "chains" in the R-hat sense. Ensemble {@code k}
 * has a {@link Sampler} of its own, with the seed {@link #seedOf(long, int) seedOf(seed, k)} and
 * its own backend, so its chain is exactly the chain a single {@code Sampler} with that seed gives.
 * The ensembles share the pool: their proposals of each half-step go to it in one map, so a grid or
 * MPI pool gets {@code K} times the work per message and stays busy.
 *
 * <p>Each ensemble's moves run on a thread of its own while the calling thread makes the maps; a
 * move that keeps state in its fields must therefore be a fresh instance per ensemble (the built-in
 * moves keep none and can be shared): create moves inside the {@link Builder#samplers} function. A
 * batch model ({@link Model#batched}) has no pool, and the built-in serial pool gains nothing from
 * sharing a map: their ensembles step one after another on the calling thread. After a failure or
 * an interrupt the ensembles may differ by a step; the next {@code run} first brings the shorter
 * ones level.
 *
 * <pre>{@code
 * MultiSampler multi = MultiSampler.builder().ensembles(4).seed(42).build();
 * StopReport r = multi.runUntil(Model.of(logProb, pool), starts, 100_000,
 *     Stopping.when(StoppingRule.rhatBelow(1.01).and(StoppingRule.essAbove(400))));
 * }</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class MultiSampler {
  private final long seed;
  private final List<Sampler> samplers;
  private final List<Chain> chains;
  private @Nullable Model model;

  private MultiSampler(Builder b) {
    this.seed = b.seed != null ? b.seed : RandomStream.randomSeed();
    List<Sampler> list = new ArrayList<>(b.ensembles);
    Map<Object, Integer> backends = new IdentityHashMap<>();
    for (int k = 0; k < b.ensembles; k++) {
      Sampler.Builder builder = b.samplers.apply(k);
      if (builder == null) {
        throw new EmceeException(
            "EMCEE-I041",
            "the samplers function returned null for ensemble "
                + k
                + "; return a Sampler.builder() for every ensemble index");
      }
      Sampler s = builder.seed(seedOf(seed, k)).build();
      Integer other = backends.put(s.getBackend(), k);
      if (other != null) {
        throw new EmceeException(
            "EMCEE-I041",
            "ensembles "
                + other
                + " and "
                + k
                + " were given the same backend; give each ensemble its own (a FileBackend per"
                + " ensemble, or none for memory)");
      }
      list.add(s);
    }
    this.samplers = List.copyOf(list);
    List<Chain> views = new ArrayList<>(list.size());
    for (Sampler s : list) {
      views.add(s.getChain());
    }
    this.chains = List.copyOf(views);
  }

  /**
   * A builder: the number of ensembles, the seed, and how each ensemble's sampler is configured.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The seed of ensemble {@code ensemble}'s random stream, derived from the run's seed: ensemble 0
   * uses {@code seed} itself, the others a mix of {@code seed} and their index (MurmurHash3's
   * finalizer), so that their streams are unrelated. {@code Sampler.builder().seed(seedOf(seed,
   * k))} reproduces ensemble {@code k} alone.
   *
   * @param seed the run's seed
   * @param ensemble the ensemble's index, from 0
   * @return its seed
   */
  public static long seedOf(long seed, int ensemble) {
    if (ensemble == 0) {
      return seed;
    }
    long z = seed + ensemble * 0xd1b54a32d192ed03L;
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /**
   * Runs {@code steps} steps of every ensemble from its start.
   *
   * @param model what is evaluated, and on which pool (shared by all ensembles)
   * @param starts one {@code [walker][dim]} start per ensemble
   * @param steps steps to store in each ensemble, at least 1
   * @return the last ensemble of each, in order
   * @throws EmceeException (EMCEE-I041) when the starts are not one per ensemble; any error of
   *     {@link Sampler#run}, a log-probability's naming its ensemble
   */
  public List<Ensemble> run(Model model, List<double[][]> starts, int steps) {
    LockstepRun.drive(samplers, chains, begin(model, starts), steps, null, step -> true);
    return lastSamples();
  }

  /**
   * Like {@link #run(Model, List, int)}, calling {@code listener} after every step of every
   * ensemble (in ensemble order, once all have taken the step); the run stops early when it returns
   * false.
   *
   * @param model what is evaluated, and on which pool (shared by all ensembles)
   * @param starts one {@code [walker][dim]} start per ensemble
   * @param steps the most steps to store in each ensemble, at least 1
   * @param listener called after each step of each ensemble (a progress bar)
   * @return the last ensemble of each, in order
   */
  public List<Ensemble> run(
      Model model, List<double[][]> starts, int steps, StepListener listener) {
    LockstepRun.drive(
        samplers, chains, begin(model, starts), steps, null, Objects.requireNonNull(listener));
    return lastSamples();
  }

  /**
   * Like {@link #run(Model, List, int)} for a plain log-probability.
   *
   * @param logProbability the model
   * @param pool where it is evaluated
   * @param starts one {@code [walker][dim]} start per ensemble
   * @param steps steps to store in each ensemble, at least 1
   * @return the last ensemble of each, in order
   */
  public List<Ensemble> run(
      LogProbability logProbability, Pool pool, List<double[][]> starts, int steps) {
    return run(Model.of(logProbability, pool), starts, steps);
  }

  /**
   * Continues every ensemble from its last sample for {@code steps} more steps.
   *
   * @param steps steps to store, at least 1
   * @return the last ensemble of each, in order
   * @throws EmceeException (EMCEE-I012) when nothing has run yet
   */
  public List<Ensemble> run(int steps) {
    LockstepRun.drive(samplers, chains, continuing(), steps, null, step -> true);
    return lastSamples();
  }

  /**
   * Runs every ensemble until {@code stopping}'s rule is met across them, or for {@code maxSteps}
   * steps, and says which.
   *
   * @param model what is evaluated, and on which pool (shared by all ensembles)
   * @param starts one {@code [walker][dim]} start per ensemble
   * @param maxSteps the most steps to store in each ensemble, at least 1
   * @param stopping the rule and how it is checked
   * @return why and where the run ended
   */
  public StopReport runUntil(
      Model model, List<double[][]> starts, int maxSteps, Stopping stopping) {
    return runUntil(model, starts, maxSteps, stopping, step -> true);
  }

  /**
   * Like {@link #runUntil(Model, List, int, Stopping)}, calling {@code listener} after every step
   * of every ensemble (in ensemble order, once all have taken the step); the run also stops when it
   * returns false.
   *
   * @param model what is evaluated, and on which pool (shared by all ensembles)
   * @param starts one {@code [walker][dim]} start per ensemble
   * @param maxSteps the most steps to store in each ensemble, at least 1
   * @param stopping the rule and how it is checked
   * @param listener called after each step of each ensemble
   * @return why and where the run ended
   */
  public StopReport runUntil(
      Model model,
      List<double[][]> starts,
      int maxSteps,
      Stopping stopping,
      StepListener listener) {
    return LockstepRun.drive(
        samplers,
        chains,
        begin(model, starts),
        maxSteps,
        Objects.requireNonNull(stopping),
        listener);
  }

  /**
   * Continues every ensemble until {@code stopping}'s rule is met, or for {@code maxSteps} more
   * steps.
   *
   * @param maxSteps the most steps to store, at least 1
   * @param stopping the rule and how it is checked
   * @return why and where the run ended
   */
  public StopReport runUntil(int maxSteps, Stopping stopping) {
    return LockstepRun.drive(
        samplers, chains, continuing(), maxSteps, Objects.requireNonNull(stopping), step -> true);
  }

  /**
   * R-hat, bulk- and tail-ESS and MCSE of every parameter across the ensembles (see {@link
   * Convergence#summarize(List, List)}).
   *
   * @param discard steps to drop from the start of each chain (burn-in)
   * @param thin keep every {@code thin}-th step
   * @return one summary per parameter
   */
  public List<ConvergenceSummary> getConvergence(int discard, int thin) {
    List<double[][][]> coords = new ArrayList<>(chains.size());
    for (Chain c : chains) {
      coords.add(c.getCoords(discard, thin));
    }
    int ndim = chains.get(0).getDimension();
    List<String> names = chains.get(0).getParameterNames();
    if (names.size() != ndim) {
      List<String> generated = new ArrayList<>(ndim);
      for (int d = 0; d < ndim; d++) {
        generated.add("x" + d);
      }
      names = generated;
    }
    return Convergence.summarize(coords, names);
  }

  /**
   * The number of ensembles.
   *
   * @return {@code K}
   */
  public int getEnsembleCount() {
    return samplers.size();
  }

  /**
   * The run's seed, from which each ensemble's is derived ({@link #seedOf}).
   *
   * @return the seed
   */
  public long getSeed() {
    return seed;
  }

  /**
   * Ensemble {@code k}'s sampler: its chain, acceptance, tau and last sample.
   *
   * @param k the ensemble, from 0
   * @return its sampler
   */
  public Sampler getSampler(int k) {
    return samplers.get(k);
  }

  /**
   * Every ensemble's sampler, in order.
   *
   * @return an unmodifiable list
   */
  public List<Sampler> getSamplers() {
    return samplers;
  }

  /**
   * Every ensemble's chain, in order: read-only views.
   *
   * @return an unmodifiable list
   */
  public List<Chain> getChains() {
    return chains;
  }

  /**
   * The number of steps every ensemble has stored (the fewest, should a failure have left one a
   * step behind).
   *
   * @return the chains' common length
   */
  public int getIteration() {
    return LockstepRun.commonIteration(samplers);
  }

  @Override
  public String toString() {
    return "MultiSampler[" + samplers.size() + " ensembles, seed=" + seed + "]";
  }

  // ------------------------------------------------------------------------------------ the run

  /** The starts of a new run, each an ensemble of {@code model}. */
  private List<Ensemble> begin(Model model, List<double[][]> starts) {
    Objects.requireNonNull(model, "model");
    if (starts == null || starts.size() != samplers.size()) {
      throw new EmceeException(
          "EMCEE-I041",
          (starts == null ? "no starts" : starts.size() + " starts")
              + " were given for "
              + samplers.size()
              + " ensembles; give one [walker][dim] start per ensemble");
    }
    this.model = model;
    List<Ensemble> out = new ArrayList<>(starts.size());
    for (double[][] start : starts) {
      out.add(new Ensemble(model, start));
    }
    return out;
  }

  private List<Ensemble> continuing() {
    if (model == null) {
      throw new EmceeException(
          "EMCEE-I012", "the ensembles have not run yet: call run(model, starts, steps) first");
    }
    return lastSamples();
  }

  private List<Ensemble> lastSamples() {
    Model m = Objects.requireNonNull(model);
    List<Ensemble> out = new ArrayList<>(samplers.size());
    for (Sampler s : samplers) {
      Ensemble last = s.getLastSample();
      out.add(
          new Ensemble(
              m,
              last.coordsView(),
              last.getWalkerCount(),
              last.getDimension(),
              last.logProbabilityView(),
              last.blobsView()));
    }
    return out;
  }

  /**
   * Builds a {@link MultiSampler}.
   *
   * <pre>{@code MultiSampler.builder().ensembles(4).seed(7)
   *     .samplers(k -> Sampler.builder().parameterNames("m", "b")).build();}</pre>
   */
  @Stability(Stability.Level.EXPERIMENTAL)
  public static final class Builder {
    private int ensembles = 4;
    private @Nullable Long seed;
    private IntFunction<Sampler.Builder> samplers = k -> Sampler.builder();

    private Builder() {}

    /**
     * How many independent ensembles; 4 unless set.
     *
     * @param count at least 1
     * @return this builder
     * @throws EmceeException (EMCEE-I041) for fewer than 1
     */
    public Builder ensembles(int count) {
      if (count < 1) {
        throw new EmceeException(
            "EMCEE-I041", "ensembles(" + count + "): give at least 1 (2 or more for R-hat)");
      }
      this.ensembles = count;
      return this;
    }

    /**
     * The run's seed; each ensemble's is derived from it ({@link MultiSampler#seedOf}).
     *
     * @param seed any long
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * How ensemble {@code k}'s sampler is configured: moves, parameter names, thinning, a backend
     * of its own ({@code k -> Sampler.builder().backend(FileBackend.open(Path.of("run-" + k +
     * ".chain")))}). The seed is set afterwards from the run's seed. Called once per ensemble.
     *
     * @param configure gives a fresh builder per ensemble
     * @return this builder
     */
    public Builder samplers(IntFunction<Sampler.Builder> configure) {
      this.samplers = Objects.requireNonNull(configure);
      return this;
    }

    /**
     * Builds the samplers.
     *
     * @return a new multi-sampler
     */
    public MultiSampler build() {
      return new MultiSampler(this);
    }
  }
}
