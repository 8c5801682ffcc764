package io.emcee.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaEnumConstant;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.domain.properties.HasAnnotations;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.Slice;
import io.emcee.api.Stability;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.NullMarked;

/**
 * The module map of {@code docs/ARCHITECTURE.md} as executable rules, in one place. Each rule reads
 * as a sentence and says why. {@link ArchitectureTest} checks them against the production classes;
 * {@link ArchitectureRulesCanFailTest} checks that each one rejects a class that breaks it.
 */
final class ArchitectureRules {
  private ArchitectureRules() {}

  static final ArchRule API_DEPENDS_ON_NOTHING_OF_OURS =
      classes()
          .that()
          .resideInAPackage("io.emcee.api..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("io.emcee.api..", "java..", "org.jspecify..", "")
          .because(
              "emcee-api is the small stable contract every module and user compiles against:"
                  + " it depends on the JDK and a nullness-annotations jar only");

  static final ArchRule CORE_NEVER_NAMES_A_POOL =
      noClasses()
          .that()
          .resideInAPackage("io.emcee.core..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.emcee.pool..")
          .because(
              "the sampler must not know which pool it runs on: the same sampler code runs on"
                  + " every backend");

  static final ArchRule POOLS_NEVER_DEPEND_ON_CORE =
      noClasses()
          .that()
          .resideInAPackage("io.emcee.pool..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.emcee.core..",
              "io.emcee.hdf5..",
              "io.emcee.plots..",
              "io.emcee.progress..",
              "io.emcee.examples..")
          .because("a pool only evaluates functions; it never knows the sampler or its storage");

  static final ArchRule POOLS_ARE_INDEPENDENT =
      slices()
          .matching("io.emcee.pool.(*)..")
          .should()
          .notDependOnEachOther()
          .because("each backend is a separate jar that users add or leave out on its own");

  static final ArchRule NO_CYCLES_BETWEEN_MODULES =
      slices()
          .matching("io.emcee.(*)..")
          .should()
          .beFreeOfCycles()
          .because("modules form layers: api, then core and the pools");

  static final ArchRule NO_CYCLES_BETWEEN_CORE_PACKAGES =
      slices()
          .matching("io.emcee.(**)")
          .that(
              DescribedPredicate.describe(
                  "are packages of emcee-core",
                  (Slice s) ->
                      s.getNamePart(1).equals("core") || s.getNamePart(1).startsWith("core.")))
          .should()
          .beFreeOfCycles()
          .because(
              "the sampler's packages form layers (random, model, storage, diagnostics, moves,"
                  + " then the sampler). emcee-api is left out: its fixed names (Pool in"
                  + " io.emcee.api, PoolProvider in io.emcee.api.spi) refer to each other by"
                  + " design");

  static final ArchRule INTERNALS_STAY_IN_THEIR_MODULE =
      classes()
          .that()
          .resideInAPackage("io.emcee..")
          .should(onlyUseInternalPackagesOfTheirOwnModule())
          .because(
              "'.internal' packages are not exported: another module reaching into them breaks"
                  + " on the module path and ties modules together");

  static final ArchRule EVERY_PACKAGE_IS_NULL_MARKED =
      classes()
          .that()
          .resideInAPackage("io.emcee..")
          .and()
          .resideOutsideOfPackage("io.emcee.kotlin..")
          .should(resideInANullMarkedPackage())
          .because(
              "Kotlin and nullness checkers read @NullMarked from package-info; the module-level"
                  + " annotation does not reach class-path users (emcee-kotlin is written in"
                  + " Kotlin, whose types carry their nullness themselves)");

  static final ArchRule PUBLIC_TYPES_STATE_THEIR_STABILITY =
      classes()
          .that()
          .resideInAnyPackage(
              "io.emcee.api..",
              "io.emcee.core..",
              "io.emcee.hdf5..",
              "io.emcee.plots..",
              "io.emcee.progress..",
              "io.emcee.pool..")
          .and()
          .resideOutsideOfPackage("..internal..")
          .and()
          .arePublic()
          .and()
          .areTopLevelClasses()
          .should()
          .beAnnotatedWith(Stability.class)
          .because("users must see which public types they can rely on");

  static final ArchRule STABLE_SIGNATURES_EXPOSE_ONLY_STABLE_TYPES =
      classes()
          .that()
          .resideInAPackage("io.emcee..")
          .and()
          .arePublic()
          .should(exposeNoLessStableTypeFromAStableSignature())
          .because(
              "a STABLE method, constructor or field promises its whole signature: a parameter,"
                  + " result or supertype that may change (EXPERIMENTAL) or is not ours to"
                  + " promise (INTERNAL, '.internal') would break that promise");

  /** Each third-party library and the one package of ours that may use it. */
  static final Map<String, String> LIBRARY_OWNERS =
      Map.of(
          "com.hazelcast", "io.emcee.pool.hazelcast",
          "org.apache.ignite", "io.emcee.pool.ignite",
          "mpi", "io.emcee.pool.mpi",
          "io.jhdf", "io.emcee.hdf5",
          "org.knowm.xchart", "io.emcee.plots",
          "me.tongfei.progressbar", "io.emcee.progress",
          "picocli", "io.emcee.cli",
          "kotlin", "io.emcee.kotlin",
          "kotlinx.coroutines", "io.emcee.kotlin");

  static final ArchRule LIBRARIES_STAY_IN_THEIR_MODULE =
      classes()
          .that()
          .resideInAPackage("io.emcee..")
          .should(useOnlyTheLibrariesTheirModuleOwns())
          .because(
              "a user adds a backend's or a tool's jars by adding its module: the sampler, the"
                  + " API and the other modules must run without a grid, MPI, HDF5 or chart"
                  + " library on the class path");

  static final List<ArchRule> ALL =
      List.of(
          API_DEPENDS_ON_NOTHING_OF_OURS,
          CORE_NEVER_NAMES_A_POOL,
          POOLS_NEVER_DEPEND_ON_CORE,
          POOLS_ARE_INDEPENDENT,
          NO_CYCLES_BETWEEN_MODULES,
          NO_CYCLES_BETWEEN_CORE_PACKAGES,
          INTERNALS_STAY_IN_THEIR_MODULE,
          EVERY_PACKAGE_IS_NULL_MARKED,
          PUBLIC_TYPES_STATE_THEIR_STABILITY,
          STABLE_SIGNATURES_EXPOSE_ONLY_STABLE_TYPES,
          LIBRARIES_STAY_IN_THEIR_MODULE);

  /** The module a package belongs to: {@code io.emcee.api}, {@code io.emcee.pool.local}, ... */
  static String moduleOf(String packageName) {
    String[] parts = packageName.split("\\.");
    if (parts.length < 3) {
      return packageName;
    }
    int depth = parts[2].equals("pool") && parts.length > 3 ? 4 : 3;
    return String.join(".", List.of(parts).subList(0, Math.min(depth, parts.length)));
  }

  private static ArchCondition<JavaClass> onlyUseInternalPackagesOfTheirOwnModule() {
    return new ArchCondition<>("only use '.internal' packages of their own module") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        String own = moduleOf(item.getPackageName());
        for (Dependency d : item.getDirectDependenciesFromSelf()) {
          String target = d.getTargetClass().getPackageName();
          if (target.startsWith("io.emcee.")
              && (target.contains(".internal.") || target.endsWith(".internal"))
              && !moduleOf(target).equals(own)) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }

  /**
   * The stability an element promises: its own {@link Stability} annotation, else its enclosing
   * type's; a type in an {@code .internal} package is INTERNAL. Empty when nothing says.
   */
  static Optional<Stability.Level> levelOf(JavaClass type) {
    Optional<Stability.Level> own = annotatedLevel(type);
    if (own.isPresent()) {
      return own;
    }
    if (type.getPackageName().endsWith(".internal")
        || type.getPackageName().contains(".internal.")) {
      return Optional.of(Stability.Level.INTERNAL);
    }
    return type.getEnclosingClass().flatMap(ArchitectureRules::levelOf);
  }

  private static Optional<Stability.Level> annotatedLevel(HasAnnotations<?> element) {
    return element.getAnnotations().stream()
        .filter(a -> a.getRawType().isEquivalentTo(Stability.class))
        .findFirst()
        .flatMap(a -> a.get("value"))
        .map(v -> Stability.Level.valueOf(((JavaEnumConstant) v).name()));
  }

  private static ArchCondition<JavaClass> exposeNoLessStableTypeFromAStableSignature() {
    return new ArchCondition<>("expose no EXPERIMENTAL or INTERNAL type from a STABLE signature") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        Optional<Stability.Level> typeLevel = levelOf(item);
        if (typeLevel.orElse(null) == Stability.Level.STABLE) {
          for (JavaClass supertype : item.getRawInterfaces()) {
            checkExposed(item.getName() + " implements", supertype, events, item);
          }
          item.getRawSuperclass()
              .ifPresent(sup -> checkExposed(item.getName() + " extends", sup, events, item));
        }
        for (JavaMember member : item.getMembers()) {
          // A protected member of a final class is out of every user's reach.
          boolean visible =
              member.getModifiers().contains(JavaModifier.PUBLIC)
                  || (member.getModifiers().contains(JavaModifier.PROTECTED)
                      && !item.getModifiers().contains(JavaModifier.FINAL));
          if (!visible || member.getModifiers().contains(JavaModifier.SYNTHETIC)) {
            continue;
          }
          Stability.Level level = annotatedLevel(member).or(() -> typeLevel).orElse(null);
          if (level != Stability.Level.STABLE) {
            continue;
          }
          Set<JavaClass> exposed = new LinkedHashSet<>();
          if (member instanceof JavaCodeUnit code) {
            exposed.addAll(code.getReturnType().getAllInvolvedRawTypes());
            for (JavaParameter p : code.getParameters()) {
              exposed.addAll(p.getType().getAllInvolvedRawTypes());
            }
          } else if (member instanceof JavaField field) {
            exposed.addAll(field.getType().getAllInvolvedRawTypes());
          }
          for (JavaClass type : exposed) {
            checkExposed(member.getFullName(), type, events, member);
          }
        }
      }
    };
  }

  private static void checkExposed(
      String where, JavaClass type, ConditionEvents events, Object location) {
    JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
    if (!base.getPackageName().startsWith("io.emcee.")) {
      return;
    }
    Stability.Level level = levelOf(base).orElse(null);
    if (level == Stability.Level.EXPERIMENTAL || level == Stability.Level.INTERNAL) {
      events.add(
          SimpleConditionEvent.violated(
              location,
              where
                  + " is STABLE but exposes "
                  + base.getName()
                  + ", which is "
                  + level
                  + ": annotate the member with the lower level, or make the type STABLE"));
    }
  }

  private static ArchCondition<JavaClass> useOnlyTheLibrariesTheirModuleOwns() {
    return new ArchCondition<>("use a third-party library only in the module that owns it") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        for (Dependency d : item.getDirectDependenciesFromSelf()) {
          String target = d.getTargetClass().getPackageName();
          for (Map.Entry<String, String> e : LIBRARY_OWNERS.entrySet()) {
            boolean inLibrary = target.equals(e.getKey()) || target.startsWith(e.getKey() + ".");
            String own = item.getPackageName();
            boolean owner = own.equals(e.getValue()) || own.startsWith(e.getValue() + ".");
            if (inLibrary && !owner) {
              events.add(SimpleConditionEvent.violated(d, d.getDescription()));
            }
          }
        }
      }
    };
  }

  private static ArchCondition<JavaClass> resideInANullMarkedPackage() {
    return new ArchCondition<>("reside in a package annotated @NullMarked in package-info") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        boolean marked =
            item.getPackage()
                .tryGetPackageInfo()
                .map(info -> info.isAnnotatedWith(NullMarked.class))
                .orElse(false);
        if (!marked) {
          events.add(
              SimpleConditionEvent.violated(
                  item,
                  item.getName()
                      + " is in package "
                      + item.getPackageName()
                      + ", which has no package-info.java annotated @NullMarked"));
        }
      }
    };
  }
}
