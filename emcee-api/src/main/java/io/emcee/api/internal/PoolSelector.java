package io.emcee.api.internal;

import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.spi.Availability;
import io.emcee.api.spi.PoolProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Chooses a provider following DESIGN.md's selection rules: by name when one is configured,
 * otherwise the highest priority among the available, ties broken by name. Pure logic over the
 * candidates it is given, so it is tested without a class path.
 */
public final class PoolSelector {
  private PoolSelector() {}

  /**
   * What happened to one candidate.
   *
   * @param name the provider's name, or {@code ?} for one that failed to load
   * @param priority its priority (0 when unknown)
   * @param origin its class or failing service entry
   * @param status {@code chosen} or why it was not
   */
  public record Entry(String name, int priority, String origin, String status) {}

  /**
   * The outcome of a selection.
   *
   * @param chosen the provider to start, or null when selection failed
   * @param summary one line saying what was chosen and why, or what failed
   * @param entries every candidate, in priority order
   * @param errorCode the stable code of the failure, or null on success
   */
  public record Selection(
      @Nullable PoolProvider chosen,
      String summary,
      List<Entry> entries,
      @Nullable String errorCode) {

    /** The multi-line report behind {@code Pools.describe()}. */
    public String report() {
      StringBuilder sb = new StringBuilder(summary);
      int width = entries.stream().mapToInt(e -> e.name().length()).max().orElse(1);
      for (Entry e : entries) {
        sb.append(System.lineSeparator())
            .append("  ")
            .append(String.format(Locale.ROOT, "%-" + width + "s", e.name()))
            .append(String.format(Locale.ROOT, "  priority %3d  ", e.priority()))
            .append(e.status())
            .append("  [")
            .append(e.origin())
            .append(']');
      }
      return sb.toString();
    }
  }

  private record Working(PoolProvider provider, String name, Availability availability) {}

  /** Chooses among {@code candidates} under {@code settings}. Never throws. */
  public static Selection select(List<Candidate> candidates, PoolSettings settings) {
    List<Entry> broken = new ArrayList<>();
    List<Working> working = new ArrayList<>();
    for (Candidate c : candidates) {
      PoolProvider p = c.provider();
      if (p == null) {
        broken.add(new Entry("?", 0, c.origin(), "skipped: failed to load: " + c.loadError()));
        continue;
      }
      String name;
      try {
        name =
            Objects.requireNonNull(p.getName(), "getName() returned null").toLowerCase(Locale.ROOT);
      } catch (RuntimeException e) {
        broken.add(new Entry("?", 0, c.origin(), "skipped: getName() failed: " + e));
        continue;
      }
      working.add(new Working(p, name, Availability.ok())); // assessed later
    }
    working.sort(
        Comparator.comparingInt((Working w) -> -safePriority(w.provider()))
            .thenComparing(Working::name));

    Map<String, Working> byName = new LinkedHashMap<>();
    for (Working w : working) {
      Working previous = byName.putIfAbsent(w.name(), w);
      if (previous != null) {
        List<Entry> entries = entries(working, null, "not considered: duplicate name", broken);
        return new Selection(
            null,
            "[EMCEE-P002] two pool providers are named '"
                + w.name()
                + "': "
                + previous.provider().getClass().getName()
                + " and "
                + w.provider().getClass().getName()
                + "; remove one of the two jars from the class path or module path",
            entries,
            "EMCEE-P002");
      }
    }

    String requested = settings.get(PoolSettings.POOL);
    if (requested != null) {
      String key = requested.toLowerCase(Locale.ROOT);
      Working w = byName.get(key);
      if (w == null) {
        return new Selection(
            null,
            "[EMCEE-P001] no pool named '"
                + requested
                + "' ("
                + settings.sourceOf(PoolSettings.POOL)
                + "); available: "
                + String.join(", ", byName.keySet())
                + ". Put the backend's jar (pool-"
                + key
                + ") on the class path or module path, or choose one of these names",
            entries(working, null, "not requested", broken),
            "EMCEE-P001");
      }
      return new Selection(
          w.provider(),
          "pool '" + w.name() + "' chosen by name (" + settings.sourceOf(PoolSettings.POOL) + ")",
          entries(working, w, "not requested", broken),
          null);
    }

    Working chosen = null;
    List<Working> assessed = new ArrayList<>();
    for (Working w : working) {
      Availability a;
      try {
        a =
            Objects.requireNonNull(
                w.provider().availability(settings), "availability() returned null");
      } catch (RuntimeException e) {
        a = Availability.unavailable("availability check failed: " + e);
      }
      Working checked = new Working(w.provider(), w.name(), a);
      assessed.add(checked);
      if (chosen == null && a.available()) {
        chosen = checked;
      }
    }
    List<Entry> entries = new ArrayList<>();
    for (Working w : assessed) {
      String status;
      if (w == chosen) {
        status = "chosen";
      } else if (!w.availability().available()) {
        status = "skipped: " + w.availability().reason();
      } else if (chosen != null && safePriority(w.provider()) == safePriority(chosen.provider())) {
        status = "skipped: same priority as '" + chosen.name() + "', which comes first by name";
      } else {
        status = "skipped: lower priority than '" + Objects.requireNonNull(chosen).name() + "'";
      }
      entries.add(entry(w, status));
    }
    entries.addAll(broken);
    if (chosen == null) {
      // Unreachable while the serial provider is among the candidates, but kept for safety.
      return new Selection(
          null, "[EMCEE-P001] no pool provider is available", entries, "EMCEE-P001");
    }
    return new Selection(
        chosen.provider(),
        "pool '" + chosen.name() + "' chosen: highest priority among the available providers",
        entries,
        null);
  }

  /** Starts the chosen provider, or throws with the selection report. */
  public static Pool start(Selection selection, PoolSettings settings) {
    PoolProvider chosen = selection.chosen();
    if (chosen == null) {
      throw new PoolException(
          Objects.requireNonNull(selection.errorCode()),
          stripCode(selection.report()) + System.lineSeparator() + "  (see Pools.describe())");
    }
    try {
      Pool pool = chosen.create(settings);
      if (pool == null) {
        throw new IllegalStateException(chosen.getClass().getName() + ".create returned null");
      }
      return pool;
    } catch (RuntimeException | LinkageError e) {
      throw new PoolException(
          "EMCEE-P003",
          "pool '"
              + chosen.getName()
              + "' failed to start: "
              + e
              + System.lineSeparator()
              + selection.report(),
          e);
    }
  }

  private static String stripCode(String s) {
    return s.startsWith("[EMCEE-") ? s.substring(s.indexOf(']') + 2) : s;
  }

  private static List<Entry> entries(
      List<Working> working, @Nullable Working chosen, String otherStatus, List<Entry> broken) {
    List<Entry> entries = new ArrayList<>();
    for (Working w : working) {
      entries.add(entry(w, w == chosen ? "chosen" : otherStatus));
    }
    entries.addAll(broken);
    return entries;
  }

  private static Entry entry(Working w, String status) {
    return new Entry(w.name(), safePriority(w.provider()), origin(w.provider()), status);
  }

  private static String origin(PoolProvider p) {
    return p instanceof SerialPoolProvider ? "built-in" : p.getClass().getName();
  }

  private static int safePriority(PoolProvider p) {
    try {
      return p.getPriority();
    } catch (RuntimeException e) {
      return Integer.MIN_VALUE;
    }
  }
}
