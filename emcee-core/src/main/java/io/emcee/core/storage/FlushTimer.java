package io.emcee.core.storage;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A writer's flush timer: it writes steps that have waited {@code flushInterval} when the run has
 * stopped saving (a slow step, or a run that ended with the backend still open), so a reader
 * following the file sees every step within about that interval. Every open writer's timer runs on
 * one daemon thread.
 */
final class FlushTimer {
  private final ScheduledFuture<?> future;

  /** The one thread of every writer's timer, started with the first writer. */
  private static final class Executor {
    static final ScheduledExecutorService EXECUTOR =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "emcee-chain-flush-timer");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs {@code flushIfDue} every half interval (between 10 ms and 1 s) until {@link #cancel()}.
   *
   * @param interval the longest time a step should wait in memory
   * @param flushIfDue writes the buffered steps when they are due
   */
  FlushTimer(Duration interval, Runnable flushIfDue) {
    long period = Math.min(Math.max(interval.toMillis() / 2, 10), 1000);
    this.future =
        Executor.EXECUTOR.scheduleWithFixedDelay(flushIfDue, period, period, TimeUnit.MILLISECONDS);
  }

  /** Stops the timer; a check already running finishes. */
  void cancel() {
    future.cancel(false);
  }
}
