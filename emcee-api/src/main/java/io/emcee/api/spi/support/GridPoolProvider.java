package io.emcee.api.spi.support;

import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.Stability;
import io.emcee.api.spi.Availability;
import io.emcee.api.spi.PoolProvider;
import java.time.Duration;
import java.util.List;

/**
 * The common part of a grid pool's provider: its name, the grid priority, and the cluster settings
 * read and checked once ({@code emcee.role}, {@code emcee.cluster.members}, {@code .port}, {@code
 * .host}, {@code .name}, {@code .wait}) before the backend starts its node.
 *
 * <pre>{@code public final class MyPoolProvider extends GridPoolProvider { ... } }</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public abstract class GridPoolProvider implements PoolProvider {

  /** {@code true} lets a client evaluate a share of each batch itself (default false). */
  public static final String CLIENT_EVALUATE = "emcee.client.evaluate";

  /** {@code true} makes a worker serve clients until it is stopped (set by the worker command). */
  public static final String STANDING = "emcee.worker.standing";

  /**
   * The cluster settings of one process, checked.
   *
   * @param role master, worker or client
   * @param members the member list ({@code host:port}), empty for an embedded master alone
   * @param host the interface to bind
   * @param port this node's port
   * @param clusterName the cluster's name; workers use the master's
   * @param peerWait how long a worker waits for a master
   * @param settings all settings, for the backend's own
   */
  public record Cluster(
      PoolSettings.Role role,
      List<String> members,
      String host,
      int port,
      String clusterName,
      Duration peerWait,
      PoolSettings settings) {
    /**
     * Whether this process samples (a master, or a client of a standing cluster).
     *
     * @return whether the role is master or client
     */
    public boolean isMaster() {
      return role != PoolSettings.Role.WORKER;
    }

    /**
     * Whether this process samples as a client of a standing cluster it does not join as a member.
     *
     * @return whether the role is client
     */
    public boolean isClient() {
      return role == PoolSettings.Role.CLIENT;
    }

    /**
     * Whether a client evaluates a share of each batch itself ({@value #CLIENT_EVALUATE}); a master
     * always does.
     *
     * @return whether this process evaluates rows
     */
    public boolean evaluatesHere() {
      return !isClient() || Boolean.parseBoolean(settings.get(CLIENT_EVALUATE, "false"));
    }

    /**
     * Whether this worker serves clients until it is stopped ({@value #STANDING}) rather than one
     * master until it leaves.
     *
     * @return whether it is a standing worker
     */
    public boolean isStanding() {
      return role == PoolSettings.Role.WORKER
          && Boolean.parseBoolean(settings.get(STANDING, "false"));
    }
  }

  private final String name;
  private final int defaultPort;

  /**
   * A provider of the given name.
   *
   * @param name the pool's name ({@code emcee.pool=name})
   * @param defaultPort the port of {@code emcee.cluster.port} when unset
   */
  protected GridPoolProvider(String name, int defaultPort) {
    this.name = name;
    this.defaultPort = defaultPort;
  }

  @Override
  public final String getName() {
    return name;
  }

  @Override
  public int getPriority() {
    return PRIORITY_GRID;
  }

  /**
   * Available for automatic selection only when a setting says there is a cluster (members, a role,
   * or a worker count): a lone embedded member is slower than the local pool and never the default.
   * Asked for by name, the pool starts an embedded member whatever this says.
   */
  @Override
  public Availability availability(PoolSettings settings) {
    for (String key :
        new String[] {
          PoolSettings.CLUSTER_MEMBERS, PoolSettings.ROLE, PoolSettings.CLUSTER_WORKERS
        }) {
      if (settings.get(key) != null) {
        return Availability.ok();
      }
    }
    return Availability.unavailable(
        "no cluster configured (set "
            + PoolSettings.CLUSTER_MEMBERS
            + " or "
            + PoolSettings.ROLE
            + ", or ask for '"
            + name
            + "' by name for an embedded member)");
  }

  /**
   * Whether a master's member list must name its own {@code host:port} (a library that otherwise
   * waits for itself forever).
   *
   * @return false unless overridden
   */
  protected boolean masterMustBeListed() {
    return false;
  }

  /**
   * Starts the backend's node with checked settings.
   *
   * @param cluster the settings
   * @return the started pool
   */
  protected abstract Pool start(Cluster cluster);

  @Override
  public final Pool create(PoolSettings settings) {
    PoolSettings.Role role = settings.getRole();
    List<String> members = settings.getClusterMembers();
    int port = settings.getInt(PoolSettings.CLUSTER_PORT, defaultPort, 1);
    String host = settings.get(PoolSettings.CLUSTER_HOST, "127.0.0.1");
    if (role == PoolSettings.Role.CLIENT && members.isEmpty()) {
      throw new PoolException(
          "EMCEE-P044",
          (name.matches("[aeiou].*") ? "an " : "a ")
              + name
              + " client needs "
              + PoolSettings.CLUSTER_MEMBERS
              + " ("
              + PoolSettings.environmentName(PoolSettings.CLUSTER_MEMBERS)
              + ") naming the standing cluster's workers, as bin/emcee-cluster start prints it");
    }
    if (role == PoolSettings.Role.WORKER && members.isEmpty()) {
      throw new PoolException(
          "EMCEE-P040",
          (name.matches("[aeiou].*") ? "an " : "a ")
              + name
              + " worker needs "
              + PoolSettings.CLUSTER_MEMBERS
              + " ("
              + PoolSettings.environmentName(PoolSettings.CLUSTER_MEMBERS)
              + ") to find the master, e.g. 127.0.0.1:"
              + defaultPort
              + ",127.0.0.1:"
              + (defaultPort + 1));
    }
    String given = String.join(",", members);
    for (String m : members) {
      if (!m.matches("[^:\\s]+:\\d{1,5}(\\.\\.\\d{1,5})?")) {
        throw PoolErrors.badMembers(
            given, "'" + m + "' is not host:port; list every node as host:port, comma-separated");
      }
    }
    if (masterMustBeListed()
        && role == PoolSettings.Role.MASTER
        && !members.isEmpty()
        && !members.contains(host + ":" + port)) {
      throw PoolErrors.badMembers(
          given,
          "it does not list this master's own "
              + host
              + ":"
              + port
              + " ("
              + PoolSettings.CLUSTER_HOST
              + ":"
              + PoolSettings.CLUSTER_PORT
              + "); add it, or set the port to the one listed");
    }
    int workers = settings.getInt(PoolSettings.CLUSTER_WORKERS, -1, 0);
    String missing = settings.get(PoolSettings.CLUSTER_MISSING, "warn");
    if (!missing.equals("warn") && !missing.equals("fail")) {
      throw new PoolException(
          "EMCEE-S004",
          settings.sourceOf(PoolSettings.CLUSTER_MISSING)
              + " is '"
              + missing
              + "' but must be warn or fail");
    }
    Pool pool =
        start(
            new Cluster(
                role,
                members,
                host,
                port,
                settings.get(PoolSettings.CLUSTER_NAME, "emcee"),
                Duration.ofSeconds(settings.getInt(PoolSettings.CLUSTER_WAIT, 60, 1)),
                settings));
    if (role == PoolSettings.Role.MASTER && pool instanceof GridPool<?, ?> grid) {
      java.util.Set<String> listed = new java.util.LinkedHashSet<>();
      for (String m : members) {
        listed.add(m.startsWith("localhost:") ? "127.0.0.1" + m.substring(9) : m);
      }
      listed.add(host + ":" + port);
      int wanted = workers >= 0 ? workers + 1 : listed.size();
      if (wanted > 1) {
        try {
          grid.refuseASecondMaster(settings.get(PoolSettings.CLUSTER_NAME, "emcee"));
          grid.awaitStartMembers(wanted, List.copyOf(listed), missing.equals("fail"));
        } catch (RuntimeException e) {
          pool.close();
          throw e;
        }
      }
    }
    return pool;
  }
}
