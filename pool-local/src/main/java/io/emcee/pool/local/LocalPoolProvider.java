package io.emcee.pool.local;

import io.emcee.api.Pool;
import io.emcee.api.PoolSettings;
import io.emcee.api.Stability;
import io.emcee.api.spi.PoolProvider;

/**
 * Registers {@link InterruptiblePool} as the {@code local} pool; {@code emcee.threads} sets the
 * thread count (default: available processors).
 *
 * <pre>{@code Pool pool = Pools.load("local");}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class LocalPoolProvider implements PoolProvider {

  /** The name this pool is selected by. */
  public static final String NAME = "local";

  /** Cheap and side-effect free, as every provider constructor must be. */
  public LocalPoolProvider() {}

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public int getPriority() {
    return PRIORITY_LOCAL;
  }

  @Override
  public Pool create(PoolSettings settings) {
    int threads =
        settings.getInt(PoolSettings.THREADS, Runtime.getRuntime().availableProcessors(), 1);
    return new InterruptiblePool(threads);
  }
}
