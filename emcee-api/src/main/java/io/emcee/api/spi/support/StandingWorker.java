package io.emcee.api.spi.support;

import io.emcee.api.EmceeException;
import io.emcee.api.Pool;
import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import io.emcee.api.Stability;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A standing worker of a grid backend: joins (or forms) a cluster with the project's jars only and
 * serves the clients that connect to it ({@code emcee.role=client}), one run after another or at
 * the same time, until it is stopped (Ctrl-C or {@code bin/emcee-cluster stop}). It prints one line
 * when it serves, one per client run, and one per refused request; a bad set-up is one line and
 * exit code 1. On loopback it creates the user's default cluster key if there is none; bound beyond
 * loopback it needs a key.
 *
 * <pre>
 * {@code java -cp <project jars> io.emcee.api.spi.support.StandingWorker hazelcast --port 5701}
 * </pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class StandingWorker {
  private StandingWorker() {}

  /**
   * Runs a worker: {@code hazelcast|ignite [--port P] [--members host:port,...] [--name N] [--host
   * H]}.
   *
   * @param args the backend and options
   */
  public static void main(String[] args) {
    try {
      run(args);
    } catch (EmceeException | IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      int end = message.indexOf('\n');
      System.err.println("emcee-worker: " + (end < 0 ? message : message.substring(0, end)));
      System.exit(1);
    }
  }

  private static void run(String[] args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      throw new IllegalArgumentException(
          "usage: emcee-worker hazelcast|ignite [--port P] [--members host:port,...] [--name N]"
              + " [--host H]");
    }
    String backend = args[0];
    PoolSettings settings = PoolSettings.fromEnvironment();
    List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
    while (!rest.isEmpty()) {
      String option = rest.remove(0);
      if (rest.isEmpty()) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      String value = rest.remove(0);
      String key =
          switch (option) {
            case "--port" -> PoolSettings.CLUSTER_PORT;
            case "--members" -> PoolSettings.CLUSTER_MEMBERS;
            case "--name" -> PoolSettings.CLUSTER_NAME;
            case "--host" -> PoolSettings.CLUSTER_HOST;
            default -> throw new IllegalArgumentException("unknown option " + option);
          };
      settings = settings.with(key, value);
    }
    String host = settings.get(PoolSettings.CLUSTER_HOST, "127.0.0.1");
    String port = settings.get(PoolSettings.CLUSTER_PORT, defaultPort(backend));
    if (settings.get(PoolSettings.CLUSTER_MEMBERS) == null) {
      settings = settings.with(PoolSettings.CLUSTER_MEMBERS, host + ":" + port);
    }
    settings =
        settings
            .with(PoolSettings.POOL, backend)
            .with(PoolSettings.ROLE, "worker")
            .with(PoolSettings.CLUSTER_PORT, port)
            .with(GridPoolProvider.STANDING, "true");
    if (settings.get(ClusterKey.SECRET) == null && ClusterKey.isLoopback(host)) {
      String file = settings.get(ClusterKey.KEY_FILE);
      ClusterKey.createIfAbsent(file == null ? ClusterKey.defaultFile() : Path.of(file));
    }
    ClusterKey.requireBeyondLoopback(ClusterKey.find(settings), host, "the " + backend + " worker");
    requireFreePort(host, Integer.parseInt(port), backend);
    Pool pool = Pools.load(settings);
    Thread stopper = new Thread(pool::close, "emcee-worker-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    int members = pool instanceof GridPool<?, ?> grid ? grid.memberCount() : 1;
    System.out.println(
        "emcee-worker: "
            + backend
            + " worker serving at "
            + host
            + ":"
            + port
            + " in cluster '"
            + settings.get(PoolSettings.CLUSTER_NAME, "emcee")
            + "' of "
            + members
            + " members");
    System.out.flush();
    pool.waitForTasks();
  }

  /** One clear line for a port already taken (another worker, most likely). */
  private static void requireFreePort(String host, int port, String backend) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "port "
              + port
              + " on "
              + host
              + " is already in use (another worker?); stop it (bin/emcee-cluster stop "
              + backend
              + ") or choose another --port");
    }
  }

  private static String defaultPort(String backend) {
    return backend.equals("ignite") ? "47500" : "5701";
  }
}
