package io.emcee.core;

import io.emcee.api.EmceeException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** One run at a time per sampler: claimed by a thread for a run or a step, refused to others. */
final class RunGuard {
  private final AtomicReference<@Nullable Thread> runner = new AtomicReference<>();

  /**
   * Claims the sampler for the calling thread.
   *
   * @throws EmceeException (EMCEE-I013) while another call is running it
   */
  void enter() {
    Thread other = runner.compareAndExchange(null, Thread.currentThread());
    if (other != null) {
      throw new EmceeException(
          "EMCEE-I013",
          "another run is in progress on this sampler (thread '"
              + other.getName()
              + "'); a sampler runs one chain at a time: wait for that run to end, or give each"
              + " thread its own sampler and backend");
    }
  }

  /** Releases the claim of {@link #enter()}. */
  void exit() {
    runner.set(null);
  }
}
