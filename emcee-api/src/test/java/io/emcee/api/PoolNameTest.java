package io.emcee.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A mistyped pool name: the error names where the name came from (the argument of {@code
 * Pools.load(name)}, the system property, the environment variable) and the name probably meant.
 * Only the built-in serial pool is on this module's class path, so "hazelcast" is a backend whose
 * jar is missing.
 */
class PoolNameTest {

  @Test
  void closestNameAllowsTwoEditsASwapOrAPrefix() {
    List<String> names = List.of("serial", "local", "hazelcast", "ignite", "mpi");
    assertEquals(Optional.of("hazelcast"), DidYouMean.closest("hazelcst", names));
    assertEquals(Optional.of("hazelcast"), DidYouMean.closest("HAZELCAST", names));
    assertEquals(Optional.of("ignite"), DidYouMean.closest("ingite", names));
    assertEquals(Optional.of("hazelcast"), DidYouMean.closest("hazel", names));
    assertEquals(Optional.of("local"), DidYouMean.closest("locla", names));
    assertEquals(Optional.empty(), DidYouMean.closest("spark", names));
    assertEquals(Optional.empty(), DidYouMean.closest("", names));
    assertEquals(1, DidYouMean.distance("ab", "ba"));
    assertEquals(3, DidYouMean.distance("kitten", "sitting"));
    assertEquals("; did you mean demo?", DidYouMean.clause("demi", List.of("demo", "export")));
    assertEquals("", DidYouMean.clause("zzz", List.of("demo", "export")));
  }

  private static String refusal(Runnable load) {
    PoolException e = assertThrows(PoolException.class, load::run);
    assertEquals("EMCEE-P001", e.getCode());
    return e.getMessage();
  }

  @Test
  void theArgumentOfLoadIsNamedAsTheSource() {
    String message = refusal(() -> Pools.load("hazelcst"));
    assertTrue(
        message.contains("no pool named 'hazelcst' (argument of Pools.load(\"hazelcst\"))"),
        message);
    assertFalse(message.contains("system property"), message);
    assertTrue(
        message.contains(
            "Did you mean hazelcast? Put its jar (pool-hazelcast) on the class path or module"
                + " path"),
        message);
  }

  @Test
  void theSystemPropertyIsNamedAsTheSource() {
    String before = System.getProperty(PoolSettings.POOL);
    System.setProperty(PoolSettings.POOL, "serail");
    try {
      String message = refusal(Pools::load);
      assertTrue(message.contains("no pool named 'serail' (system property emcee.pool)"), message);
      // serial is present: the name is suggested without asking for a jar.
      assertTrue(message.contains("Did you mean serial?"), message);
      assertFalse(message.contains("Put"), message);
    } finally {
      if (before == null) {
        System.clearProperty(PoolSettings.POOL);
      } else {
        System.setProperty(PoolSettings.POOL, before);
      }
    }
  }

  @Test
  void theEnvironmentVariableIsNamedAsTheSource() {
    String message =
        refusal(() -> Pools.load(PoolSettings.of(Map.of(), Map.of("EMCEE_POOL", "ingite"))));
    assertTrue(
        message.contains("no pool named 'ingite' (environment variable EMCEE_POOL)"), message);
    assertTrue(message.contains("Did you mean ignite? Put its jar (pool-ignite)"), message);
  }

  @Test
  void aNameCloseToNothingListsWhatIsAvailable() {
    String message =
        refusal(() -> Pools.load(PoolSettings.of(Map.of("emcee.pool", "spark"), Map.of())));
    assertTrue(message.contains("available: serial."), message);
    assertFalse(message.contains("Did you mean"), message);
    assertTrue(message.contains("Put the backend's jar (pool-spark)"), message);
  }

  @Test
  void aSettingChangedAfterTheArgumentIsAPropertyAgain() {
    PoolSettings s =
        PoolSettings.empty()
            .with(PoolSettings.POOL, "x", "argument of Pools.load(\"x\")")
            .with(PoolSettings.THREADS, "2");
    assertEquals("argument of Pools.load(\"x\")", s.sourceOf(PoolSettings.POOL));
    assertEquals(
        "system property emcee.pool", s.with(PoolSettings.POOL, "y").sourceOf("emcee.pool"));
    assertEquals("system property emcee.threads", s.sourceOf(PoolSettings.THREADS));
  }
}
