package io.emcee.api.spi;

import io.emcee.api.Pool;
import io.emcee.api.PoolSettings;
import io.emcee.api.Stability;

/**
 * A pool backend, found with {@link java.util.ServiceLoader}. Each backend module {@code provides}
 * it in {@code module-info.java} and lists it in {@code META-INF/services}, so discovery works on
 * the module path and on the plain classpath.
 *
 * <p>Constructors and {@link #availability} must be cheap and free of side effects (no cluster
 * join, no {@code MPI.Init}): every provider present is constructed, only the chosen one is started
 * by {@link #create}.
 *
 * <pre>{@code public final class LocalPoolProvider implements PoolProvider { ... } }</pre>
 */
@Stability(Stability.Level.STABLE)
public interface PoolProvider {

  /** Priority of the built-in serial pool. */
  int PRIORITY_SERIAL = 0;

  /** Priority of pools on the threads of this JVM. */
  int PRIORITY_LOCAL = 100;

  /** Priority of data-grid pools (Hazelcast, Ignite). */
  int PRIORITY_GRID = 200;

  /** Priority of MPI, which only claims availability when launched with more than one rank. */
  int PRIORITY_MPI = 300;

  /**
   * The name users select this backend by ({@code emcee.pool=name}); unique among providers.
   *
   * @return a lower-case name such as {@code local}
   */
  String getName();

  /**
   * The rank among available providers when none is named: the highest wins, ties go to the
   * alphabetically first name.
   *
   * @return one of the {@code PRIORITY_*} constants, or a value between them
   */
  int getPriority();

  /**
   * Whether automatic selection may choose this provider here. Cheap, without side effects.
   *
   * @param settings the process's settings
   * @return available, or unavailable with the reason
   */
  default Availability availability(PoolSettings settings) {
    return Availability.ok();
  }

  /**
   * The names of the settings of this backend's own, beyond those of {@link PoolSettings} (such as
   * {@code emcee.local.sigint}), so that a misspelled one is reported with the right name.
   *
   * @return property names ({@code emcee.*})
   */
  default java.util.Set<String> getSettingNames() {
    return java.util.Set.of();
  }

  /**
   * Starts the pool: threads, cluster membership, {@code MPI.Init}.
   *
   * @param settings the process's settings
   * @return a started pool
   * @throws io.emcee.api.PoolException when it cannot start, saying what to fix
   */
  Pool create(PoolSettings settings);
}
