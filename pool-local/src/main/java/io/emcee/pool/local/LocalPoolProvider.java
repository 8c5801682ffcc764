package io.emcee.pool.local;

import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.Stability;
import io.emcee.api.spi.PoolProvider;

/**
 * Registers {@link InterruptiblePool} as the {@code local} pool; {@code emcee.threads} sets the
 * thread count (default: available processors), {@code emcee.local.sigint=false} leaves Ctrl-C its
 * default meaning.
 *
 * <pre>{@code Pool pool = Pools.load("local");}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class LocalPoolProvider implements PoolProvider {

  /** The name this pool is selected by. */
  public static final String NAME = "local";

  /** Whether Ctrl-C stops sampling at the step boundary ({@code true}, the default) or exits. */
  public static final String SIGINT = "emcee.local.sigint";

  /**
   * The most threads {@code emcee.threads} may ask for. More than this never pays: a half-step has
   * at most half the walkers to hand out, and each thread costs a stack and a share of the cores.
   */
  public static final int MAX_THREADS = 4096;

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
  public java.util.Set<String> getSettingNames() {
    return java.util.Set.of(SIGINT);
  }

  @Override
  public Pool create(PoolSettings settings) {
    int threads =
        settings.getInt(
            PoolSettings.THREADS, Runtime.getRuntime().availableProcessors(), 1, MAX_THREADS);
    String ctrlC = settings.get(SIGINT, "true");
    if (!ctrlC.equalsIgnoreCase("true") && !ctrlC.equalsIgnoreCase("false")) {
      throw new PoolException(
          "EMCEE-S003",
          settings.sourceOf(SIGINT) + " is '" + ctrlC + "' but must be true or false");
    }
    return new InterruptiblePool(threads, Boolean.parseBoolean(ctrlC));
  }
}
