package io.emcee.core;

import io.emcee.api.EmceeException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The steps of a {@link Sampler#sample} run as a single-use iterable, counted or without end
 * ({@link #ENDLESS}, emcee's {@code iterations=None}): each step is made when the loop asks for it,
 * under the sampler's {@link RunGuard}, and refused once another run began on the sampler.
 */
final class SampledRun implements Iterable<Step> {
  /** The step count of a run without one: it goes on while its iterator is asked for steps. */
  static final int ENDLESS = -1;

  private final RunGuard guard;
  private final int steps;
  private final int runGeneration;
  private final IntSupplier generation;
  private final Supplier<Step> step;
  private final Iterator<Step> iterator;
  private boolean used;

  /**
   * A run the sampler has begun.
   *
   * @param guard the sampler's guard, claimed around each step
   * @param steps the steps to make, or {@link #ENDLESS}
   * @param runGeneration the sampler's run count when this run began
   * @param generation the sampler's run count now (read under the guard)
   * @param step makes, stores and describes one step (called under the guard)
   */
  SampledRun(
      RunGuard guard, int steps, int runGeneration, IntSupplier generation, Supplier<Step> step) {
    this.guard = guard;
    this.steps = steps;
    this.runGeneration = runGeneration;
    this.generation = generation;
    this.step = step;
    this.iterator = new Steps();
  }

  @Override
  public Iterator<Step> iterator() {
    if (used) {
      throw new EmceeException(
          "EMCEE-I013", "sample(...) can be iterated once; call sample again for another run");
    }
    used = true;
    return iterator;
  }

  private final class Steps implements Iterator<Step> {
    private int done;

    @Override
    public boolean hasNext() {
      return steps == ENDLESS || done < steps;
    }

    @Override
    public Step next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the run of " + steps + " steps is complete");
      }
      guard.enter();
      try {
        if (runGeneration != generation.getAsInt()) {
          throw new EmceeException(
              "EMCEE-I013",
              "another run was started on this sampler; a sampler runs one chain at a time");
        }
        Step made = step.get();
        done++;
        return made;
      } finally {
        guard.exit();
      }
    }
  }
}
