package io.emcee.api.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster settings are read and checked once, before any node starts. */
class GridPoolProviderTest {

  /** Records the settings it would start a node with. */
  private static final class Recording extends GridPoolProvider {
    private final boolean listed;
    Cluster started;

    Recording(boolean listed) {
      super("ignite", 47500);
      this.listed = listed;
    }

    @Override
    protected boolean masterMustBeListed() {
      return listed;
    }

    @Override
    protected Pool start(Cluster cluster) {
      started = cluster;
      return Pools.serial();
    }
  }

  private static PoolSettings members(String role, String members) {
    return PoolSettings.empty()
        .with(PoolSettings.ROLE, role)
        .with(PoolSettings.CLUSTER_MEMBERS, members);
  }

  @Test
  void defaultsAndSettingsReachTheBackend() {
    Recording p = new Recording(false);
    assertSame(Pools.serial(), p.create(PoolSettings.empty()));
    assertEquals("ignite", p.getName());
    assertEquals(List.of(), p.started.members());
    assertEquals(47500, p.started.port());
    assertEquals("127.0.0.1", p.started.host());
    assertEquals("emcee", p.started.clusterName());
    assertEquals(Duration.ofSeconds(60), p.started.peerWait());
    assertTrue(p.started.isMaster());
    p.create(PoolSettings.empty().with(PoolSettings.CLUSTER_WAIT, "7"));
    assertEquals(Duration.ofSeconds(7), p.started.peerWait());
  }

  @Test
  void aWorkerWithoutMembersIsRefused() {
    PoolException e =
        assertThrows(
            PoolException.class,
            () ->
                new Recording(false)
                    .create(PoolSettings.empty().with(PoolSettings.ROLE, "worker")));
    assertEquals("EMCEE-P040", e.getCode());
    assertTrue(
        e.getMessage().contains("an ignite worker needs emcee.cluster.members"), e.getMessage());
  }

  @Test
  void membersThatDoNotParseAreRefused() {
    for (String bad : List.of("abc", ":", "127.0.0.1:", ":5701", "127.0.0.1:5701,abc", "h:p")) {
      PoolException e =
          assertThrows(
              PoolException.class, () -> new Recording(false).create(members("master", bad)), bad);
      assertEquals("EMCEE-P008", e.getCode(), bad);
      assertTrue(e.getMessage().contains("is not host:port"), e.getMessage());
    }
    Recording ok = new Recording(false);
    ok.create(members("worker", "127.0.0.1:5701, example.org:5702,127.0.0.1:47500..47509"));
    assertEquals(3, ok.started.members().size());
  }

  @Test
  void aMasterMissingFromItsOwnListIsRefusedWhereTheLibraryNeedsIt() {
    PoolSettings typo =
        members("master", "127.0.0.1:47501,127.0.0.1:47502")
            .with(PoolSettings.CLUSTER_PORT, "47500");
    PoolException e = assertThrows(PoolException.class, () -> new Recording(true).create(typo));
    assertEquals("EMCEE-P008", e.getCode());
    assertTrue(
        e.getMessage().contains("does not list this master's own 127.0.0.1:47500"), e.getMessage());
    new Recording(false).create(typo); // a library that does not need it
    new Recording(true).create(typo.with(PoolSettings.CLUSTER_PORT, "47501"));
  }
}
