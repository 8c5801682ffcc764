package io.emcee.pool.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import io.emcee.api.spi.Availability;
import io.emcee.api.spi.PoolProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Availability is decided from the launcher's environment, without touching MPI. */
class MpiPoolProviderTest {

  private static Availability under(Map<String, String> env) {
    return MpiPoolProvider.availability(env::get, true);
  }

  @Test
  void availableOnlyUnderALauncherWithMoreThanOneRank() {
    assertTrue(under(Map.of("OMPI_COMM_WORLD_SIZE", "2")).available());
    assertTrue(under(Map.of("OMPI_COMM_WORLD_SIZE", "16")).available());
    assertTrue(under(Map.of("PMI_SIZE", "3")).available());

    Availability none = under(Map.of());
    assertFalse(none.available());
    assertTrue(none.reason().startsWith("not launched under mpirun"), none.reason());

    Availability one = under(Map.of("OMPI_COMM_WORLD_SIZE", "1"));
    assertFalse(one.available());
    assertTrue(one.reason().contains("with 1 rank"), one.reason());

    assertFalse(under(Map.of("OMPI_COMM_WORLD_SIZE", "two")).available());
  }

  @Test
  void missingBindingsAreTheReasonWhateverTheLauncher() {
    Availability a = MpiPoolProvider.availability(Map.of("OMPI_COMM_WORLD_SIZE", "4")::get, false);
    assertFalse(a.available());
    assertTrue(a.reason().contains("mpi.jar"), a.reason());
  }

  @Test
  void registeredWithMpiPriorityAndSkippedOutsideMpirun() {
    PoolProvider p = new MpiPoolProvider();
    assertEquals("mpi", p.getName());
    assertEquals(PoolProvider.PRIORITY_MPI, p.getPriority());
    assertTrue(MpiPoolProvider.bindingsPresent(), "mpi.jar should be on the test class path");
    assertTrue(Pools.available().contains("mpi"), Pools.available()::toString);
    // Surefire does not run under mpirun: automatic selection passes over mpi, with the reason.
    String report = Pools.describe(PoolSettings.empty());
    assertTrue(report.contains("pool 'serial' chosen"), report);
    assertTrue(
        report.matches("(?s).*mpi\\s+priority 300\\s+skipped: not launched under mpirun.*"),
        report);
  }
}
