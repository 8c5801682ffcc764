package io.emcee.api.spi.support;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Chooses how a grid master runs its next map of rows whose costs differ, from what each way cost
 * in its recent maps. What a way costs is its maps' time over the ideal, their rows' total time
 * divided among the processes: for rows timed one by one the ideal is known after each map,
 * whichever way it ran, so maps whose rows happened to cost more do not make their way look slow.
 * The way with the lowest recent ratio runs the maps, and every other way runs one map in {@value
 * #TRY_EVERY}, so that a way that became better (messages measured cheaper, rows that now differ
 * more) is found again. The ways take turns at first, until each has a few maps beyond its first,
 * which is not counted; a way's ratio is the median of its last five, which no single stretched map
 * moves ({@link RecentFigure}). No single figure decides this in advance: how much a balanced map's
 * extra messages cost depends on the library, the machine and how many processes share its cores,
 * and shares by predicted cost only pay when the prediction explains the cost.
 *
 * <p>The system property {@code emcee.mapWay} ({@code equal}, {@code cost} or {@code balanced})
 * pins one way, for measurements of what each gains; a map that cannot be balanced (its chunks
 * would not be worth their messages) then runs in shares by cost. Thread-safe; one per pool.
 */
final class MapChoice {
  /** Ways a map of rows whose costs differ can run. */
  enum Way {
    /** One share per process, of equal counts, in walker order; rows timed one by one. */
    EQUAL_SHARES,
    /** One share per process, of equal predicted cost ({@link CostOrder#shares}). */
    COST_SHARES,
    /** Chunks handed out as members answer, slowest rows first ({@link CostOrder#map}). */
    BALANCED
  }

  /** Each way that is not the best runs one map in this many. */
  static final int TRY_EVERY = 32;

  private static final Way[] WAYS = Way.values();

  private final RecentFigure[] ratio = new RecentFigure[WAYS.length];
  private final long[] ran = new long[WAYS.length];
  private final @Nullable Way pinned;
  private long maps;

  /** A choice that knows nothing yet, pinned by {@code emcee.mapWay} when that is set. */
  MapChoice() {
    this(pinned(System.getProperty("emcee.mapWay")));
  }

  /**
   * A choice that knows nothing yet.
   *
   * @param pinned the only way to run, or null to choose
   */
  MapChoice(@Nullable Way pinned) {
    this.pinned = pinned;
    for (int w = 0; w < WAYS.length; w++) {
      ratio[w] = new RecentFigure();
    }
  }

  private static @Nullable Way pinned(@Nullable String property) {
    if (property == null) {
      return null;
    }
    return switch (property.trim().toLowerCase(Locale.ROOT)) {
      case "", "auto" -> null;
      case "equal" -> Way.EQUAL_SHARES;
      case "cost" -> Way.COST_SHARES;
      case "balanced" -> Way.BALANCED;
      default ->
          throw new IllegalArgumentException(
              "emcee.mapWay is '"
                  + property
                  + "'; use equal, cost, balanced or auto (the default: chosen by measured time)");
    };
  }

  /** Forgets what the ways cost: a new function's rows may cost something else. */
  synchronized void forget() {
    for (RecentFigure r : ratio) {
      r.forget();
    }
  }

  /**
   * The way to run the next map: the ways not yet known first, in turn ({@link RecentFigure}),
   * then, in one map of every {@value #TRY_EVERY} for each, a way other than the best, else the
   * best.
   *
   * @param balances whether a balanced map could have chunks worth their messages
   * @return the way
   */
  synchronized Way next(boolean balances) {
    Way chosen = choose(balances);
    maps++;
    ran[chosen.ordinal()]++;
    ratio[chosen.ordinal()].ran();
    return chosen;
  }

  private Way choose(boolean balances) {
    int ways = balances ? WAYS.length : Way.BALANCED.ordinal();
    if (pinned != null) {
      return pinned.ordinal() < ways ? pinned : Way.COST_SHARES;
    }
    // Ways still to measure take turns: the one that ran fewest maps, measured or not (a map that
    // failed measured nothing, and must not keep its way's turn).
    int unknown = -1;
    for (int w = 0; w < ways; w++) {
      if (!ratio[w].isKnown() && (unknown < 0 || ratio[w].getRuns() < ratio[unknown].getRuns())) {
        unknown = w;
      }
    }
    if (unknown >= 0) {
      return WAYS[unknown];
    }
    int best = 0;
    for (int w = 1; w < ways; w++) {
      if (ratio[w].get() < ratio[best].get()) {
        best = w;
      }
    }
    // The others in turn, evenly spaced: with two others, one at slot 0 and one at the middle.
    int others = ways - 1;
    long slot = maps % TRY_EVERY;
    for (int k = 0; k < others; k++) {
      if (slot == (long) k * TRY_EVERY / others) {
        return WAYS[(best + 1 + k) % ways];
      }
    }
    return WAYS[best];
  }

  /**
   * Records what a map that ran {@code way} cost.
   *
   * @param way how it ran
   * @param nanos its time, from the start of the choice to the last result in place
   * @param workNanos its rows' total time as timed where they ran (0 or less: unknown, not
   *     recorded)
   * @param parts the processes it could use, the caller included
   */
  synchronized void took(Way way, long nanos, double workNanos, int parts) {
    if (workNanos <= 0 || parts < 1) {
      return;
    }
    ratio[way.ordinal()].add(nanos * (double) parts / workNanos);
  }

  /**
   * A way's recent ratio of a map's time to the ideal.
   *
   * @param way the way
   * @return the ratio, NaN until a map after the first ran that way
   */
  synchronized double ratio(Way way) {
    return ratio[way.ordinal()].get();
  }

  /**
   * How many maps ran a way.
   *
   * @param way the way
   * @return maps so far
   */
  synchronized long maps(Way way) {
    return ran[way.ordinal()];
  }
}
