package io.emcee.cli;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The little JSON the command prints: objects of objects of numbers, {@code null} for NaN; {@link
 * #value} also writes lists, booleans, integers and strings.
 */
final class Json {
  private Json() {}

  static String write(Map<String, ? extends Object> objects) {
    StringBuilder sb = new StringBuilder("{");
    String sep = "\n  ";
    for (Map.Entry<String, ? extends Object> o : objects.entrySet()) {
      sb.append(sep).append(string(o.getKey())).append(": ").append(value(o.getValue()));
      sep = ",\n  ";
    }
    return sb.append("\n}").toString();
  }

  /** A map, list, number, boolean, string or null as JSON on one line. */
  static String value(@Nullable Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      String sep = "";
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(sep).append(string(String.valueOf(e.getKey()))).append(": ");
        sb.append(value(e.getValue()));
        sep = ", ";
      }
      return sb.append('}').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      String sep = "";
      for (Object o : l) {
        sb.append(sep).append(value(o));
        sep = ", ";
      }
      return sb.append(']').toString();
    }
    if (v instanceof Double d) {
      return number(d);
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return string(v.toString());
  }

  private static String number(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }

  private static String string(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
