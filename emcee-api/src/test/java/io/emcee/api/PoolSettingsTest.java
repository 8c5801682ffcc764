package io.emcee.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {

  @Test
  void environmentNameMirrorsThePropertyName() {
    assertEquals("EMCEE_CLUSTER_MEMBERS", PoolSettings.environmentName("emcee.cluster.members"));
  }

  @Test
  void propertyWinsOverEnvironmentAndBlankCountsAsUnset() {
    PoolSettings s =
        PoolSettings.of(
            Map.of("emcee.threads", "4", "emcee.role", " "),
            Map.of("EMCEE_THREADS", "2", "EMCEE_ROLE", "worker"));
    assertEquals(4, s.getInt(PoolSettings.THREADS, 1, 1));
    assertEquals(PoolSettings.Role.WORKER, s.getRole());
    assertEquals("environment variable EMCEE_ROLE", s.sourceOf(PoolSettings.ROLE));
    assertNull(s.get(PoolSettings.CLUSTER_MEMBERS));
    assertEquals(PoolSettings.Role.MASTER, PoolSettings.empty().getRole());
  }

  @Test
  void membersAreSplitAndTrimmed() {
    PoolSettings s =
        PoolSettings.empty().with(PoolSettings.CLUSTER_MEMBERS, "127.0.0.1:5701, 127.0.0.1:5702,");
    assertEquals(List.of("127.0.0.1:5701", "127.0.0.1:5702"), s.getClusterMembers());
  }

  @Test
  void badValuesNameTheSettingAndItsSource() {
    EmceeException e =
        assertThrows(
            EmceeException.class,
            () ->
                PoolSettings.of(Map.of(), Map.of("EMCEE_THREADS", "many"))
                    .getInt(PoolSettings.THREADS, 1, 1));
    assertEquals("EMCEE-S001", e.getCode());
    assertTrue(e.getMessage().contains("environment variable EMCEE_THREADS is 'many'"));
    EmceeException tooMany =
        assertThrows(
            EmceeException.class,
            () ->
                PoolSettings.empty()
                    .with(PoolSettings.THREADS, "9")
                    .getInt("emcee.threads", 1, 1, 8));
    assertTrue(
        tooMany.getMessage().contains("must be an integer from 1 to 8"), tooMany.getMessage());
    assertEquals(
        8, PoolSettings.empty().with(PoolSettings.THREADS, " 8 ").getInt("emcee.threads", 1, 1, 8));
    EmceeException role =
        assertThrows(
            EmceeException.class, () -> PoolSettings.empty().with("emcee.role", "boss").getRole());
    assertEquals("EMCEE-S002", role.getCode());
    assertTrue(role.getMessage().contains("system property emcee.role is 'boss'"));
  }

  @Test
  void aMisspelledSettingNameIsReportedWithTheNameMeant() {
    PoolSettings s =
        PoolSettings.of(
            Map.of("emcee.threds", "4", "emcee.test.java", "/usr/bin/java"),
            Map.of("EMCEE_CLUSTER_MEMBRES", "127.0.0.1:5701", "EMCEE_POOL", "local"));
    java.util.List<String> lines = s.misspelledNames(PoolSettings.NAMES);
    assertEquals(2, lines.size(), lines::toString);
    assertTrue(
        lines.contains(
            "[EMCEE-S005] environment variable EMCEE_CLUSTER_MEMBRES is not a setting and is"
                + " ignored; did you mean EMCEE_CLUSTER_MEMBERS?"),
        lines::toString);
    assertTrue(
        lines.contains(
            "[EMCEE-S005] system property emcee.threds is not a setting and is ignored; did you"
                + " mean emcee.threads?"),
        lines::toString);
  }
}
