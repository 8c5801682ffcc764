package io.emcee.pool.hazelcast;

import io.emcee.api.Pool;
import io.emcee.api.Stability;
import io.emcee.api.spi.support.GridPoolProvider;

/**
 * Registers {@link HazelcastPool} as the {@code hazelcast} pool. Settings: {@code emcee.role}
 * ({@code master}, {@code worker}, or {@code client} of a standing cluster), {@code
 * emcee.cluster.members} ({@code host:port,...}; none starts an embedded member alone), {@code
 * emcee.cluster.port} (default 5701), {@code emcee.cluster.host} (the interface to bind, default
 * {@code 127.0.0.1}), {@code emcee.cluster.name} (default {@code emcee}; workers must use the
 * master's) and {@code emcee.cluster.wait} (seconds a worker waits for a master, default 300).
 *
 * <pre>{@code Pool pool = Pools.load("hazelcast");}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class HazelcastPoolProvider extends GridPoolProvider {

  /** The name this pool is selected by. */
  public static final String NAME = "hazelcast";

  /** Cheap and side-effect free: the cluster is joined by {@link #create}. */
  public HazelcastPoolProvider() {
    super(NAME, 5701);
  }

  @Override
  protected Pool start(Cluster cluster) {
    return new HazelcastPool(cluster);
  }
}
