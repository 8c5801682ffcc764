package io.emcee.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.RowFunction;
import io.emcee.api.spi.Availability;
import io.emcee.api.spi.PoolProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The selection rules of docs/ARCHITECTURE.md over hand-made candidates. */
class PoolSelectorTest {

  /** A provider with a name, priority and availability, whose pools only know their name. */
  static final class Fake implements PoolProvider {
    final String name;
    final int priority;
    final Availability availability;
    final boolean failsToStart;

    Fake(String name, int priority) {
      this(name, priority, Availability.ok(), false);
    }

    Fake(String name, int priority, Availability availability, boolean failsToStart) {
      this.name = name;
      this.priority = priority;
      this.availability = availability;
      this.failsToStart = failsToStart;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public int getPriority() {
      return priority;
    }

    @Override
    public Availability availability(PoolSettings settings) {
      return availability;
    }

    @Override
    public Pool create(PoolSettings settings) {
      if (failsToStart) {
        throw new IllegalStateException("port 5701 is in use");
      }
      return new Pool() {
        @Override
        public void map(RowFunction f, double[] in, int iw, int n, double[] out, int ow) {}

        @Override
        public String getName() {
          return name;
        }

        @Override
        public void close() {}
      };
    }
  }

  private static List<Candidate> candidates(PoolProvider... providers) {
    List<Candidate> list = new ArrayList<>();
    list.add(Candidate.of(new SerialPoolProvider()));
    for (PoolProvider p : providers) {
      list.add(Candidate.of(p));
    }
    return list;
  }

  private static PoolSettings named(String name) {
    return PoolSettings.empty().with(PoolSettings.POOL, name);
  }

  @Test
  void onlyTheBuiltInSerialPoolWithoutBackends() {
    PoolSelector.Selection s = PoolSelector.select(candidates(), PoolSettings.empty());
    assertEquals("serial", s.chosen().getName());
    assertSame(SerialPool.INSTANCE, PoolSelector.start(s, PoolSettings.empty()));
  }

  @Test
  void highestPriorityAvailableWins() {
    Fake local = new Fake("local", PoolProvider.PRIORITY_LOCAL);
    Fake grid = new Fake("hazelcast", PoolProvider.PRIORITY_GRID);
    Fake mpi =
        new Fake(
            "mpi",
            PoolProvider.PRIORITY_MPI,
            Availability.unavailable("not launched under mpirun (1 rank)"),
            false);
    PoolSelector.Selection s =
        PoolSelector.select(candidates(local, mpi, grid), PoolSettings.empty());
    assertSame(grid, s.chosen());
    String report = s.report();
    assertTrue(report.contains("skipped: not launched under mpirun (1 rank)"), report);
    assertTrue(report.contains("skipped: lower priority than 'hazelcast'"), report);
  }

  @Test
  void tiesAreBrokenByNameNotByClassPathOrder() {
    Fake ignite = new Fake("ignite", PoolProvider.PRIORITY_GRID);
    Fake hazelcast = new Fake("hazelcast", PoolProvider.PRIORITY_GRID);
    assertSame(
        hazelcast,
        PoolSelector.select(candidates(ignite, hazelcast), PoolSettings.empty()).chosen());
    PoolSelector.Selection s =
        PoolSelector.select(candidates(hazelcast, ignite), PoolSettings.empty());
    assertSame(hazelcast, s.chosen());
    assertTrue(
        s.report().contains("skipped: same priority as 'hazelcast', which comes first by name"),
        s.report());
  }

  @Test
  void nameOverridesPriorityAndAvailability() {
    Fake grid = new Fake("hazelcast", PoolProvider.PRIORITY_GRID);
    Fake mpi =
        new Fake("mpi", PoolProvider.PRIORITY_MPI, Availability.unavailable("1 rank"), false);
    assertEquals(
        "serial", PoolSelector.select(candidates(grid, mpi), named("serial")).chosen().getName());
    assertSame(mpi, PoolSelector.select(candidates(grid, mpi), named("MPI")).chosen());
  }

  @Test
  void unknownNameIsAnErrorListingTheProviders() {
    PoolSelector.Selection s =
        PoolSelector.select(candidates(new Fake("local", 100)), named("spark"));
    assertNull(s.chosen());
    PoolException e =
        assertThrows(PoolException.class, () -> PoolSelector.start(s, named("spark")));
    assertEquals("EMCEE-P001", e.getCode());
    assertTrue(e.getMessage().contains("no pool named 'spark' (system property emcee.pool)"));
    assertTrue(e.getMessage().contains("available: local, serial"), e.getMessage());
    assertTrue(e.getMessage().contains("local   priority 100  not requested"), e.getMessage());
  }

  @Test
  void aMistypedNameOfAPresentBackendIsSuggested() {
    PoolSelector.Selection s =
        PoolSelector.select(
            candidates(new Fake("hazelcast", 200), new Fake("local", 100)), named("hazelcst"));
    PoolException e =
        assertThrows(PoolException.class, () -> PoolSelector.start(s, named("hazelcst")));
    assertEquals("EMCEE-P001", e.getCode());
    assertTrue(
        e.getMessage()
            .contains(
                "no pool named 'hazelcst' (system property emcee.pool); available: hazelcast,"
                    + " local, serial. Did you mean hazelcast?"),
        e.getMessage());
    assertTrue(!e.getMessage().contains("Put its jar"), e.getMessage());
  }

  @Test
  void twoProvidersWithOneNameAreAnError() {
    PoolSelector.Selection s =
        PoolSelector.select(
            candidates(new Fake("local", 100), new Fake("local", 150)), PoolSettings.empty());
    PoolException e =
        assertThrows(PoolException.class, () -> PoolSelector.start(s, PoolSettings.empty()));
    assertEquals("EMCEE-P002", e.getCode());
    assertTrue(e.getMessage().contains("two pool providers are named 'local'"), e.getMessage());
  }

  @Test
  void aProviderThatFailsToStartIsAnErrorWithTheReport() {
    Fake broken = new Fake("hazelcast", PoolProvider.PRIORITY_GRID, Availability.ok(), true);
    PoolSelector.Selection s = PoolSelector.select(candidates(broken), PoolSettings.empty());
    PoolException e =
        assertThrows(PoolException.class, () -> PoolSelector.start(s, PoolSettings.empty()));
    assertEquals("EMCEE-P003", e.getCode());
    assertTrue(
        e.getMessage()
            .contains(
                "pool 'hazelcast' failed to start: java.lang.IllegalStateException:"
                    + " port 5701 is in use"),
        e.getMessage());
    assertTrue(e.getMessage().contains("hazelcast  priority 200  chosen"), e.getMessage());
  }

  @Test
  void aBrokenProviderEntryIsReportedAndSkipped() {
    List<Candidate> list = candidates(new Fake("local", 100));
    list.add(Candidate.broken("a PoolProvider entry", "Provider com.example.Gone not found"));
    PoolSelector.Selection s = PoolSelector.select(list, PoolSettings.empty());
    assertEquals("local", s.chosen().getName());
    assertTrue(
        s.report().contains("skipped: failed to load: Provider com.example.Gone not found"),
        s.report());
    PoolSelector.Entry broken =
        s.entries().stream().filter(e -> !e.loaded()).findFirst().orElseThrow();
    assertEquals(PoolSelector.Status.FAILED_TO_LOAD, broken.status());
    assertNull(broken.name());
    assertEquals("a PoolProvider entry", broken.origin());
  }

  @Test
  void everyEntryHasAStatusOfItsOwnNotAParsedString() {
    Fake mpi = new Fake("mpi", 300, Availability.unavailable("1 rank"), false);
    PoolSelector.Selection s =
        PoolSelector.select(
            candidates(new Fake("local", 100), mpi, new Fake("hazelcast", 200)),
            PoolSettings.empty());
    Map<String, PoolSelector.Status> byName = new java.util.HashMap<>();
    s.entries().forEach(e -> byName.put(e.name(), e.status()));
    assertEquals(PoolSelector.Status.CHOSEN, byName.get("hazelcast"));
    assertEquals(PoolSelector.Status.UNAVAILABLE, byName.get("mpi"));
    assertEquals(PoolSelector.Status.OUTRANKED, byName.get("local"));
  }

  @Test
  void environmentSelectsWhenNoPropertyIsSet() {
    PoolSettings env = PoolSettings.of(Map.of(), Map.of("EMCEE_POOL", "serial"));
    PoolSelector.Selection s = PoolSelector.select(candidates(new Fake("local", 100)), env);
    assertEquals("serial", s.chosen().getName());
    assertTrue(s.summary().contains("environment variable EMCEE_POOL"), s.summary());
    PoolSettings both =
        PoolSettings.of(Map.of("emcee.pool", "local"), Map.of("EMCEE_POOL", "serial"));
    assertEquals(
        "local", PoolSelector.select(candidates(new Fake("local", 100)), both).chosen().getName());
  }
}
