package io.emcee.api;

import io.emcee.api.internal.PoolSelector;
import io.emcee.api.internal.ProviderDiscovery;
import io.emcee.api.internal.SerialPool;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;

/**
 * Finds and starts the pool that the class path (or module path) and configuration select.
 *
 * <ol>
 *   <li>A name from {@link #load(String)}, the {@code emcee.pool} system property or the {@code
 *       EMCEE_POOL} environment variable picks that backend; an unknown name is an error listing
 *       what is available.
 *   <li>Otherwise the available provider with the highest priority wins (MPI only under {@code
 *       mpirun} with more than one rank, then grid pools, then local threads); ties go to the
 *       alphabetically first name. With no backend present this is the built-in {@code serial}
 *       pool.
 * </ol>
 *
 * <pre>{@code try (Pool pool = Pools.load()) { ... } }</pre>
 */
@Stability(Stability.Level.STABLE)
public final class Pools {
  private static final System.Logger LOG = System.getLogger(Pools.class.getName());

  private Pools() {}

  /**
   * Starts the pool this process's class path and settings select.
   *
   * @return a started pool; close it when done
   * @throws PoolException when the configured name is unknown or the chosen pool fails to start
   */
  public static Pool load() {
    return load(PoolSettings.fromEnvironment());
  }

  /**
   * Starts the pool with this name, whatever the settings say.
   *
   * @param name {@code serial}, {@code local}, {@code hazelcast}, {@code ignite} or {@code mpi}
   * @return a started pool; close it when done
   * @throws PoolException when no provider has that name ({@code EMCEE-P001}, naming this argument
   *     as the name's source) or it fails to start
   */
  public static Pool load(String name) {
    return load(
        PoolSettings.fromEnvironment()
            .with(PoolSettings.POOL, name, "argument of Pools.load(\"" + name + "\")"));
  }

  /**
   * Starts the pool that {@code settings} select.
   *
   * @param settings the settings to select and configure by
   * @return a started pool; close it when done
   * @throws PoolException when the configured name is unknown or the chosen pool fails to start
   */
  public static Pool load(PoolSettings settings) {
    List<io.emcee.api.internal.Candidate> candidates = ProviderDiscovery.discover();
    for (String line : settings.misspelledNames(knownSettings(candidates))) {
      LOG.log(Level.WARNING, line);
    }
    PoolSelector.Selection selection = PoolSelector.select(candidates, settings);
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(Level.DEBUG, selection.report());
    }
    for (PoolSelector.Entry e : selection.entries()) {
      if (e.status() == PoolSelector.Status.FAILED_TO_LOAD) {
        LOG.log(
            Level.WARNING, "[EMCEE-P004] pool provider " + e.origin() + " " + e.describeStatus());
      }
    }
    return PoolSelector.start(selection, settings);
  }

  private static java.util.Set<String> knownSettings(
      List<io.emcee.api.internal.Candidate> candidates) {
    java.util.Set<String> known = new java.util.HashSet<>(PoolSettings.NAMES);
    for (io.emcee.api.internal.Candidate c : candidates) {
      if (c.provider() != null) {
        try {
          known.addAll(c.provider().getSettingNames());
        } catch (RuntimeException e) {
          // a broken provider is reported by selection
        }
      }
    }
    return known;
  }

  /**
   * The built-in pool that evaluates on the calling thread. Closing it does nothing.
   *
   * @return the serial pool
   */
  public static Pool serial() {
    return SerialPool.INSTANCE;
  }

  /**
   * The names of the providers found, highest priority first ({@code serial} is always there).
   *
   * @return provider names
   */
  public static List<String> available() {
    return PoolSelector.select(ProviderDiscovery.discover(), PoolSettings.empty())
        .entries()
        .stream()
        .filter(PoolSelector.Entry::loaded)
        .map(e -> Objects.requireNonNull(e.name()))
        .distinct()
        .toList();
  }

  /**
   * What was found, what would be chosen under this process's settings, and why each other provider
   * was skipped: print it when the choice surprises you.
   *
   * @return a multi-line report
   */
  public static String describe() {
    return describe(PoolSettings.fromEnvironment());
  }

  /**
   * Like {@link #describe()}, under the given settings.
   *
   * @param settings the settings to select by
   * @return a multi-line report
   */
  public static String describe(PoolSettings settings) {
    return PoolSelector.select(ProviderDiscovery.discover(), settings).report();
  }
}
