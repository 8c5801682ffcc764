package io.emcee.pool.hazelcast;

import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.Stability;
import io.emcee.api.spi.PoolProvider;
import java.util.List;

/**
 * Registers {@link HazelcastPool} as the {@code hazelcast} pool. Settings: {@code emcee.role}
 * ({@code master} or {@code worker}), {@code emcee.cluster.members} ({@code host:port,...}; none
 * starts an embedded member alone), {@code emcee.cluster.port} (default 5701), {@code
 * emcee.cluster.host} (the interface to bind, default {@code 127.0.0.1}) and {@code
 * emcee.cluster.name} (default {@code emcee}; workers must use the master's).
 *
 * <pre>{@code Pool pool = Pools.load("hazelcast");}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class HazelcastPoolProvider implements PoolProvider {

  /** The name this pool is selected by. */
  public static final String NAME = "hazelcast";

  /** Cheap and side-effect free: the cluster is joined by {@link #create}. */
  public HazelcastPoolProvider() {}

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public int getPriority() {
    return PRIORITY_GRID;
  }

  @Override
  public Pool create(PoolSettings settings) {
    PoolSettings.Role role = settings.getRole();
    List<String> members = settings.getClusterMembers();
    if (role == PoolSettings.Role.WORKER && members.isEmpty()) {
      throw new PoolException(
          "EMCEE-P040",
          "a hazelcast worker needs "
              + PoolSettings.CLUSTER_MEMBERS
              + " ("
              + PoolSettings.environmentName(PoolSettings.CLUSTER_MEMBERS)
              + ") to find the master, e.g. 127.0.0.1:5701,127.0.0.1:5702");
    }
    return new HazelcastPool(
        role,
        members,
        settings.get(PoolSettings.CLUSTER_HOST, "127.0.0.1"),
        settings.getInt(PoolSettings.CLUSTER_PORT, 5701, 1),
        settings.get(PoolSettings.CLUSTER_NAME, "emcee"),
        io.emcee.api.spi.Shipping.allowList(settings));
  }
}
