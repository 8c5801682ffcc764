package io.emcee.pool.ignite;

import io.emcee.api.Pool;
import io.emcee.api.Stability;
import io.emcee.api.spi.support.GridPoolProvider;

/**
 * Registers {@link IgnitePool} as the {@code ignite} pool. Settings: {@code emcee.role} ({@code
 * master}, {@code worker}, or {@code client} of a standing cluster), {@code emcee.cluster.members}
 * ({@code host:port,...} discovery addresses, this node's own among them; none starts an embedded
 * node alone), {@code emcee.cluster.port} (this node's discovery port, default 47500), {@code
 * emcee.cluster.host} (default {@code 127.0.0.1}), {@code emcee.cluster.name} (default {@code
 * emcee}) and {@code emcee.cluster.wait} (seconds a worker waits for a master, default 300).
 *
 * <pre>{@code Pool pool = Pools.load("ignite");}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class IgnitePoolProvider extends GridPoolProvider {

  /** The name this pool is selected by. */
  public static final String NAME = "ignite";

  /** Cheap and side-effect free: the node starts in {@link #create}. */
  public IgnitePoolProvider() {
    super(NAME, 47500);
  }

  /** A master missing from its own discovery list would wait for itself forever. */
  @Override
  protected boolean masterMustBeListed() {
    return true;
  }

  @Override
  protected Pool start(Cluster cluster) {
    return new IgnitePool(cluster);
  }
}
