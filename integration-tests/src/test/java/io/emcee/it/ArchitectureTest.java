package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.emcee.api.Pools;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Checks every rule of {@link ArchitectureRules} against the production classes of all modules. */
class ArchitectureTest {
  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.emcee");
  }

  @Test
  void everyModuleIsImported() {
    for (String pkg :
        new String[] {
          "io.emcee.api",
          "io.emcee.core",
          "io.emcee.hdf5",
          "io.emcee.pool.local",
          "io.emcee.pool.hazelcast",
          "io.emcee.pool.ignite",
          "io.emcee.examples",
          "io.emcee.plots",
          "io.emcee.progress",
          "io.emcee.cli",
          "io.emcee.testkit",
          "io.emcee.kotlin"
        }) {
      assertTrue(production.containPackage(pkg), () -> pkg + " was not imported: " + production);
    }
    // pool-mpi is part of the build only where OpenMPI's Java bindings are (see the root pom).
    if (Pools.available().contains("mpi")) {
      assertTrue(production.containPackage("io.emcee.pool.mpi"), production::toString);
    }
  }

  @TestFactory
  Stream<DynamicTest> rulesHold() {
    return ArchitectureRules.ALL.stream()
        .map(
            (ArchRule rule) ->
                DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(production)));
  }
}
