package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.api.Pools;
import io.emcee.api.RunInterruptedException;
import io.emcee.core.model.LogProbabilityException;
import io.emcee.core.model.Model;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The run of a {@link MultiSampler}: its ensembles' samplers step together, each step of each on a
 * thread of its own with the maps shared ({@link SharedMap}), the shorter chains brought level
 * first, under an optional {@link Stopping} policy ({@link StoppingRun}).
 */
final class LockstepRun {
  private LockstepRun() {}

  /** The number of steps every sampler has stored (the fewest). */
  static int commonIteration(List<Sampler> samplers) {
    int n = Integer.MAX_VALUE;
    for (Sampler s : samplers) {
      n = Math.min(n, s.getIteration());
    }
    return n;
  }

  /**
   * Steps every ensemble until each holds {@code steps} more than the longest held at the start:
   * the ensembles take each step together, their maps shared.
   */
  static StopReport drive(
      List<Sampler> samplers,
      List<Chain> chains,
      List<Ensemble> initials,
      int steps,
      @Nullable Stopping stopping,
      StepListener listener) {
    RunStart.checkSteps(steps);
    int count = samplers.size();
    Model real = initials.get(0).getModel();
    // The serial pool gains nothing from one map instead of K (its maps cost nothing of their
    // own), so its ensembles step in turn on this thread, as a batch model's do.
    boolean shared = count > 1 && !real.isBatched() && real.getPool() != Pools.serial();
    int longest = 0;
    for (Sampler s : samplers) {
      longest = Math.max(longest, s.getIteration());
    }
    long target = (long) longest + steps;
    if (target > Integer.MAX_VALUE) {
      throw new EmceeException(
          "EMCEE-I023", "the chains would pass 2^31-1 steps, the most one backend can");
    }
    SharedMap map = shared ? new SharedMap(real.getPool(), count) : null;
    StoppingRun monitor = stopping == null ? null : new StoppingRun(stopping, chains);
    try {
      AtomicReferenceArray<Iterator<Step>> iterators = new AtomicReferenceArray<>(count);
      Step[] stepped = new Step[count];
      Runnable[] tasks = new Runnable[count];
      for (int k = 0; k < count; k++) {
        Sampler s = samplers.get(k);
        int remaining = (int) (target - s.getIteration());
        Ensemble from = initials.get(k);
        Ensemble start =
            map == null
                ? from
                : new Ensemble(
                    real.onPool(map.viewOf(k)),
                    from.coordsView(),
                    from.getWalkerCount(),
                    from.getDimension(),
                    from.logProbabilityView(),
                    from.blobsView());
        int ensemble = k;
        tasks[k] = () -> iterators.set(ensemble, s.sample(start, remaining).iterator());
      }
      round(map, tasks);
      int iteration = longest;
      while (true) {
        // The ensembles with the fewest steps take the next one: a shorter chain catches up first.
        int fewest = Integer.MAX_VALUE;
        for (int k = 0; k < count; k++) {
          if (iterators.get(k).hasNext()) {
            fewest = Math.min(fewest, samplers.get(k).getIteration());
          }
        }
        boolean any = false;
        for (int k = 0; k < count; k++) {
          Iterator<Step> it = iterators.get(k);
          int ensemble = k;
          boolean next = it.hasNext() && samplers.get(k).getIteration() == fewest;
          tasks[k] = next ? () -> stepped[ensemble] = it.next() : null;
          any |= next;
        }
        if (!any) {
          break;
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new RunInterruptedException(
              "sampling was interrupted; each ensemble holds every completed step ("
                  + commonIteration(samplers)
                  + "); continue with run(remainingSteps)");
        }
        round(map, tasks);
        int done = samplers.get(0).getIteration();
        boolean level = true;
        for (Sampler s : samplers) {
          level &= s.getIteration() == done;
        }
        if (!level || done <= iteration) {
          continue; // bringing shorter chains level first
        }
        iteration = done;
        boolean goOn = true;
        for (Step step : stepped) {
          goOn &= listener.onStep(step);
        }
        if (monitor != null) {
          StopReport report = monitor.afterStep(iteration);
          if (report != null) {
            return report;
          }
        }
        if (!goOn) {
          return monitor == null
              ? new StopReport(StopReport.Reason.LISTENER, null, -1, iteration, null)
              : monitor.end(iteration, StopReport.Reason.LISTENER);
        }
      }
      return monitor == null
          ? new StopReport(StopReport.Reason.STEP_LIMIT, null, -1, iteration, null)
          : monitor.end(iteration, StopReport.Reason.STEP_LIMIT);
    } finally {
      if (map != null) {
        map.close();
      }
      if (monitor != null) {
        monitor.close();
      }
    }
  }

  /**
   * Runs one task per ensemble (shared maps, or one after another, stopping at the first failure)
   * and throws the first failure, a log-probability's naming its ensemble.
   */
  private static void round(@Nullable SharedMap map, @Nullable Runnable[] tasks) {
    @Nullable Throwable[] failures;
    if (map == null) {
      failures = new Throwable[tasks.length];
      for (int k = 0; k < tasks.length; k++) {
        Runnable task = tasks[k];
        if (task != null) {
          try {
            task.run();
          } catch (RuntimeException | Error e) {
            failures[k] = e;
            break;
          }
        }
      }
    } else {
      failures = map.round(tasks);
    }
    Throwable first = null;
    int at = -1;
    for (int k = 0; k < failures.length && first == null; k++) {
      Throwable f = failures[k];
      if (f != null && !(f instanceof SharedMap.Aborted)) {
        first = f;
        at = k;
      }
    }
    if (first == null) {
      return;
    }
    if (first instanceof LogProbabilityException e) {
      String message = String.valueOf(e.getMessage());
      String detail = message.substring(message.indexOf(']') + 1).strip();
      throw new LogProbabilityException(
          e.getCode(), "ensemble " + at + ": " + detail, e.getWalker(), e.getCoords(), e);
    }
    if (first instanceof RuntimeException r) {
      throw r;
    }
    throw (Error) first;
  }
}
