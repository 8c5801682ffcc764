package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.core.internal.InitialState;
import io.emcee.core.model.Model;
import io.emcee.core.model.ParameterNames;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.ChainMetadata;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a run of a {@link Sampler} starts on its chain: the checks of the start state against the
 * sampler's settings and the stored chain, and what the run's {@link RunOptions} make of the chain
 * (continued, begun anew, or left alone by a run that stores nothing; a new segment with the run's
 * thinning and tuning; room for a counted run's steps).
 */
final class RunStart {
  private final MoveSchedule schedule;
  private final ChainBackend backend;
  private final Checkpoint checkpoint;
  private final ResumePolicy resumePolicy;
  private final List<String> parameterNames;
  private final @Nullable ParameterNames namedParameters;
  private final String fingerprint;

  RunStart(
      MoveSchedule schedule,
      ChainBackend backend,
      Checkpoint checkpoint,
      ResumePolicy resumePolicy,
      List<String> parameterNames,
      @Nullable ParameterNames namedParameters,
      String fingerprint) {
    this.schedule = schedule;
    this.backend = backend;
    this.checkpoint = checkpoint;
    this.resumePolicy = resumePolicy;
    this.parameterNames = parameterNames;
    this.namedParameters = namedParameters;
    this.fingerprint = fingerprint;
  }

  /** Refuses a step count below 1 (the endless runs have none). */
  static int checkSteps(int steps) {
    if (steps <= 0) {
      throw new EmceeException(
          "EMCEE-I007", "steps = " + steps + " but a run needs at least 1 step");
    }
    return steps;
  }

  /**
   * Checks {@code initial} and readies the chain for a run with {@code options}.
   *
   * @param initial where the walkers start
   * @param options the run's options
   * @param last the context of the sampler's previous run, if any
   */
  void prepare(Ensemble initial, RunOptions options, @Nullable LiveContext last) {
    int nwalkers = initial.getWalkerCount();
    int ndim = initial.getDimension();
    if (namedParameters != null) {
      checkNamed(namedParameters, initial.getModel(), ndim);
    }
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
    schedule.validate(nwalkers, ndim);
    boolean continuing = backend.isInitialized() && backend.getIteration() > 0;
    if (continuing) {
      ResumePolicy.checkShape(backend, nwalkers, ndim, initial.getBlobNames());
    } else if (!options.store()) {
      checkpoint.startChain(nwalkers); // a run that stores nothing leaves the backend alone
    } else {
      backend.reset(
          new ChainMetadata(
              nwalkers,
              ndim,
              parameterNames,
              initial.getBlobNames(),
              resumePolicy.movesDescription(),
              fingerprint));
      checkpoint.startChain(nwalkers);
    }
    if (options.store()) {
      backend.startSegment(
          options.thinBy(), options.tune(), continuing && standsAtLastStored(initial));
    }
    if (!options.skipInitialStateCheck() && !(continuing && continuesChain(initial, last))) {
      InitialState.checkIndependent(initial.coordsView(), nwalkers, ndim);
    }
  }

  /** The checks emcee makes of {@code parameter_names} against the ensemble and its model. */
  private static void checkNamed(ParameterNames names, Model model, int ndim) {
    if (model.isBatched()) {
      throw new EmceeException(
          "EMCEE-I080",
          "the sampler names its parameters "
              + names
              + " but the ensemble's model is batched: a batch model gets all points at once, not"
              + " one point by name (emcee refuses parameter_names with vectorize=True); use a"
              + " per-point model (names.logProbability(...)) or name the dimensions as labels"
              + " only (parameterNames(names.getLabels().toArray(new String[0])))");
    }
    if (names.getDimension() != ndim) {
      throw new EmceeException(
          "EMCEE-I081",
          "the parameter names "
              + names
              + " cover "
              + names.getDimension()
              + " dimensions but the ensemble has "
              + ndim
              + "; name every dimension of the walkers (emcee's parameter_names must match"
              + " ndim)");
    }
    java.util.Optional<ParameterNames> own = ParameterNames.of(model);
    if (own.isPresent() && !own.get().equals(names)) {
      throw new EmceeException(
          "EMCEE-I082",
          "the sampler names its parameters "
              + names
              + " but the model reads its points by "
              + own.get()
              + "; make the model with the sampler's names (names.logProbability(...)) or give"
              + " the sampler the model's");
    }
  }

  /** Makes room in the chain for a counted run's steps when the run stores them. */
  void reserve(int steps, RunOptions options) {
    if (options.store() && steps != SampledRun.ENDLESS) {
      backend.grow(steps);
    }
  }

  /**
   * Whether {@code initial} stands where the stored chain stands (the sampler's last sample or the
   * last stored step): a start state that was checked when the chain began, so a continued chain is
   * not checked again.
   */
  private boolean continuesChain(Ensemble initial, @Nullable LiveContext ctx) {
    double[] coords = initial.coordsView();
    if (ctx != null
        && ctx.coords().length == coords.length
        && Arrays.equals(ctx.coords(), coords)) {
      return true;
    }
    return standsAtLastStored(initial);
  }

  /** Whether {@code initial} stands where the last stored step does (a chain with steps). */
  private boolean standsAtLastStored(Ensemble initial) {
    double[] coords = initial.coordsView();
    double[] last = new double[coords.length];
    backend.readCoords(backend.getIteration() - 1, last, 0);
    return Arrays.equals(last, coords);
  }
}
