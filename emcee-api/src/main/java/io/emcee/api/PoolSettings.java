package io.emcee.api;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The settings pools read: system properties, each also readable from the environment ({@code
 * emcee.cluster.members} ⇔ {@code EMCEE_CLUSTER_MEMBERS}). A system property wins over the
 * environment. Immutable; {@link #with(String, String)} returns a changed copy.
 *
 * <pre>
 * {@code Pool pool = Pools.load(PoolSettings.fromEnvironment().with(PoolSettings.THREADS, "4"));}
 * </pre>
 */
@Stability(Stability.Level.STABLE)
public final class PoolSettings {

  /** The backend to use by name: {@code serial}, {@code local}, {@code hazelcast}, ... */
  public static final String POOL = "emcee.pool";

  /**
   * {@code master}, {@code worker} or {@code client}, for grid backends (MPI uses the rank). A
   * client samples on a standing cluster of workers it does not belong to.
   */
  public static final String ROLE = "emcee.role";

  /** {@code host:port,host:port} of grid members to join; none means an embedded member. */
  public static final String CLUSTER_MEMBERS = "emcee.cluster.members";

  /** This process's grid port. */
  public static final String CLUSTER_PORT = "emcee.cluster.port";

  /** The grid's name, which every member must share (default {@code emcee}). */
  public static final String CLUSTER_NAME = "emcee.cluster.name";

  /** The interface a grid member binds to and announces (default {@code 127.0.0.1}). */
  public static final String CLUSTER_HOST = "emcee.cluster.host";

  /**
   * How many seconds a grid process waits for its peers (default 60): a worker for a master ({@code
   * EMCEE-P007}), a master for the members it was told about ({@code EMCEE-P009}).
   */
  public static final String CLUSTER_WAIT = "emcee.cluster.wait";

  /**
   * How many workers a grid master waits for before it samples; without it, a master waits for
   * every member listed in {@link #CLUSTER_MEMBERS}.
   */
  public static final String CLUSTER_WORKERS = "emcee.cluster.workers";

  /**
   * What a grid master does when the members it waits for are not all there after {@link
   * #CLUSTER_WAIT}: {@code warn} (go on with those present, naming who is missing; the default) or
   * {@code fail} ({@code EMCEE-P009}).
   */
  public static final String CLUSTER_MISSING = "emcee.cluster.missing";

  /** The number of threads of the local pool. */
  public static final String THREADS = "emcee.threads";

  /** Every setting of this class, by property name. */
  public static final java.util.Set<String> NAMES =
      java.util.Set.of(
          "emcee.pool",
          "emcee.role",
          "emcee.cluster.members",
          "emcee.cluster.port",
          "emcee.cluster.name",
          "emcee.cluster.host",
          "emcee.cluster.wait",
          "emcee.cluster.workers",
          "emcee.cluster.missing",
          "emcee.threads",
          "emcee.serialization.allow",
          "emcee.client.evaluate",
          "emcee.cluster.secret",
          "emcee.cluster.keyfile",
          "emcee.worker.standing");

  private static final String PROPERTY_PREFIX = "emcee.";
  private static final String ENV_PREFIX = "EMCEE_";

  /** The part a process plays in a grid or MPI job. */
  public enum Role {
    /** Drives the sampler. */
    MASTER,
    /** Serves the master's evaluations. */
    WORKER,
    /**
     * Drives the sampler on a standing cluster as a client of it: holds no data and leaves the
     * workers serving when it closes.
     */
    CLIENT
  }

  private final Map<String, String> properties;
  private final Map<String, String> environment;

  /** Where a property came from when it was not a system property (an argument, say). */
  private final Map<String, String> origins;

  private PoolSettings(Map<String, String> properties, Map<String, String> environment) {
    this(properties, environment, Map.of());
  }

  private PoolSettings(
      Map<String, String> properties,
      Map<String, String> environment,
      Map<String, String> origins) {
    this.properties = Map.copyOf(properties);
    this.environment = Map.copyOf(environment);
    this.origins = Map.copyOf(origins);
  }

  /**
   * The settings of this process: every {@code emcee.*} system property and {@code EMCEE_*}
   * environment variable, as they are now.
   *
   * @return a snapshot of the process's settings
   */
  public static PoolSettings fromEnvironment() {
    Map<String, String> props = new HashMap<>();
    System.getProperties()
        .forEach(
            (k, v) -> {
              if (k instanceof String key
                  && v instanceof String value
                  && key.startsWith(PROPERTY_PREFIX)) {
                props.put(key, value);
              }
            });
    Map<String, String> env = new HashMap<>();
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith(ENV_PREFIX)) {
                env.put(k, v);
              }
            });
    return new PoolSettings(props, env);
  }

  /**
   * Settings from explicit maps, for tests and embedding.
   *
   * @param properties system-property style keys ({@code emcee.pool})
   * @param environment environment style keys ({@code EMCEE_POOL})
   * @return the settings
   */
  public static PoolSettings of(Map<String, String> properties, Map<String, String> environment) {
    return new PoolSettings(properties, environment);
  }

  /**
   * No settings at all: every backend uses its embedded, loopback-only defaults.
   *
   * @return empty settings
   */
  public static PoolSettings empty() {
    return new PoolSettings(Map.of(), Map.of());
  }

  /**
   * A copy with one property set (it then wins over the environment).
   *
   * @param key a property name such as {@link #THREADS}
   * @param value its value
   * @return the changed copy
   */
  public PoolSettings with(String key, String value) {
    Map<String, String> props = new HashMap<>(properties);
    props.put(key, value);
    Map<String, String> from = new HashMap<>(origins);
    from.remove(key);
    return new PoolSettings(props, environment, from);
  }

  /**
   * A copy with one property set, which {@link #sourceOf} then reports as {@code origin} (such as
   * the argument of {@code Pools.load(name)}).
   */
  PoolSettings with(String key, String value, String origin) {
    PoolSettings changed = with(key, value);
    Map<String, String> from = new HashMap<>(changed.origins);
    from.put(key, origin);
    return new PoolSettings(changed.properties, environment, from);
  }

  /**
   * The environment variable that also sets a property: upper case, dots and dashes as underscores.
   *
   * @param key a property name such as {@code emcee.cluster.members}
   * @return the variable name, such as {@code EMCEE_CLUSTER_MEMBERS}
   */
  public static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * The value of a setting: the system property if set, else the environment variable.
   *
   * @param key a property name such as {@link #POOL}
   * @return the trimmed value, or null when neither is set (or both are blank)
   */
  public @Nullable String get(String key) {
    String value = properties.get(key);
    if (value == null || value.isBlank()) {
      value = environment.get(environmentName(key));
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * The value of a setting, or a default.
   *
   * @param key a property name
   * @param defaultValue returned when the setting is absent
   * @return the value or the default
   */
  public String get(String key, String defaultValue) {
    String value = get(key);
    return value == null ? defaultValue : value;
  }

  /**
   * Where a setting came from, for error messages.
   *
   * @param key a property name
   * @return {@code "system property emcee.x"}, {@code "environment variable EMCEE_X"}, {@code
   *     "default"}, or for the name given to {@code Pools.load(name)}, {@code "argument of
   *     Pools.load(\"name\")"}
   */
  public String sourceOf(String key) {
    String value = properties.get(key);
    if (value != null && !value.isBlank()) {
      return origins.getOrDefault(key, "system property " + key);
    }
    if (get(key) != null) {
      return "environment variable " + environmentName(key);
    }
    return "default";
  }

  /**
   * An integer setting.
   *
   * @param key a property name
   * @param defaultValue returned when the setting is absent
   * @param min the smallest value allowed
   * @return the value
   * @throws EmceeException (EMCEE-S001) when the value is not an integer of at least {@code min}
   */
  public int getInt(String key, int defaultValue, int min) {
    return getInt(key, defaultValue, min, Integer.MAX_VALUE);
  }

  /**
   * An integer setting within bounds.
   *
   * @param key a property name
   * @param defaultValue returned when the setting is absent
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @return the value
   * @throws EmceeException (EMCEE-S001) when the value is not an integer from {@code min} to {@code
   *     max}
   */
  public int getInt(String key, int defaultValue, int min, int max) {
    String value = get(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    String range = max == Integer.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max;
    throw new EmceeException(
        "EMCEE-S001",
        sourceOf(key)
            + " is '"
            + value
            + "' but must be an integer "
            + range
            + "; fix or unset it");
  }

  /**
   * The role of this process ({@link #ROLE}), {@link Role#MASTER} unless set.
   *
   * @return the role
   * @throws EmceeException (EMCEE-S002) for a value other than master, worker or client
   */
  public Role getRole() {
    String value = get(ROLE);
    if (value == null) {
      return Role.MASTER;
    }
    for (Role role : Role.values()) {
      if (role.name().equalsIgnoreCase(value)) {
        return role;
      }
    }
    throw new EmceeException(
        "EMCEE-S002",
        sourceOf(ROLE) + " is '" + value + "' but must be 'master', 'worker' or 'client'");
  }

  /**
   * The grid members to join ({@link #CLUSTER_MEMBERS}), empty for an embedded member.
   *
   * @return {@code host:port} entries in the order given
   */
  public List<String> getClusterMembers() {
    String value = get(CLUSTER_MEMBERS);
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * One line for each setting given whose name is not known but close to one that is (a typo such
   * as {@code EMCEE_CLUSTER_MEMBRES}), naming where it came from and the name meant. Names far from
   * every known one are left alone: other tools may use the prefix.
   *
   * @param known the property names in use ({@link #NAMES} and the backends' own)
   * @return warnings, empty when every name is known or unrelated
   */
  public List<String> misspelledNames(java.util.Collection<String> known) {
    List<String> lines = new java.util.ArrayList<>();
    java.util.Set<String> given = new java.util.TreeSet<>(properties.keySet());
    for (String env : environment.keySet()) {
      given.add(
          PROPERTY_PREFIX
              + env.substring(ENV_PREFIX.length())
                  .toLowerCase(java.util.Locale.ROOT)
                  .replace('_', '.'));
    }
    for (String name : given) {
      if (known.contains(name)) {
        continue;
      }
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (String k : known) {
        int d = DidYouMean.distance(name, k);
        if (d < bestDistance) {
          bestDistance = d;
          best = k;
        }
      }
      if (best != null && bestDistance <= Math.max(2, best.length() / 8)) {
        boolean fromEnv = !properties.containsKey(name);
        lines.add(
            "[EMCEE-S005] "
                + (fromEnv
                    ? "environment variable " + environmentName(name)
                    : "system property " + name)
                + " is not a setting and is ignored; did you mean "
                + (fromEnv ? environmentName(best) : best)
                + "?");
      }
    }
    return lines;
  }

  @Override
  public String toString() {
    return "PoolSettings" + properties + environment;
  }
}
