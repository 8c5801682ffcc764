package io.emcee.api.internal;

import io.emcee.api.DidYouMean;
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
 * Chooses a provider by the selection rules of {@code docs/ARCHITECTURE.md}: by name when one is
 * configured, otherwise the highest priority among the available, ties broken by name. Pure logic
 * over the candidates it is given, so it is tested without a class path.
 */
public final class PoolSelector {
  private PoolSelector() {}

  /** What selection did with one candidate. */
  public enum Status {
    /** Started, or to be started. */
    CHOSEN("chosen"),
    /** A name was configured and it is another one. */
    NOT_REQUESTED("not requested"),
    /** Its availability check said it cannot run here. */
    UNAVAILABLE("skipped"),
    /** Available, but another provider ranks higher. */
    OUTRANKED("skipped"),
    /** Two providers share its name, so none is considered. */
    DUPLICATE("not considered"),
    /** Its service entry, constructor or {@code getName()} failed. */
    FAILED_TO_LOAD("skipped: failed to load");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    /** The words the report starts this entry's status with. */
    public String label() {
      return label;
    }
  }

  /**
   * What happened to one candidate.
   *
   * @param name the provider's name, or null for one that could not be loaded or named
   * @param priority its priority (0 when unknown)
   * @param origin its class or failing service entry
   * @param status what selection did with it
   * @param reason why, in a few words (empty when the status says it all)
   */
  public record Entry(
      @Nullable String name, int priority, String origin, Status status, String reason) {

    /** The status as the report shows it, e.g. {@code skipped: lower priority than 'local'}. */
    public String describeStatus() {
      return reason.isEmpty() ? status.label() : status.label() + ": " + reason;
    }

    /** Whether the provider loaded and has a name, so it can be asked for by that name. */
    public boolean loaded() {
      return status != Status.FAILED_TO_LOAD;
    }
  }

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
      int width = entries.stream().mapToInt(e -> displayName(e).length()).max().orElse(1);
      for (Entry e : entries) {
        sb.append(System.lineSeparator())
            .append("  ")
            .append(String.format(Locale.ROOT, "%-" + width + "s", displayName(e)))
            .append(String.format(Locale.ROOT, "  priority %3d  ", e.priority()))
            .append(e.describeStatus())
            .append("  [")
            .append(e.origin())
            .append(']');
      }
      return sb.toString();
    }
  }

  private static String displayName(Entry e) {
    String name = e.name();
    return name == null ? "(unnamed)" : name;
  }

  private record Working(PoolProvider provider, String name, Availability availability) {}

  /** Chooses among {@code candidates} under {@code settings}. Never throws. */
  public static Selection select(List<Candidate> candidates, PoolSettings settings) {
    List<Entry> broken = new ArrayList<>();
    List<Working> working = new ArrayList<>();
    for (Candidate c : candidates) {
      PoolProvider p = c.provider();
      if (p == null) {
        broken.add(
            new Entry(null, 0, c.origin(), Status.FAILED_TO_LOAD, String.valueOf(c.loadError())));
        continue;
      }
      String name;
      try {
        name =
            Objects.requireNonNull(p.getName(), "getName() returned null").toLowerCase(Locale.ROOT);
      } catch (RuntimeException e) {
        broken.add(new Entry(null, 0, c.origin(), Status.FAILED_TO_LOAD, "getName() failed: " + e));
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
        List<Entry> entries = entries(working, null, Status.DUPLICATE, "duplicate name", broken);
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
            unknownName(requested, settings.sourceOf(PoolSettings.POOL), byName.keySet()),
            entries(working, null, Status.NOT_REQUESTED, "", broken),
            "EMCEE-P001");
      }
      return new Selection(
          w.provider(),
          "pool '" + w.name() + "' chosen by name (" + settings.sourceOf(PoolSettings.POOL) + ")",
          entries(working, w, Status.NOT_REQUESTED, "", broken),
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
      if (w == chosen) {
        entries.add(entry(w, Status.CHOSEN, ""));
      } else if (!w.availability().available()) {
        entries.add(entry(w, Status.UNAVAILABLE, w.availability().reason()));
      } else if (chosen != null && safePriority(w.provider()) == safePriority(chosen.provider())) {
        entries.add(
            entry(
                w,
                Status.OUTRANKED,
                "same priority as '" + chosen.name() + "', which comes first by name"));
      } else {
        entries.add(
            entry(
                w,
                Status.OUTRANKED,
                "lower priority than '" + Objects.requireNonNull(chosen).name() + "'"));
      }
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

  /** The backends this project ships, for "did you mean" when the one meant is not present. */
  private static final List<String> SHIPPED =
      List.of("serial", "local", "hazelcast", "ignite", "mpi");

  /**
   * The line refusing a name no provider has: where the name came from, the name probably meant
   * (among those present, else among the backends this project ships, then saying its jar is
   * missing) and what is available.
   */
  static String unknownName(String requested, String source, java.util.Collection<String> names) {
    String key = requested.toLowerCase(Locale.ROOT);
    String head =
        "[EMCEE-P001] no pool named '"
            + requested
            + "' ("
            + source
            + "); available: "
            + String.join(", ", names)
            + ". ";
    java.util.Optional<String> present = DidYouMean.closest(key, names);
    if (present.isPresent()) {
      return head + "Did you mean " + present.get() + "?";
    }
    java.util.Optional<String> shipped = DidYouMean.closest(key, SHIPPED);
    if (shipped.isPresent()) {
      return head
          + "Did you mean "
          + shipped.get()
          + "? Put its jar (pool-"
          + shipped.get()
          + ") on the class path or module path";
    }
    return head
        + "Put the backend's jar (pool-"
        + key
        + ") on the class path or module path, or choose one of these names";
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
      List<Working> working,
      @Nullable Working chosen,
      Status otherStatus,
      String otherReason,
      List<Entry> broken) {
    List<Entry> entries = new ArrayList<>();
    for (Working w : working) {
      entries.add(w == chosen ? entry(w, Status.CHOSEN, "") : entry(w, otherStatus, otherReason));
    }
    entries.addAll(broken);
    return entries;
  }

  private static Entry entry(Working w, Status status, String reason) {
    return new Entry(w.name(), safePriority(w.provider()), origin(w.provider()), status, reason);
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
