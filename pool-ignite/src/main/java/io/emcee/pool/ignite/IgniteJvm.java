package io.emcee.pool.ignite;

import io.emcee.api.PoolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ignite.Ignite;
import org.jspecify.annotations.Nullable;

/**
 * What an embedded Ignite node needs from its JVM: Java 17's flags (checked, with a clear error),
 * quiet and safe system properties, and temporary files that a killed node's successor deletes.
 */
final class IgniteJvm {
  private static final System.Logger OWN_LOG = System.getLogger(IgniteJvm.class.getName());

  /** Ignite's logger, kept strongly so that its java.util.logging level (errors only) holds. */
  static final Logger LOG = Logger.getLogger("org.apache.ignite");

  /** Whether this JVM's Ignite logging level was set here (so it may also be silenced here). */
  private static volatile boolean quietedByUs;

  /** What the names of this JVM's temporary files and folders start with. */
  private static final String TEMP_PREFIX = "emcee-ignite-";

  /** The owner's process id in a temporary name. */
  private static final Pattern OWNER = Pattern.compile("-pid(\\d+)-");

  /**
   * Ignite's JVM flags for Java 17, one line, in this jar (from the build's ignite.jvm.options).
   */
  private static final String JVM_OPTIONS = "/META-INF/emcee/ignite.jvm.options";

  /** Packages Ignite needs opened on Java 17, checked before it starts. */
  private static final List<String> NEEDED_OPENS =
      List.of("java.nio", "java.util", "java.lang", "java.io", "java.lang.invoke", "sun.nio.ch");

  private IgniteJvm() {}

  /** Ignite on Java 17 fails deep inside without its flags; say which ones instead. */
  static void checkFlags() {
    Module ignite = Ignite.class.getModule();
    List<String> missing = new ArrayList<>();
    for (String pkg : NEEDED_OPENS) {
      if (!Object.class.getModule().isOpen(pkg, ignite)) {
        missing.add(pkg);
      }
    }
    if (!missing.isEmpty()) {
      String target = ignite.isNamed() ? ignite.getName() : "ALL-UNNAMED";
      throw new PoolException(
          "EMCEE-P051",
          "Apache Ignite needs access to JDK internals on Java 17, and java.base does not open "
              + missing
              + " to "
              + target
              + "; start the JVM with Ignite's flags (the README's Ignite section; in this"
              + " project's build they are the @argfile"
              + " pool-ignite/target/classes/META-INF/emcee/ignite.jvm.options):\n  "
              + flags());
    }
  }

  /** Ignite's JVM flags for Java 17, as the build wrote them into this jar. */
  static String flags() {
    try (InputStream in = IgniteJvm.class.getResourceAsStream(JVM_OPTIONS)) {
      if (in == null) {
        return "(missing from this jar: " + JVM_OPTIONS + ")";
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Errors-only logging, no update checks or banners, topology histories sized for a grid without
   * caches of its own, and Ignite's deserialization restricted to its own allow-list plus the given
   * package prefixes, unless the user set these themselves. System properties, because Ignite reads
   * them when its classes load.
   */
  static void quietAndSafeDefaults(List<String> prefixes) {
    if (LOG.getLevel() == null) {
      LOG.setLevel(Level.SEVERE);
      quietedByUs = true;
    }
    setIfAbsent("IGNITE_QUIET", "false");
    setIfAbsent("IGNITE_NO_ASCII", "true");
    setIfAbsent("IGNITE_UPDATE_NOTIFIER", "false");
    setIfAbsent("IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED", "true");
    // Each client's join and departure makes two topology versions, and a server node keeps
    // histories of them: exchanges (default 1000), discovery snapshots (500) and the discovery
    // messages a reconnecting client would need (512), each holding the topology of its version.
    // A grid with no caches of its own needs none of them long; 100 versions are 50 client runs.
    setIfAbsent("IGNITE_EXCHANGE_HISTORY_SIZE", "100");
    setIfAbsent("IGNITE_DISCOVERY_HISTORY_SIZE", "100");
    setIfAbsent("IGNITE_DISCOVERY_CLIENT_RECONNECT_HISTORY_SIZE", "100");
    if (System.getProperty("IGNITE_MARSHALLER_WHITELIST") == null) {
      Set<String> allowed = new LinkedHashSet<>(List.of("java.lang.invoke.SerializedLambda"));
      for (String p : prefixes) {
        allowed.add(p + "*");
      }
      try {
        Path list = Files.createTempFile(TEMP_PREFIX + "allow" + ownerTag(), ".txt");
        Files.write(list, allowed);
        list.toFile().deleteOnExit();
        System.setProperty("IGNITE_MARSHALLER_WHITELIST", list.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /**
   * Runs {@code stop} with Ignite silent, when its logging level is ours to choose: a node stopping
   * while the cluster still rebalances after another node left reports the interrupted exchange as
   * errors, which at shutdown are not news.
   */
  static void silently(Runnable stop) {
    Level before = LOG.getLevel();
    boolean ours = before == Level.SEVERE && quietedByUs;
    if (ours) {
      LOG.setLevel(Level.OFF);
    }
    try {
      stop.run();
    } finally {
      if (ours) {
        LOG.setLevel(before);
      }
    }
  }

  /**
   * A new work directory under {@code java.io.tmpdir}, named with this process's id; first deletes
   * those that nodes of processes no longer running left (a killed node cannot delete its own).
   */
  static Path newWorkDirectory(String name) {
    deleteStaleTemporaries();
    try {
      return Files.createTempDirectory(TEMP_PREFIX + name + ownerTag());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String ownerTag() {
    return "-pid" + ProcessHandle.current().pid() + "-";
  }

  private static void deleteStaleTemporaries() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> entries = Files.list(tmp)) {
      entries
          .filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX))
          .filter(IgniteJvm::ownerIsGone)
          .forEach(IgniteJvm::deleteTree);
    } catch (IOException | RuntimeException e) {
      OWN_LOG.log(System.Logger.Level.DEBUG, "could not list " + tmp + ": " + e);
    }
  }

  private static boolean ownerIsGone(Path p) {
    Matcher m = OWNER.matcher(p.getFileName().toString());
    return m.find() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
  }

  /** Deletes a folder and everything in it, if it exists. */
  static void deleteTree(@Nullable Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      OWN_LOG.log(System.Logger.Level.DEBUG, "could not delete " + dir + ": " + e);
    }
  }
}
