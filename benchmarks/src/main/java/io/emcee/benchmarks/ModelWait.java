package io.emcee.benchmarks;

import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The scale model's wait, which lasts what it is asked for on average. Parking until a deadline
 * wakes up late (by about 0.1 ms on this kind of machine, more when its cores are busy), so a model
 * that parks "2 ms" costs 2.1 ms and no pool could reach the ideal computed from 2 ms. This wait
 * stops parking early by a lead each thread learns from how late its own calls end, so that their
 * mean lasts the nominal time. It also counts what its calls lasted, for {@link #report()}.
 *
 * <pre>{@code ModelWait.waitFor(2_000_000L);}</pre>
 */
final class ModelWait {
  /** The lead is never more than this: a quarter of the base cost. */
  private static final long MAX_LEAD_NANOS = CostShape.BASE_NANOS / 4;

  /** Each call moves the lead by this fraction of how late it ended. */
  private static final int FOLLOW = 16;

  /** Each thread's lead: threads that wake at once would overwrite a shared one. */
  private static final ThreadLocal<long[]> LEAD = ThreadLocal.withInitial(() -> new long[1]);

  /** The latest lead learnt by any thread, for {@link #report()}. */
  private static volatile long lastLead;

  private static final LongAdder CALLS = new LongAdder();
  private static final LongAdder NOMINAL = new LongAdder();
  private static final LongAdder ACTUAL = new LongAdder();

  private ModelWait() {}

  /**
   * Waits about {@code nanos} without using a core.
   *
   * @param nanos the nominal wait
   */
  static void waitFor(long nanos) {
    long start = System.nanoTime();
    long end = start + nanos;
    long[] own = LEAD.get();
    long lead = own[0];
    long stop = end - lead;
    for (long left = stop - System.nanoTime(); left > 0; left = stop - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
    long now = System.nanoTime();
    own[0] = Math.max(0, Math.min(MAX_LEAD_NANOS, lead + (now - end) / FOLLOW));
    lastLead = own[0];
    CALLS.increment();
    NOMINAL.add(nanos);
    ACTUAL.add(now - start);
  }

  /** Forgets what the calls so far lasted (not the lead). */
  static void resetCounts() {
    CALLS.reset();
    NOMINAL.reset();
    ACTUAL.reset();
  }

  /**
   * What this process's calls lasted since {@link #resetCounts()}.
   *
   * @return e.g. {@code 412 calls here, 1.002 of nominal}
   */
  static String report() {
    long calls = CALLS.sum();
    long nominal = NOMINAL.sum();
    return calls == 0
        ? "no calls here"
        : String.format(
            java.util.Locale.ROOT,
            "%d calls here, %.3f of nominal (lead %.0f us)",
            calls,
            (double) ACTUAL.sum() / nominal,
            lastLead / 1e3);
  }
}
