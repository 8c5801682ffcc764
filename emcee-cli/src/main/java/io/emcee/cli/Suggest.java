package io.emcee.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean": the closest of some names to a mistyped one. */
final class Suggest {
  private Suggest() {}

  /** The name in {@code names} closest to {@code typed}, if within two edits (or a prefix). */
  static Optional<String> closest(String typed, Collection<String> names) {
    String t = typed.toLowerCase(Locale.ROOT);
    return names.stream()
        .filter(n -> n.startsWith(t) || distance(t, n) <= 2)
        .min(Comparator.comparingInt(n -> distance(t, n)));
  }

  /** The Damerau-Levenshtein distance (adjacent swaps count once). */
  static int distance(String a, String b) {
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
