package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.api.RunInterruptedException;
import io.emcee.core.diagnostics.Autocorrelation;
import io.emcee.core.diagnostics.Convergence;
import io.emcee.core.storage.ChainBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Applies a {@link Stopping} policy to a run of one or more ensembles: at every {@code
 * checkEvery}-th step it copies the chains (on the sampling thread, between steps), computes the
 * check (on a thread of its own, or at once when not concurrent) and applies the verdict at the
 * next check point, so the step a run stops at depends on the seed only.
 */
final class StoppingRun implements AutoCloseable {
  private final Stopping stopping;
  private final List<Chain> chains;
  private final @Nullable ExecutorService checker;
  private @Nullable Future<Verdict> pending;
  private double @Nullable [][] previousTau;
  private @Nullable ConvergenceCheck last;

  /** A check and what the rule found met in it (null: not met). */
  private record Verdict(ConvergenceCheck check, @Nullable String met) {}

  StoppingRun(Stopping stopping, List<Chain> chains) {
    this.stopping = stopping;
    this.chains = List.copyOf(chains);
    this.checker =
        stopping.isConcurrent()
            ? Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "emcee-convergence-check");
                  t.setDaemon(true);
                  return t;
                })
            : null;
  }

  /**
   * Runs a single sampler's steps under the policy.
   *
   * @param chain the sampler's chain
   * @param stopping the policy
   * @param steps the run, step by step
   * @param listener called after each step
   * @return why the run ended
   */
  static StopReport drive(
      Chain chain, Stopping stopping, Iterable<Step> steps, StepListener listener) {
    try (StoppingRun run = new StoppingRun(stopping, List.of(chain))) {
      int iteration = chain.getIteration();
      for (Step step : steps) {
        iteration = step.getIteration();
        boolean goOn = listener.onStep(step);
        StopReport report = run.afterStep(iteration);
        if (report != null) {
          return report;
        }
        if (!goOn) {
          return run.end(iteration, StopReport.Reason.LISTENER);
        }
      }
      return run.end(iteration, StopReport.Reason.STEP_LIMIT);
    }
  }

  /**
   * Called when every ensemble has stored {@code iteration} steps.
   *
   * @return the report when the run must stop here, else null
   */
  @Nullable StopReport afterStep(int iteration) {
    if (iteration % stopping.getCheckEvery() != 0) {
      return null;
    }
    StopReport report = collect(iteration);
    if (report != null) {
      return report;
    }
    double[][][][] snapshot = snapshot(iteration);
    ExecutorService c = checker;
    if (c != null) {
      pending = c.submit(() -> evaluate(snapshot, iteration));
      return null;
    }
    return apply(evaluate(snapshot, iteration), iteration);
  }

  /**
   * The report of a run that ends for {@code reason} at {@code iteration}, unless a check still
   * pending met the rule.
   */
  StopReport end(int iteration, StopReport.Reason reason) {
    StopReport report = collect(iteration);
    if (report != null) {
      return report;
    }
    return new StopReport(reason, null, -1, iteration, last);
  }

  private @Nullable StopReport collect(int iteration) {
    Future<Verdict> p = pending;
    if (p == null) {
      return null;
    }
    pending = null;
    Verdict verdict;
    try {
      verdict = p.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunInterruptedException(
          "interrupted while waiting for a convergence check; the chain holds every completed"
              + " step ("
              + iteration
              + ")");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new EmceeException(
          "EMCEE-I043",
          "a convergence check failed: "
              + cause
              + "; the stopping rule threw it, so fix the rule (the chain holds every completed"
              + " step)",
          cause);
    }
    return apply(verdict, iteration);
  }

  private @Nullable StopReport apply(Verdict verdict, int iteration) {
    last = verdict.check();
    stopping.listener().accept(verdict.check());
    String met = verdict.met();
    return met == null
        ? null
        : new StopReport(
            StopReport.Reason.RULE,
            met,
            verdict.check().getIteration(),
            iteration,
            verdict.check());
  }

  /** Every series of every chain up to {@code iteration}: {@code [ensemble][dim][walker][step]}. */
  private double[][][][] snapshot(int iteration) {
    double[][][][] out = new double[chains.size()][][][];
    for (int k = 0; k < chains.size(); k++) {
      ChainBackend backend = chains.get(k).getBackend();
      int nwalkers = backend.getWalkerCount();
      int ndim = backend.getDimension();
      double[][][] series = new double[ndim][nwalkers][iteration];
      for (int d = 0; d < ndim; d++) {
        for (int w = 0; w < nwalkers; w++) {
          backend.readCoordSeries(w, d, 0, 1, iteration, series[d][w]);
        }
      }
      out[k] = series;
    }
    return out;
  }

  /** The check of a snapshot; runs on the checker thread (one check at a time, in order). */
  private Verdict evaluate(double[][][][] snapshot, int iteration) {
    int ensembles = snapshot.length;
    int ndim = snapshot[0].length;
    int nwalkers = snapshot[0][0].length;
    double[][] tau = new double[ensembles][];
    for (int k = 0; k < ensembles; k++) {
      double[][][] series = snapshot[k];
      // tol = 0: the length condition is the rule's to judge, not the estimator's to refuse.
      tau[k] =
          Autocorrelation.integratedTime(
              (w, d, dest) -> System.arraycopy(series[d][w], 0, dest, 0, iteration),
              iteration,
              nwalkers,
              ndim,
              Autocorrelation.DEFAULT_C,
              0,
              true);
    }
    double[] maxTau = new double[ndim];
    Arrays.fill(maxTau, Double.NEGATIVE_INFINITY);
    double change = previousTau == null ? Double.NaN : 0;
    double[][] previous = previousTau;
    for (int k = 0; k < ensembles; k++) {
      for (int d = 0; d < ndim; d++) {
        maxTau[d] = Math.max(maxTau[d], tau[k][d]);
        if (previous != null) {
          double c = Math.abs(previous[k][d] - tau[k][d]) / tau[k][d];
          change = Double.isNaN(c) || Double.isNaN(change) ? Double.NaN : Math.max(change, c);
        }
      }
    }
    previousTau = tau;
    int discard = (int) Math.floor(iteration * stopping.getDiscardFraction());
    int draws = iteration - discard;
    double[] rhat = new double[ndim];
    double[] ess = new double[ndim];
    Arrays.fill(rhat, Double.NaN);
    Arrays.fill(ess, Double.NaN);
    if (draws >= Convergence.MIN_DRAWS) {
      double[][] chainsOf = new double[ensembles * nwalkers][];
      double[][] average = new double[1][draws];
      for (int d = 0; d < ndim; d++) {
        Arrays.fill(average[0], 0);
        for (int k = 0; k < ensembles; k++) {
          for (int w = 0; w < nwalkers; w++) {
            double[] s = Arrays.copyOfRange(snapshot[k][d][w], discard, iteration);
            chainsOf[k * nwalkers + w] = s;
            if (ensembles == 1) {
              for (int t = 0; t < draws; t++) {
                average[0][t] += s[t] / nwalkers;
              }
            }
          }
        }
        ess[d] = Convergence.essBulk(chainsOf);
        rhat[d] = Convergence.rhat(ensembles == 1 ? average : chainsOf);
      }
    }
    ConvergenceCheck check =
        new ConvergenceCheck(
            iteration, ensembles, discard, names(chains.get(0), ndim), maxTau, change, rhat, ess);
    return new Verdict(check, stopping.getRule().test(check));
  }

  private static List<String> names(Chain chain, int ndim) {
    List<String> given = chain.getParameterNames();
    if (given.size() == ndim) {
      return given;
    }
    List<String> names = new ArrayList<>(ndim);
    for (int d = 0; d < ndim; d++) {
      names.add("x" + d);
    }
    return names;
  }

  @Override
  public void close() {
    ExecutorService c = checker;
    if (c != null) {
      c.shutdownNow();
    }
  }
}
