package io.emcee.api;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean": the closest of some names to a mistyped one, for the messages that refuse a name
 * (a pool, a setting, a command of the {@code emcee} tool).
 *
 * <pre>{@code String hint = DidYouMean.clause("hazelcst", List.of("hazelcast", "local")); }</pre>
 */
@Stability(Stability.Level.INTERNAL)
public final class DidYouMean {
  private DidYouMean() {}

  /**
   * The name in {@code names} closest to {@code typed} (ignoring case), if {@code names} has one
   * that starts with it or is within two edits of it.
   *
   * @param typed the name given
   * @param names the names it may have meant
   * @return the closest name, or empty when none is close
   */
  public static Optional<String> closest(String typed, Collection<String> names) {
    String t = typed.toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    return names.stream()
        .filter(n -> n.toLowerCase(Locale.ROOT).startsWith(t) || distance(t, n) <= 2)
        .min(
            Comparator.comparingInt((String n) -> distance(t, n.toLowerCase(Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder()));
  }

  /**
   * The words to append to a message refusing {@code typed}: {@code "; did you mean NAME?"}, or
   * nothing when no name is close.
   *
   * @param typed the name given
   * @param names the names it may have meant
   * @return the clause, or the empty string
   */
  public static String clause(String typed, Collection<String> names) {
    return closest(typed, names).map(n -> "; did you mean " + n + "?").orElse("");
  }

  /**
   * The number of edits (insert, delete, replace, or swap of two neighbours) from {@code a} to
   * {@code b}, case-sensitive (the Damerau-Levenshtein distance).
   *
   * @param a one name
   * @param b another
   * @return the distance, 0 for equal names
   */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
