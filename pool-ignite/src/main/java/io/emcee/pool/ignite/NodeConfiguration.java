package io.emcee.pool.ignite;

import io.emcee.api.spi.support.GridPoolProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.SystemDataRegionConfiguration;
import org.apache.ignite.events.EventType;
import org.apache.ignite.failure.NoOpFailureHandler;
import org.apache.ignite.logger.java.JavaLogger;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;

/**
 * The configuration of this project's Ignite nodes: small data regions and thread pools, only
 * discovery and communication listening (on the configured host), a static address list, errors
 * only in the log, and the role and cluster name as node attributes.
 */
final class NodeConfiguration {
  private NodeConfiguration() {}

  /** A client's failed join is reported once, as EMCEE-P045, without Ignite's stack traces. */
  static Ignite startClient(IgniteConfiguration cfg) {
    Ignite[] started = new Ignite[1];
    RuntimeException[] failed = new RuntimeException[1];
    IgniteJvm.silently(
        () -> {
          try {
            started[0] = Ignition.start(cfg);
          } catch (RuntimeException e) {
            failed[0] = e;
          }
        });
    if (failed[0] != null) {
      throw failed[0];
    }
    return started[0];
  }

  static IgniteConfiguration of(
      GridPoolProvider.Cluster settings, String cluster, String role, Path workDirectory) {
    String host = settings.host();
    int port = settings.port();
    List<String> members = settings.members();
    IgniteConfiguration cfg = new IgniteConfiguration();
    cfg.setIgniteInstanceName("emcee-" + cluster + "-" + port + "-" + UUID.randomUUID());
    cfg.setGridLogger(new JavaLogger(IgniteJvm.LOG, false));
    cfg.setWorkDirectory(workDirectory.toString());
    cfg.setLocalHost(host);
    // Only discovery and communication listen, on the configured host: no thin-client connector
    // (port 10800) and no REST endpoint (11211).
    cfg.setClientConnectorConfiguration(null);
    cfg.setConnectorConfiguration(null);
    cfg.setPeerClassLoadingEnabled(true);
    cfg.setClientMode(settings.isClient());
    cfg.setMetricsLogFrequency(0);
    cfg.setFailureHandler(new NoOpFailureHandler());
    cfg.setFailureDetectionTimeout(5_000);
    cfg.setSystemWorkerBlockedTimeout(60_000);
    cfg.setIncludeEventTypes(EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
    cfg.setUserAttributes(
        Map.of(IgnitePool.ROLE, role, IgnitePool.CLUSTER, cluster, "emcee.discovery.port", port));
    // None of this JVM's system properties and environment variables in the node's attributes
    // (Ignite copies them all by default): every node keeps every other node's attributes, and a
    // worker also the departed clients' in its topology history (a few KB each, with the class
    // path); nor would a client's environment (its secret, say) travel to every node.
    cfg.setIncludeProperties();
    int cores = Runtime.getRuntime().availableProcessors();
    cfg.setPublicThreadPoolSize(cores);
    cfg.setSystemThreadPoolSize(2);
    cfg.setStripedPoolSize(2);
    cfg.setQueryThreadPoolSize(1);
    cfg.setServiceThreadPoolSize(1);
    cfg.setManagementThreadPoolSize(1);
    cfg.setPeerClassLoadingThreadPoolSize(2);
    cfg.setRebalanceThreadPoolSize(1);
    cfg.setDataStreamerThreadPoolSize(1);
    cfg.setUtilityCachePoolSize(1);
    cfg.setAsyncCallbackPoolSize(1);
    if (!settings.isClient()) {
      // A client holds no data and has no storage configuration, as Ignite's clients by default:
      // every server keeps a departed client's node attributes a while (its serialized storage
      // configuration among them, about 3 KB), in its discovery history and recent messages.
      DataStorageConfiguration storage = new DataStorageConfiguration();
      storage.setDefaultDataRegionConfiguration(
          new DataRegionConfiguration()
              .setName("emcee")
              .setInitialSize(16L << 20)
              .setMaxSize(32L << 20));
      storage.setSystemDataRegionConfiguration(
          new SystemDataRegionConfiguration().setInitialSize(16L << 20).setMaxSize(32L << 20));
      cfg.setDataStorageConfiguration(storage);
    }
    TcpDiscoverySpi discovery = new TcpDiscoverySpi();
    discovery.setLocalAddress(host);
    discovery.setLocalPort(port);
    discovery.setLocalPortRange(members.isEmpty() ? 10 : 0);
    TcpDiscoveryVmIpFinder finder = new TcpDiscoveryVmIpFinder();
    finder.setAddresses(
        members.isEmpty() ? List.of(host + ":" + port + ".." + (port + 9)) : members);
    discovery.setIpFinder(finder);
    if (settings.isClient()) {
      discovery.setJoinTimeout(Math.min(settings.peerWait().toMillis(), 30_000));
    }
    cfg.setDiscoverySpi(discovery);
    TcpCommunicationSpi communication = new TcpCommunicationSpi();
    communication.setLocalAddress(host);
    communication.setLocalPort(Math.max(1024, port - 400));
    communication.setLocalPortRange(100);
    // A node keeps its connection state of a departed node (about 40 KB with its unacknowledged
    // message buffer) until its next connection maintenance, which Ignite runs once per idle
    // timeout (default 10 min): a standing worker serving a client run a second would hold
    // hundreds.
    communication.setIdleConnectionTimeout(10_000);
    cfg.setCommunicationSpi(communication);
    return cfg;
  }
}
