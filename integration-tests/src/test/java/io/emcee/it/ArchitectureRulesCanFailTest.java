package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.emcee.api.archfixture.ApiUsingCore;
import io.emcee.core.archfixture.CoreNamingAPool;
import io.emcee.core.archfixture.CoreUsingHazelcast;
import io.emcee.core.archfixture.CycleA;
import io.emcee.core.archfixture.StableExposingExperimental;
import io.emcee.core.archfixture.other.CycleB;
import io.emcee.pool.local.archfixture.PoolUsingCore;
import io.emcee.pool.other.archfixture.PoolUsingAnotherPool;
import org.junit.jupiter.api.Test;

/**
 * Proves that every architecture rule can fail: each is checked against a fixture class (test
 * sources only, never part of the production import) that breaks it.
 */
class ArchitectureRulesCanFailTest {

  private static void assertRejects(ArchRule rule, Class<?>... fixtures) {
    JavaClasses classes = new ClassFileImporter().importClasses(fixtures);
    AssertionError error = assertThrows(AssertionError.class, () -> rule.check(classes));
    assertTrue(
        error.getMessage().contains("was violated"),
        () -> "unexpected failure message: " + error.getMessage());
  }

  @Test
  void apiRuleRejectsApiUsingCore() {
    assertRejects(ArchitectureRules.API_DEPENDS_ON_NOTHING_OF_OURS, ApiUsingCore.class);
  }

  @Test
  void coreRuleRejectsCoreNamingAPool() {
    assertRejects(ArchitectureRules.CORE_NEVER_NAMES_A_POOL, CoreNamingAPool.class);
  }

  @Test
  void poolRuleRejectsPoolUsingCore() {
    assertRejects(ArchitectureRules.POOLS_NEVER_DEPEND_ON_CORE, PoolUsingCore.class);
  }

  @Test
  void independenceRuleRejectsPoolUsingAnotherPool() {
    assertRejects(
        ArchitectureRules.POOLS_ARE_INDEPENDENT,
        PoolUsingAnotherPool.class,
        io.emcee.pool.local.InterruptiblePool.class);
  }

  @Test
  void cycleRuleRejectsAPackageCycle() {
    assertRejects(ArchitectureRules.NO_CYCLES_BETWEEN_CORE_PACKAGES, CycleA.class, CycleB.class);
  }

  @Test
  void moduleCycleRuleRejectsAModuleCycle() {
    // api -> core (fixture) and core -> api (Ensemble) form a cycle between modules.
    assertRejects(
        ArchitectureRules.NO_CYCLES_BETWEEN_MODULES,
        ApiUsingCore.class,
        io.emcee.core.Ensemble.class,
        io.emcee.api.Pool.class);
  }

  @Test
  void internalRuleRejectsReachingIntoAnotherModulesInternals() {
    assertRejects(ArchitectureRules.INTERNALS_STAY_IN_THEIR_MODULE, PoolUsingCore.class);
  }

  @Test
  void nullMarkedRuleRejectsAPackageWithoutPackageInfo() {
    assertRejects(ArchitectureRules.EVERY_PACKAGE_IS_NULL_MARKED, PoolUsingCore.class);
  }

  @Test
  void stableSignatureRuleRejectsAStableMethodTakingAnExperimentalType() {
    assertRejects(
        ArchitectureRules.STABLE_SIGNATURES_EXPOSE_ONLY_STABLE_TYPES,
        StableExposingExperimental.class,
        StableExposingExperimental.Draft.class);
  }

  @Test
  void stableSignatureRuleAcceptsAMemberMarkedExperimental() {
    ArchitectureRules.STABLE_SIGNATURES_EXPOSE_ONLY_STABLE_TYPES.check(
        new ClassFileImporter()
            .importClasses(
                StableExposingExperimental.Honest.class, StableExposingExperimental.Draft.class));
  }

  @Test
  void libraryRuleRejectsTheCoreUsingAGridLibrary() {
    assertRejects(ArchitectureRules.LIBRARIES_STAY_IN_THEIR_MODULE, CoreUsingHazelcast.class);
  }

  @Test
  void stabilityRuleRejectsAnUnannotatedPublicType() {
    assertRejects(ArchitectureRules.PUBLIC_TYPES_STATE_THEIR_STABILITY, PoolUsingCore.class);
  }
}
