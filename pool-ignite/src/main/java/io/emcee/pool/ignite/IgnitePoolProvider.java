package io.emcee.pool.ignite;

import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.Stability;
import io.emcee.api.spi.PoolProvider;
import java.util.List;

/**
 * Registers {@link IgnitePool} as the {@code ignite} pool. Settings: {@code emcee.role}, {@code
 * emcee.cluster.members} ({@code host:port,...} discovery addresses; none starts an embedded node
 * alone), {@code emcee.cluster.port} (this node's discovery port, default 47500), {@code
 * emcee.cluster.host} (default {@code 127.0.0.1}) and {@code emcee.cluster.name} (default {@code
 * emcee}).
 *
 * <pre>{@code Pool pool = Pools.load("ignite");}</pre>
 */
@Stability(Stability.Level.STABLE)
public final class IgnitePoolProvider implements PoolProvider {

  /** The name this pool is selected by. */
  public static final String NAME = "ignite";

  /** Cheap and side-effect free: the node starts in {@link #create}. */
  public IgnitePoolProvider() {}

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
          "EMCEE-P050",
          "an ignite worker needs "
              + PoolSettings.CLUSTER_MEMBERS
              + " ("
              + PoolSettings.environmentName(PoolSettings.CLUSTER_MEMBERS)
              + ") to find the master, e.g. 127.0.0.1:47500,127.0.0.1:47501");
    }
    return new IgnitePool(
        role,
        members,
        settings.get(PoolSettings.CLUSTER_HOST, "127.0.0.1"),
        settings.getInt(PoolSettings.CLUSTER_PORT, 47500, 1),
        settings.get(PoolSettings.CLUSTER_NAME, "emcee"),
        settings.get(io.emcee.api.spi.Shipping.ALLOW, ""));
  }
}
