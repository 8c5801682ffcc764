package io.emcee.cli;

import java.util.Map;

/** The little JSON the command prints: objects of objects of numbers, {@code null} for NaN. */
final class Json {
  private Json() {}

  static String write(Map<String, Map<String, Double>> objects) {
    StringBuilder sb = new StringBuilder("{");
    String sep = "\n  ";
    for (Map.Entry<String, Map<String, Double>> o : objects.entrySet()) {
      sb.append(sep).append(string(o.getKey())).append(": {");
      String inner = "";
      for (Map.Entry<String, Double> v : o.getValue().entrySet()) {
        sb.append(inner).append(string(v.getKey())).append(": ").append(number(v.getValue()));
        inner = ", ";
      }
      sb.append('}');
      sep = ",\n  ";
    }
    return sb.append("\n}").toString();
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
