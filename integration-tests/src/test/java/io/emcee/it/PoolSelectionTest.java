package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import io.emcee.pool.local.InterruptiblePool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Selection by class path, by system property and by environment variable, each in the setting
 * where it applies: the in-process class path, and child JVMs for a different environment or a
 * class path without the local backend.
 */
class PoolSelectionTest {

  /** The grid backends' jars, left out where a test is about the other backends. */
  static boolean grid(String classPathEntry) {
    // The command's jar names every backend in its manifest's Class-Path.
    return classPathEntry.contains("pool-hazelcast")
        || classPathEntry.contains("emcee-cli")
        || classPathEntry.contains("pool-ignite")
        || classPathEntry.contains("/com/hazelcast/")
        || classPathEntry.contains("/org/apache/ignite/");
  }

  @Test
  void aGridOnTheClassPathIsNotChosenWithoutACluster() {
    String report = Pools.describe(PoolSettings.empty());
    assertTrue(report.contains("pool 'local' chosen"), report);
    assertTrue(
        report.matches(
            "(?s).*\\n  hazelcast +priority 200  skipped: no cluster configured \\(set"
                + " emcee.cluster.members or emcee.role, or ask for 'hazelcast' by name.*"),
        report);
  }

  @Test
  void classPathWithAGridBackendChoosesTheGridByPriorityWhenAClusterIsConfigured() {
    String report =
        Pools.describe(PoolSettings.empty().with(PoolSettings.CLUSTER_MEMBERS, "127.0.0.1:5701"));
    assertTrue(report.contains("pool 'hazelcast' chosen"), report);
    assertTrue(
        report.matches(
            "(?s).*\\n  local +priority 100  skipped: lower priority than 'hazelcast'.*"),
        report);
    assertTrue(
        report.matches(
            "(?s).*\\n  ignite +priority 200  skipped: same priority as 'hazelcast', which comes"
                + " first by name.*"),
        report);
  }

  @Test
  void classPathWithTheLocalBackendAndNoGridChoosesLocal() throws Exception {
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(PoolSelectionTest::grid),
            Map.of(),
            List.of(),
            DescribePoolMain.class)) {
      assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.output());
      assertTrue(child.output().contains("chosen=local"), child.output());
      assertTrue(child.output().contains("lower priority than 'local'"), child.output());
    }
    try (Pool pool = Pools.load("local")) {
      assertTrue(pool instanceof InterruptiblePool, pool::toString);
    }
  }

  @Test
  void mpiOnTheClassPathIsSkippedOutsideMpirunWithTheReason() {
    MpiRun.assumeMpi();
    // pool-mpi has the highest priority, but outside mpirun it must not change the choice.
    String report = Pools.describe(PoolSettings.empty());
    assertTrue(report.contains("pool 'local' chosen"), report);
    assertTrue(
        report.matches(
            "(?s).*\\n  mpi +priority 300  skipped: not launched under mpirun \\(no"
                + " OMPI_COMM_WORLD_SIZE or PMI_SIZE in the environment\\).*"),
        report);
  }

  @Test
  void mpiUnderMpirunWithOneRankIsSkippedWithTheReason() throws Exception {
    MpiRun.assumeMpi();
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(PoolSelectionTest::grid),
            Map.of("OMPI_COMM_WORLD_SIZE", "1"),
            List.of(),
            DescribePoolMain.class)) {
      assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.output());
      assertTrue(child.output().contains("chosen=local"), child.output());
      assertTrue(
          child.output().contains("skipped: launched under mpirun with 1 rank"), child.output());
    }
  }

  @Test
  void propertyPicksByName() {
    try (Pool pool = Pools.load(PoolSettings.empty().with(PoolSettings.POOL, "serial"))) {
      assertEquals("serial", pool.getName());
    }
    try (Pool pool = Pools.load("local")) {
      assertEquals("local", pool.getName());
    }
  }

  @Test
  void unknownNameListsWhatIsAvailable() {
    PoolException e =
        assertThrows(
            PoolException.class,
            () -> Pools.load(PoolSettings.empty().with(PoolSettings.POOL, "spark")));
    assertEquals("EMCEE-P001", e.getCode());
    assertTrue(e.getMessage().contains("no pool named 'spark'"), e.getMessage());
    // Backends present (mpi, when built) come first; local and serial close the list.
    assertTrue(
        e.getMessage().matches("(?s).*available: (\\w+, )*local, serial\\..*"), e.getMessage());
  }

  @Test
  void availableListsProvidersByPriority() {
    List<String> names = Pools.available();
    assertEquals(List.of("local", "serial"), names.subList(names.size() - 2, names.size()));
  }

  @Test
  void environmentVariablePicksByName() throws Exception {
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false),
            Map.of("EMCEE_POOL", "serial"),
            List.of(),
            DescribePoolMain.class)) {
      assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.output());
      assertTrue(child.output().contains("chosen=serial"), child.output());
      assertTrue(
          child.output().contains("chosen by name (environment variable EMCEE_POOL)"),
          child.output());
    }
  }

  @Test
  void systemPropertyWinsOverEnvironment() throws Exception {
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false),
            Map.of("EMCEE_POOL", "serial"),
            List.of("-Demcee.pool=local"),
            DescribePoolMain.class)) {
      assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.output());
      assertTrue(child.output().contains("chosen=local"), child.output());
    }
  }

  @Test
  void unknownNameInEnvironmentIsAClearError() throws Exception {
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false),
            Map.of("EMCEE_POOL", "spark"),
            List.of(),
            DescribePoolMain.class)) {
      assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.output());
      assertTrue(
          child.output().contains("error=[EMCEE-P001] no pool named 'spark' (environment"),
          child.output());
    }
  }

  @Test
  void classPathWithoutBackendsFallsBackToSerial() throws Exception {
    String withoutLocal =
        ChildJvm.classPathWithout(
            s -> s.contains("pool-local") || s.contains("pool-mpi") || grid(s));
    try (ChildJvm child =
        ChildJvm.start(withoutLocal, Map.of(), List.of(), DescribePoolMain.class)) {
      assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.output());
      assertTrue(child.output().contains("chosen=serial"), child.output());
      assertTrue(!child.output().contains("local"), child.output());
    }
  }
}
